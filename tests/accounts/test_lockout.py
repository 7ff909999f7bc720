"""Guessing passwords gets nowhere: the API's token endpoint, the log-in page and the admin's
log-in all lock an account (and a client) out after repeated failures, right password or not."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts import lockout
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def token(api, password, **extra):
    return api.post(
        "/api/v1/auth/token/", {"email": "ada@example.com", "password": password}, **extra
    )


def test_the_token_endpoint_locks_an_account_out(api, learner):
    codes = [token(api, f"guess-{n}").status_code for n in range(lockout.FAILURES_PER_ACCOUNT)]
    assert set(codes) == {400}
    refused = token(api, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed log-ins" in refused.json()["detail"]


def test_the_lockout_is_per_account_whatever_address_the_guesses_come_from(api, learner):
    for n in range(lockout.FAILURES_PER_ACCOUNT):
        token(api, "guess", REMOTE_ADDR=f"192.0.2.{n}")
    assert token(api, PASSWORD, REMOTE_ADDR="192.0.2.200").status_code == 429


def test_one_client_guessing_many_accounts_is_locked_out(api, learner):
    for n in range(lockout.FAILURES_PER_CLIENT):
        api.post("/api/v1/auth/token/", {"email": f"u{n}@example.com", "password": "guess"})
    assert token(api, PASSWORD).status_code == 429


def test_a_success_before_the_limit_clears_the_accounts_count(api, learner):
    for _ in range(lockout.FAILURES_PER_ACCOUNT - 1):
        token(api, "guess")
    assert token(api, PASSWORD).status_code == 200
    token(api, "guess")
    assert token(api, PASSWORD).status_code == 200


def test_the_admin_log_in_locks_an_account_out(client, db):
    UserFactory(email="boss@example.com", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(lockout.FAILURES_PER_ACCOUNT):
        client.post(url, {"username": "boss@example.com", "password": "guess"})
    response = client.post(url, {"username": "boss@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_log_in_page_and_the_api_share_one_count(client, api, learner):
    for _ in range(lockout.FAILURES_PER_ACCOUNT):
        client.post(reverse("accounts:login"), {"username": "ada@example.com", "password": "guess"})
    assert token(api, PASSWORD).status_code == 429
