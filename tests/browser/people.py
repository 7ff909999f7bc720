"""People for browser tests, made through the services and logged in by session cookie."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from curriculum.models import Role
from planner.services import build_roadmap, update_profile
from planner.services.mentoring import accept_mentorship, invite_mentor
from tests.conftest import emails_to
from tests.factories import UserFactory

SIGN_UP_LINK = re.compile(r"https?://\S+/accounts/signup/confirm/\S+")


def sign_up_link(email: str) -> str:
    """The link of the last sign-up email to ``email``: what the person would click."""
    bodies = [e.text for e in emails_to(email) if SIGN_UP_LINK.search(e.text)]
    assert bodies, f"no sign-up link was emailed to {email}"
    return SIGN_UP_LINK.search(bodies[-1]).group(0)


def log_in(page, user, base_url: str) -> None:
    """Give the browser page a session of ``user`` (no password typing in every test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def learner_with_plan(*, email="ada@example.com", name="Ada", role="data-scientist", hours=10):
    user = UserFactory(email=email, name=name)
    update_profile(user=user, target_role=Role.objects.get(slug=role), weekly_hours=hours)
    build_roadmap(user=user, reason="first plan")
    return user


def mentor_of(learner, *, email="marie@example.com", name="Marie"):
    mentor = UserFactory(email=email, name=name)
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    return mentor
