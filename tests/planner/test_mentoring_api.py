"""The mentor endpoints of the API."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from planner.models import LearnerSkill, Mentorship, Review
from tests.conftest import send_outbox
from tests.factories import roadmap_for


@pytest.fixture
def active(learner, learner_api, mentor_api, django_capture_on_commit_callbacks):
    roadmap_for(learner)
    with django_capture_on_commit_callbacks(execute=True):
        invited = learner_api.post(
            reverse("api:planner:my-mentors"), {"email": "mentor@example.com"}
        )
    assert invited.status_code == 201
    send_outbox()
    response = mentor_api.post(
        reverse("api:planner:mentorship-accept", args=[invited.json()["id"]])
    )
    assert response.status_code == 200
    return response.json()


def test_inviting_answers_201_and_sends_the_email(active):
    assert active["status"] == "active"
    assert len(mail.outbox) == 1


def test_inviting_a_bad_address_is_400(learner_api):
    response = learner_api.post(reverse("api:planner:my-mentors"), {"email": "nope"})
    assert response.status_code == 400 and "email" in response.json()


def test_accepting_with_the_token_works_for_any_address(learner, learner_api, other_learner):
    invited = learner_api.post(
        reverse("api:planner:my-mentors"), {"email": "someone@example.com"}
    ).json()
    token = Mentorship.objects.get(pk=invited["id"]).token
    client = APIClient()
    client.force_authenticate(other_learner)
    response = client.post(
        reverse("api:planner:mentorship-accept", args=[invited["id"]]), {"token": token}
    )
    assert response.status_code == 200 and response.json()["mentor"] == other_learner.pk


def test_the_mentee_list_has_progress_verdict_and_pending_evidence(active, mentor_api, learner):
    [row] = mentor_api.get(reverse("api:planner:mentees")).json()["results"]
    assert row["id"] == learner.pk
    assert row["role"] == "data-scientist"
    assert row["state"] in {"on_track", "behind", "ahead"}
    assert {"progress", "last_activity_at", "pending_evidence"} <= row.keys()


def test_the_mentor_reads_the_mentees_roadmap(active, mentor_api, learner):
    response = mentor_api.get(reverse("api:planner:mentee-roadmap", args=[learner.pk]))
    assert response.status_code == 200
    assert [s["key"] for s in response.json()["stages"]] == ["0-6", "6-18", "18+"]


def test_the_mentor_verifies_a_level(active, mentor_api, learner):
    response = mentor_api.post(
        reverse("api:planner:mentee-reviews", args=[learner.pk]),
        {"kind": "verify_level", "skill": "python", "level": 3},
        format="json",
    )
    assert response.status_code == 201
    assert LearnerSkill.objects.get(user=learner, skill__slug="python").source == "mentor"


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        (
            {"kind": "verify_level", "skill": "python", "level": 6},
            "level",
            "less than or equal to 5",
        ),
        ({"kind": "verify_level", "skill": "astrology", "level": 2}, "skill", "Unknown skill"),
        ({"kind": "comment", "comment": ""}, "comment", "Write a comment"),
        ({"kind": "praise"}, "kind", "not a valid choice"),
        ({"kind": "verify_evidence", "evidence": 999999}, "evidence", "No such evidence"),
    ],
)
def test_bad_reviews_are_400_with_the_field_and_reason(
    active, mentor_api, learner, body, field, reason
):
    response = mentor_api.post(
        reverse("api:planner:mentee-reviews", args=[learner.pk]), body, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert reason in response.json()[field][0]
    assert not Review.objects.exists()


def test_ending_the_mentorship_hides_the_mentee(active, learner_api, mentor_api, learner):
    assert (
        learner_api.delete(reverse("api:planner:my-mentor", args=[active["id"]])).status_code == 200
    )
    assert mentor_api.get(reverse("api:planner:mentees")).json()["results"] == []
    assert (
        mentor_api.get(reverse("api:planner:mentee-roadmap", args=[learner.pk])).status_code == 404
    )
