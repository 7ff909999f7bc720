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


def test_a_new_x_forwarded_for_per_request_does_not_reset_the_count(api, two_a_minute):
    codes = [
        api.post(
            "/api/v1/plans/preview/",
            {"role": "data-analyst", "weekly_hours": 5},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]
    assert codes[2:] == [429, 429]


def test_behind_a_trusted_proxy_the_client_is_who_the_proxy_saw(api, two_a_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def preview(forwarded):
        return api.post(
            "/api/v1/plans/preview/",
            {"role": "data-analyst", "weekly_hours": 5},
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    # The client forges the left part; our proxy appends the address it saw.
    codes = [preview(f"198.51.100.{n}, 203.0.113.7") for n in range(3)]
    assert codes[2] == 429
    assert preview("203.0.113.8") != 429  # another client behind the same proxy
