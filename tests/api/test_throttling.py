"""Anonymous endpoints that cost work or try passwords are throttled."""

import pytest
from django.core.cache import cache

from config.api import AnonSensitiveThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(monkeypatch):
    monkeypatch.setattr(AnonSensitiveThrottle, "THROTTLE_RATES", {"anon_sensitive": "2/min"})
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/plans/preview/", {"role": "data-analyst", "weekly_hours": 5}),
        ("/api/v1/auth/token/", {"email": "nobody@example.com", "password": "guess"}),
        ("/api/v1/auth/register/", {"email": "x@example.com", "password": "short"}),
    ],
)
def test_the_third_anonymous_call_in_a_minute_is_refused(api, two_a_minute, path, payload):
    codes = [api.post(path, payload, format="json").status_code for _ in range(3)]
    assert 429 not in codes[:2]
    assert codes[2] == 429


def test_reading_the_curriculum_is_not_throttled(api, two_a_minute):
    assert all(api.get("/api/v1/roles/").status_code == 200 for _ in range(5))
