"""Sign-up, log-in (throttled), log-out, password reset by email, settings."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.forms import LOGIN_FAILURES_PER_EMAIL
from accounts.models import User
from tests.conftest import send_outbox

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def sign_up(client, **data):
    values = {
        "name": "Ada",
        "email": "ada@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(reverse("accounts:signup"), {**values, **data})


def test_signing_up_says_to_check_the_inbox_and_logs_no_one_in(client, db):
    # The whole confirm-by-email journey: tests/accounts/test_sign_up_pages.py.
    response = sign_up(client)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert User.objects.get(email="ada@example.com").name == "Ada"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "too short"), ("12345678901", "entirely numeric"), ("password123", "too common")],
)
def test_passwords_go_through_djangos_validators(client, db, password, message):
    response = sign_up(client, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_the_two_passwords_must_match(client, db):
    assert "The two passwords differ." in sign_up(client, password2="other").content.decode()


def test_an_address_with_an_account_gets_the_same_answer(client, learner):
    response = sign_up(client, email="ADA@example.com")
    assert "already exists" not in response.content.decode()
    assert "Check your inbox" in response.content.decode()


def test_logging_in_and_out(client, learner):
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_a_wrong_password_gets_a_message(client, learner):
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": "nope"}
    )
    assert "No active account matches" in response.content.decode()


def test_log_in_is_throttled_after_repeated_failures_even_with_the_right_password(client, learner):
    for _ in range(LOGIN_FAILURES_PER_EMAIL):
        client.post(reverse("accounts:login"), {"username": "ada@example.com", "password": "guess"})
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_log_in_resets_the_count(client, learner):
    for _ in range(LOGIN_FAILURES_PER_EMAIL - 1):
        client.post(reverse("accounts:login"), {"username": "ada@example.com", "password": "guess"})
    client.post(reverse("accounts:login"), {"username": "ada@example.com", "password": PASSWORD})
    client.logout()
    client.post(reverse("accounts:login"), {"username": "ada@example.com", "password": "guess"})
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_reset_by_email(client, learner):
    User.objects.filter(pk=learner.pk).update(email_confirmed_at=None)
    response = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []  # the request only wrote the outbox row
    send_outbox()
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body
    ).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    learner.refresh_from_db()
    assert learner.check_password("a-brand-new-secret-9")
    # The link came by email: the address is confirmed, as by the sign-up link.
    assert learner.email_confirmed_at is not None


def test_settings_change_name_time_zone_and_reminders(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("accounts:settings"),
        {
            "name": "Ada L.",
            "timezone": "Europe/Paris",
            "reminder_weekday": "4",
            "reminder_hour": "18",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.name, learner.timezone, learner.reminder_weekday, learner.reminder_hour) == (
        "Ada L.",
        "Europe/Paris",
        4,
        18,
    )


def test_reminders_can_be_turned_off(client, learner):
    client.force_login(learner)
    client.post(
        reverse("accounts:settings"),
        {"name": "Ada", "timezone": "UTC", "reminder_weekday": "", "reminder_hour": "8"},
    )
    learner.refresh_from_db()
    assert learner.reminder_weekday is None and not learner.reminders_enabled


def test_an_unknown_time_zone_is_refused(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("accounts:settings"),
        {"name": "Ada", "timezone": "Mars/Olympus", "reminder_weekday": "", "reminder_hour": "8"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_settings_say_reminders_wait_for_a_confirmed_address_and_send_a_new_link(client, learner):
    User.objects.filter(pk=learner.pk).update(email_confirmed_at=None)
    client.force_login(learner)

    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Weekly reminders start once you confirm this address" in page
    uid = re.search(r'name="uidb64" value="([^"]+)"', page).group(1)
    client.post(reverse("accounts:signup-new-link"), {"uidb64": uid})
    send_outbox()
    [email] = mail.outbox
    assert email.to == ["ada@example.com"] and "/accounts/signup/confirm/" in email.body

    learner.refresh_from_db()
    learner.email_confirmed_at = learner.date_joined
    learner.save()
    assert "Weekly reminders start" not in client.get(reverse("accounts:settings")).content.decode()
