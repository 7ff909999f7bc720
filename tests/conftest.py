"""Fixtures shared by the whole suite. Real servers are started in the conftest of the
folder whose tests need them (tests/integration, tests/browser)."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

# CI explores the same examples every run, so a landing never hangs on a lucky draw; a
# developer's runs keep drawing new ones (and hypothesis remembers any failure it finds).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped curriculum loaded."""
    with django_db_blocker.unblock():
        call_command("load_curriculum", str(settings.CURRICULUM_FILE), verbosity=0)


def send_outbox() -> dict:
    """What the worker's outbox sweep would send, sent now (no grace period)."""
    from datetime import timedelta

    from django.utils import timezone

    from outbox.services import deliver_due_emails

    return deliver_due_emails(now=timezone.now() + timedelta(minutes=5))


def emails_to(address: str) -> list:
    """The messages queued to ``address``, oldest first, once the outbox is sent (what the
    worker does). Read from the outbox rows, which hold each message as sent, not from
    ``mail.outbox``: a Celery worker left running by the integration tests of the same run
    may have sent them already, to its own SMTP sink."""
    from outbox.models import Email

    send_outbox()
    return list(Email.objects.filter(to=address))


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Throttle and failed log-in counts (the cache) start empty in every test: a test that
    fails log-ins on purpose must not lock out the tests after it."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def learner(db):
    return UserFactory(email="ada@example.com", name="Ada")


@pytest.fixture
def other_learner(db):
    return UserFactory(email="grace@example.com", name="Grace")


@pytest.fixture
def learner_api(learner):
    client = APIClient()
    client.force_authenticate(learner)
    return client
