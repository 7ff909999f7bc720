"""What a mentor can read of a mentee, field by field, in the API and on the pages.

The learner's private note on an item is theirs alone: the mentors page promises it. Every
field the mentor's API answers with is listed here, so a new field is a decision, not an
accident.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from planner.models import Evidence
from planner.services import mentoring, update_item
from tests.factories import UserFactory, roadmap_for

SECRET = "private-note-only-ada-reads-4b1d"

MENTEE_FIELDS = {
    "id", "name", "email", "mentorship", "role", "version", "progress", "state",
    "state_weeks", "last_activity_at", "pending_evidence",
}  # fmt: skip
ROADMAP_FIELDS = {
    "version", "role", "role_name", "reason", "curriculum_revision", "weekly_hours",
    "start_date", "finish_date", "total_hours", "weeks", "message", "target", "milestones",
    "status", "stages",
}  # fmt: skip
STAGE_FIELDS = {"key", "title", "start_week", "end_week", "hours", "progress", "items"}
# "study" is the curriculum's (public); "own_resources" are shared with mentors on purpose
# (issue 10: what worked for the learner stays with the plan, for their mentors to see).
ITEM_FIELDS = {
    "id", "key", "kind", "skill", "from_level", "to_level", "project", "label", "priority",
    "hours", "start_week", "end_week", "start_date", "end_date", "status", "reasons",
    "study", "own_resources",
}  # fmt: skip
STATUS_FIELDS = {"state", "weeks", "progress"}
REVIEW_FIELDS = {
    "id", "kind", "item", "item_key", "skill", "level", "evidence", "comment", "created_at",
}  # fmt: skip


@pytest.fixture
def mentee_and_mentor(db):
    learner = UserFactory(email="ada@example.com", name="Ada")
    _, roadmap = roadmap_for(learner, role="data-analyst")
    # A note on every item (update_item refuses notes on project items; set them directly).
    for item in roadmap.items.filter(kind="skill"):
        update_item(user=learner, item_id=item.pk, note=SECRET)
    roadmap.items.exclude(kind="skill").update(note=SECRET)
    item = roadmap.items.order_by("position").first()
    Evidence.objects.create(item=item, url="https://example.com/ada-project")
    mentor = UserFactory(email="mentor@example.com", name="Mentor")
    invitation = mentoring.invite_mentor(learner=learner, email=mentor.email)
    mentoring.accept_mentorship(mentor=mentor, token=invitation.token)
    return learner, mentor, item


def test_every_field_the_mentor_api_answers_with(mentee_and_mentor):
    learner, mentor, item = mentee_and_mentor
    api = APIClient()
    api.force_authenticate(mentor)

    [row] = api.get(reverse("api:planner:mentees")).json()["results"]
    assert set(row) == MENTEE_FIELDS

    response = api.get(reverse("api:planner:mentee-roadmap", args=[learner.pk]))
    assert response.status_code == 200
    roadmap = response.json()
    assert set(roadmap) == ROADMAP_FIELDS
    assert set(roadmap["status"]) == STATUS_FIELDS
    items = [i for stage in roadmap["stages"] for i in stage["items"]]
    assert items
    assert all(set(stage) == STAGE_FIELDS for stage in roadmap["stages"])
    assert all(set(i) == ITEM_FIELDS for i in items)
    assert SECRET not in response.content.decode()

    review = api.post(
        reverse("api:planner:mentee-reviews", args=[learner.pk]),
        {"kind": "comment", "item": item.pk, "comment": "Good start"},
        format="json",
    )
    assert review.status_code == 201
    assert set(review.json()) == REVIEW_FIELDS


def test_the_learner_still_reads_their_own_notes(mentee_and_mentor):
    learner, _, _ = mentee_and_mentor
    api = APIClient()
    api.force_authenticate(learner)
    stages = api.get(reverse("api:planner:roadmap")).json()["stages"]
    items = [i for s in stages for i in s["items"]]
    assert all(i["note"] == SECRET for i in items)


def test_the_mentor_pages_never_show_the_private_note(mentee_and_mentor):
    learner, mentor, _ = mentee_and_mentor
    client = Client()
    client.force_login(mentor)
    for url in (reverse("planner:mentees"), reverse("planner:mentee", args=[learner.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url


def test_the_schema_documents_no_note_for_mentors(client):
    schema = client.get(reverse("schema"), HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/mentees/{learner_id}/roadmap/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    stage_ref = components[ref.rsplit("/", 1)[1]]["properties"]["stages"]["items"]["$ref"]
    item_ref = components[stage_ref.rsplit("/", 1)[1]]["properties"]["items"]["items"]["$ref"]
    assert set(components[item_ref.rsplit("/", 1)[1]]["properties"]) == ITEM_FIELDS
