"""Signing up on the site: the same answer for every address, then a link by email that logs
the new learner in once and carries where they were going."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.services import SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY
from accounts.signup import sign_up_tokens
from accounts.throttles import SIGN_UPS_PER_CLIENT_PER_HOUR
from outbox.models import Email
from tests.conftest import send_outbox

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^/\s]+/[^/\s]+/(?:\?\S*)?)")
CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def sign_up(client, **data):
    values = {"name": "Lin", "email": "lin@example.com", "password1": PASSWORD}
    values.update(data)
    values.setdefault("password2", values["password1"])
    return client.post(reverse("accounts:signup"), values)


def emails_to(address):
    send_outbox()
    return [m for m in mail.outbox if m.to == [address]]


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def link_for(user, *, issued_seconds_ago=0) -> str:
    timestamp = sign_up_tokens._num_seconds(sign_up_tokens._now()) - issued_seconds_ago
    token = sign_up_tokens._make_token_with_timestamp(user, timestamp, sign_up_tokens.secret)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:signup-confirm", args=[uid, token])


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def pages(response) -> list[str]:
    """The templates the page was rendered from (not those of the email it queued)."""
    return [t.name for t in response.templates if "/email/" not in t.name]


def normalised(response, address) -> str:
    """The page with the address and the per-response CSRF token blanked out."""
    return CSRF.sub(r"\1…", response.content.decode().replace(address, "ADDRESS"))


# The same answer for everyone.


def test_a_new_and_an_existing_address_get_the_same_page(learner):
    new = sign_up(Client(), email="lin@example.com")
    existing = sign_up(Client(), email="ADA@example.com")
    assert new.status_code == existing.status_code == 200
    assert pages(new) == pages(existing) == ["accounts/signup_sent.html", "base.html"]
    assert normalised(new, "lin@example.com") == normalised(existing, "ada@example.com")
    assert "Check your inbox" in new.content.decode()
    assert "We sent a link to <strong>lin@example.com</strong>" in new.content.decode()
    assert sorted(new.cookies) == sorted(existing.cookies)


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_both_answers_hash_the_password_once(learner, settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    counts = []
    for email in ("lin@example.com", "ada@example.com"):
        CountingHasher.calls = 0
        sign_up(Client(), email=email)
        counts.append(CountingHasher.calls)
    assert counts == [1, 1]


def test_neither_answer_logs_anyone_in(learner, client):
    sign_up(client, email="lin@example.com")
    assert not logged_in_as(client)
    sign_up(client, email="ada@example.com")
    assert not logged_in_as(client)


def test_a_new_address_gets_an_account_and_a_link(client, db):
    sign_up(client)
    user = User.objects.get(email="lin@example.com")
    assert user.is_active and user.email_confirmed_at is None and user.name == "Lin"
    [message] = emails_to("lin@example.com")
    assert message.subject == "Finish signing up to Waymark"
    assert link_in(message)


def test_the_owner_of_an_existing_address_is_told_and_no_account_is_made(client, learner):
    learner.email_confirmed_at = timezone.now()
    learner.save()
    sign_up(client, email="Ada@Example.com", password1="another-long-passphrase")
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1
    learner.refresh_from_db()
    assert not learner.check_password("another-long-passphrase")
    [message] = emails_to("ada@example.com")
    assert "tried to sign up" in message.subject
    assert "/accounts/password/reset/" in message.body and "/accounts/login/" in message.body
    assert not LINK.search(message.body), "a confirmed owner needs no sign-up link"


def test_an_owner_who_never_followed_their_link_gets_a_new_one(client, db):
    sign_up(Client())
    sign_up(client)  # lost the first email, signs up again
    first, second = emails_to("lin@example.com")
    assert "tried to sign up" in second.subject
    response = client.post(link_in(second))
    assert response["Location"] == reverse("planner:onboarding")
    assert logged_in_as(client)


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "too short"), ("12345678901", "entirely numeric"), ("password123", "too common")],
)
def test_a_weak_password_is_refused_whoever_has_the_address(client, learner, password, message):
    for email in ("ada@example.com", "fresh@example.com"):
        response = sign_up(client, email=email, password1=password)
        assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(email="fresh@example.com").exists()
    assert not Email.objects.exists()


# The link.


def test_the_link_shows_a_button_and_changes_nothing_until_it_is_pressed(client, db):
    sign_up(Client())
    link = link_in(emails_to("lin@example.com")[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Continue to Waymark" in page.content.decode()
    assert not logged_in_as(client)
    assert User.objects.get(email="lin@example.com").email_confirmed_at is None


def test_the_link_logs_in_once_and_is_then_refused(db):
    sign_up(Client())
    link = link_in(emails_to("lin@example.com")[0])
    first = Client()
    response = first.post(link)
    assert response["Location"] == reverse("planner:onboarding")
    assert first.get(reverse("planner:onboarding")).status_code == 200
    assert User.objects.get(email="lin@example.com").email_confirmed_at is not None

    again = Client()
    page = again.get(link)
    assert "This link does not work any more" in page.content.decode()
    assert "Send a new link" in page.content.decode()
    refused = again.post(link)
    assert refused.status_code == 200 and not logged_in_as(again)
    assert "This link does not work any more" in refused.content.decode()


def test_an_expired_link_is_refused_and_a_new_one_can_be_sent(settings, db):
    sign_up(Client())
    user = User.objects.get(email="lin@example.com")
    send_outbox()
    mail.outbox.clear()
    old = link_for(user, issued_seconds_ago=settings.SIGN_UP_LINK_MAX_AGE + 60)
    fresh = link_for(user, issued_seconds_ago=settings.SIGN_UP_LINK_MAX_AGE - 60)
    client = Client()
    assert "does not work any more" in client.get(old).content.decode()
    assert client.post(old).status_code == 200 and not logged_in_as(client)
    assert "Continue to Waymark" in client.get(fresh).content.decode()

    uid = old.split("/")[-3]
    response = client.post(reverse("accounts:signup-new-link"), {"uidb64": uid})
    assert "Check your inbox" in response.content.decode()
    [message] = emails_to("lin@example.com")
    assert client.post(link_in(message))["Location"] == reverse("planner:onboarding")
    assert logged_in_as(client) == str(user.pk)


def test_a_new_link_for_a_confirmed_account_says_to_log_in(db):
    sign_up(Client())
    link = link_in(emails_to("lin@example.com")[0])
    Client().post(link)
    mail.outbox.clear()
    Client().post(reverse("accounts:signup-new-link"), {"uidb64": link.split("/")[-3]})
    [message] = emails_to("lin@example.com")
    assert "tried to sign up" in message.subject and not LINK.search(message.body)


@pytest.mark.parametrize("uid", ["", "MQ", "bm9wZQ", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "%00"])
def test_an_unknown_account_asking_for_a_new_link_gets_the_same_answer(client, uid, db):
    response = client.post(reverse("accounts:signup-new-link"), {"uidb64": uid})
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert not Email.objects.exists()


def test_a_password_reset_token_does_not_confirm_a_sign_up(client, db):
    sign_up(Client())
    user = User.objects.get(email="lin@example.com")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = default_token_generator.make_token(user)
    client.post(reverse("accounts:signup-confirm", args=[uid, reset_token]))
    assert not logged_in_as(client)


def test_a_link_dies_when_the_password_changes(client, db):
    sign_up(Client())
    link = link_in(emails_to("lin@example.com")[0])
    user = User.objects.get(email="lin@example.com")
    user.set_password("a-different-long-secret")
    user.save()
    client.post(link)
    assert not logged_in_as(client)


def test_a_deactivated_account_cannot_use_its_link(client, db):
    sign_up(Client())
    link = link_in(emails_to("lin@example.com")[0])
    User.objects.filter(email="lin@example.com").update(is_active=False)
    client.post(link)
    assert not logged_in_as(client)


# What the link carries.


def test_the_previews_role_and_hours_reach_onboarding_in_another_browser(db):
    visitor = Client()
    visitor.get(reverse("accounts:signup") + "?role=mlops-engineer&weekly_hours=7.5")
    sign_up(visitor)
    link = link_in(emails_to("lin@example.com")[0])
    assert "role=mlops-engineer" in link and "weekly_hours=7.5" in link

    other_browser = Client()
    assert other_browser.post(link)["Location"] == reverse("planner:onboarding")
    html = other_browser.get(reverse("planner:onboarding")).content.decode()
    assert re.search(r'<input[^>]*value="mlops-engineer"[^>]*checked>', html)
    assert 'name="weekly_hours" value="7.5"' in html


def test_the_link_continues_to_a_safe_next_page_only(db):
    sign_up(Client(), next="/mentors/accept/abc/")
    link = link_in(emails_to("lin@example.com")[0])
    assert Client().post(link)["Location"] == "/mentors/accept/abc/"

    sign_up(Client(), email="b@example.com", next="https://evil.example/")
    link = link_in(emails_to("b@example.com")[0])
    assert "evil" not in link
    assert Client().post(link)["Location"] == reverse("planner:onboarding")
    # A next page written into the link by hand is checked again when it is followed.
    sign_up(Client(), email="c@example.com")
    link = link_in(emails_to("c@example.com")[0]) + "?next=https://evil.example/"
    assert Client().post(link)["Location"] == reverse("planner:onboarding")


# Limits.


def test_an_address_gets_a_bounded_number_of_sign_up_emails_a_day(learner):
    for _ in range(SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY + 3):
        response = sign_up(Client(), email="ada@example.com")
        assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert len(emails_to("ada@example.com")) == SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY
    # A day later the address can be told again.
    Email.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    sign_up(Client(), email="ada@example.com")
    assert Email.objects.count() == SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY + 1


def test_new_links_count_towards_the_same_limit(db):
    sign_up(Client())
    uid = link_in(emails_to("lin@example.com")[0]).split("/")[-3]
    for _ in range(SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY + 2):
        Client().post(reverse("accounts:signup-new-link"), {"uidb64": uid})
    assert Email.objects.count() == SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY


def test_one_client_gets_a_bounded_number_of_sign_ups_an_hour(client, db):
    for n in range(SIGN_UPS_PER_CLIENT_PER_HOUR):
        assert sign_up(client, email=f"p{n}@example.com").status_code == 200
    response = sign_up(client, email="one-more@example.com")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert not User.objects.filter(email="one-more@example.com").exists()
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_up(other_client, email="one-more@example.com").status_code == 200
