"""Invitations are bounded: per learner per day, and per invited address per day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import Mentorship
from planner.services.mentoring import (
    INVITATIONS_PER_ADDRESS_PER_DAY,
    INVITATIONS_PER_LEARNER_PER_DAY,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(api, email):
    return api.post("/api/v1/me/mentors/", {"email": email})


def test_a_learner_sends_a_bounded_number_of_invitations_a_day(learner_api):
    codes = [
        invite(learner_api, f"stranger{n}@example.com").status_code
        for n in range(INVITATIONS_PER_LEARNER_PER_DAY + 5)
    ]
    assert codes.count(201) == INVITATIONS_PER_LEARNER_PER_DAY
    refused = invite(learner_api, "one-more@example.com")
    assert refused.status_code == 400 and "a day" in refused.json()["email"][0]
    assert Mentorship.objects.count() == INVITATIONS_PER_LEARNER_PER_DAY


def test_the_limit_is_per_day(learner_api, learner):
    for n in range(INVITATIONS_PER_LEARNER_PER_DAY):
        assert invite(learner_api, f"stranger{n}@example.com").status_code == 201
    Mentorship.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert invite(learner_api, "tomorrow@example.com").status_code == 201


def test_one_address_gets_a_bounded_number_of_invitations_a_day(api):
    codes = []
    for n in range(INVITATIONS_PER_ADDRESS_PER_DAY + 2):
        api.force_authenticate(UserFactory(email=f"learner{n}@example.com"))
        codes.append(invite(api, "Victim@example.com").status_code)
    assert codes.count(201) == INVITATIONS_PER_ADDRESS_PER_DAY
    assert codes[-1] == 400
