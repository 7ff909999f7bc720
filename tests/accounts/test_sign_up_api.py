"""Signing up through the API says nothing about who already has an account."""

import pytest
from django.core import mail

from accounts.models import User
from tests.conftest import send_outbox

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


def sign_up(api, email):
    return api.post("/api/v1/auth/register/", {"email": email, "password": PASSWORD, "name": "X"})


def test_a_new_and_an_existing_address_get_the_same_answer(api, learner):
    new = sign_up(api, "new@example.com")
    existing = sign_up(api, "ADA@example.com")
    assert new.status_code == existing.status_code == 201
    assert set(new.json()) == set(existing.json()) == {"email", "name"}
    assert User.objects.filter(email="new@example.com").exists()
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1


def test_the_owner_of_an_existing_address_is_emailed(api, learner):
    sign_up(api, "ada@example.com")
    send_outbox()
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "tried to sign up" in message.subject
    assert "/accounts/password/reset/" in message.body


def test_a_weak_password_is_refused_whoever_has_the_address(api, learner):
    for email in ("ada@example.com", "fresh@example.com"):
        response = api.post("/api/v1/auth/register/", {"email": email, "password": "short"})
        assert response.status_code == 400 and "password" in response.json()


def test_a_new_address_gets_the_link_that_confirms_it(api, db):
    sign_up(api, "new@example.com")
    send_outbox()
    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert "/accounts/signup/confirm/" in message.body


def test_an_account_made_through_the_api_gets_its_token_at_once(api, db):
    sign_up(api, "new@example.com")
    response = api.post("/api/v1/auth/token/", {"email": "new@example.com", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]
