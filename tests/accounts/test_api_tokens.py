"""API tokens stop working when trust in them ends: password change or reset, deactivation,
log-out through the API, and revocation on the settings page."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import send_outbox

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "another-long-passphrase-42"


@pytest.fixture
def token(learner):
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": learner.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def answers(token: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_a_token_answers_until_the_password_is_changed(client, learner, token):
    assert answers(token) == 200
    client.force_login(learner)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert answers(token) == 401


def test_a_completed_password_reset_revokes_the_token(client, learner, token):
    client.post(reverse("accounts:password_reset"), {"email": learner.email})
    send_outbox()
    link = re.search(
        r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body
    ).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert answers(token) == 401


def test_deactivating_the_account_revokes_the_token(learner, token):
    learner.is_active = False
    learner.save()
    assert not Token.objects.filter(user=learner).exists()


def test_logging_in_again_with_an_old_hash_keeps_the_token(learner, token):
    # A hash upgrade at log-in is not a password change.
    learner.check_password(PASSWORD)
    learner.save()
    assert answers(token) == 200


def test_logging_out_through_the_api_revokes_the_callers_token(learner, token):
    client = APIClient()
    response = client.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 204
    assert answers(token) == 401
    again = APIClient().post(
        "/api/v1/auth/token/", {"email": learner.email, "password": PASSWORD}, format="json"
    )
    assert again.json()["token"] != token


def test_logging_out_needs_credentials(api):
    assert api.post("/api/v1/auth/logout/").status_code == 401


def test_the_settings_page_lists_the_token_and_revokes_it(client, learner, token):
    client.force_login(learner)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert f"…{token[-4:]}" in page
    assert client.post(reverse("accounts:tokens-revoke")).status_code == 302
    assert answers(token) == 401
    assert "No API token" in client.get(reverse("accounts:settings")).content.decode()
