"""Review requests through the API: the learner asks (with a link), lists and withdraws;
the mentor reads a queue across mentees, answers and undoes. Strangers get 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from curriculum.models import Role
from planner.models import (
    Evidence,
    ItemStatus,
    LearnerSkill,
    Mentorship,
    MentorshipStatus,
    ReviewRequest,
    ReviewRequestStatus,
)
from planner.services import build_roadmap, update_item, update_profile
from tests.factories import UserFactory, follow, roadmap_for

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def roadmap(learner, mentor):
    _, roadmap = roadmap_for(learner)
    follow(learner, mentor)
    return roadmap


def skill_step(learner, roadmap, status=ItemStatus.IN_PROGRESS):
    item = roadmap.items.filter(kind="skill").order_by("position").first()
    if status != ItemStatus.TODO:
        update_item(user=learner, item_id=item.pk, status=status)
    return item


def ask(api, item_id, **body):
    return api.post(reverse("api:planner:item-review-request", args=[item_id]), body, format="json")


def answer(api, request_id, **body):
    return api.post(reverse("api:planner:review-answer", args=[request_id]), body, format="json")


def test_a_learner_asks_for_a_review_with_a_link_and_lists_it(learner_api, learner, roadmap):
    item = skill_step(learner, roadmap)
    response = ask(
        learner_api,
        item.pk,
        message="Please look at the notebook",
        evidence_url="https://github.com/ada/notebook",
        evidence_note="Exercises",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["item"] == item.pk and body["item_key"] == item.key
    assert body["message"] == "Please look at the notebook"
    assert [(e["url"], e["note"], e["verified"]) for e in body["evidence"]] == [
        ("https://github.com/ada/notebook", "Exercises", False)
    ]
    assert body["learner"] == {"id": learner.pk, "name": "Ada"} and body["answered_by"] is None

    again = ask(learner_api, item.pk, evidence_url="https://github.com/ada/notebook")
    assert again.json()["id"] == body["id"], "one open request per step"
    assert Evidence.objects.filter(item=item).count() == 1, "the same link once"

    listed = learner_api.get(reverse("api:planner:my-review-requests")).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_an_item_id_of_an_older_version_asks_about_the_same_step_or_answers_409(
    learner_api, learner, roadmap
):
    kept = skill_step(learner, roadmap)
    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"))
    second = build_roadmap(user=learner, reason="goal changed")
    response = ask(learner_api, kept.pk, message="Still this one")
    assert response.status_code == 201
    assert response.json()["item"] == second.items.get(key=kept.key).pk

    gone = roadmap.items.exclude(key__in=second.items.values("key")).first()
    response = ask(learner_api, gone.pk, message="Typed text")
    assert response.status_code == 409 and gone.key in response.json()["detail"]
    assert ReviewRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "http:// or https://"),
        ({"message": "x" * 2001}, "message", "2000"),
        ({"message": 5}, "message", "Must be a string"),
        ({"evidence": "https://example.com"}, "evidence", "Unknown field"),
    ],
)
def test_bad_requests_are_400_naming_the_field(learner_api, learner, roadmap, body, field, reason):
    item = skill_step(learner, roadmap)
    response = ask(learner_api, item.pk, **body)
    assert response.status_code == 400
    assert list(response.json()) == [field] and reason in response.json()[field][0]
    assert not ReviewRequest.objects.exists() and not Evidence.objects.exists()


def test_a_learner_without_a_mentor_is_told_to_invite_one(learner_api, learner):
    _, roadmap = roadmap_for(learner)
    response = ask(learner_api, roadmap.items.first().pk)
    assert response.status_code == 400 and "Invite a mentor" in response.json()["item"][0]


def test_a_learner_withdraws_an_open_request_and_it_leaves_the_queue(
    learner_api, mentor_api, learner, roadmap
):
    asked = ask(learner_api, skill_step(learner, roadmap).pk).json()
    queue = mentor_api.get(reverse("api:planner:review-queue")).json()["results"]
    assert [r["id"] for r in queue] == [asked["id"]]

    url = reverse("api:planner:my-review-request", args=[asked["id"]])
    response = learner_api.delete(url)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert mentor_api.get(reverse("api:planner:review-queue")).json()["results"] == []
    assert learner_api.get(reverse("api:planner:my-review-requests")).json()["results"] == []
    again = learner_api.delete(url)
    assert again.status_code == 400 and "request" in again.json()


def test_the_mentor_queue_spans_mentees_and_needs_work_reaches_the_learner(
    learner_api, mentor_api, learner, mentor, roadmap
):
    grace = UserFactory(email="grace@example.com", name="Grace")
    _, graces = roadmap_for(grace)
    follow(grace, mentor)
    first = ask(learner_api, skill_step(learner, roadmap).pk).json()
    second = ask(api_for(grace), skill_step(grace, graces).pk).json()

    queue = mentor_api.get(reverse("api:planner:review-queue")).json()["results"]
    assert [(r["id"], r["learner"]["name"]) for r in queue] == [
        (first["id"], "Ada"),
        (second["id"], "Grace"),
    ]

    missing = answer(mentor_api, first["id"], verdict="needs_work")
    assert missing.status_code == 400 and "needs more work" in missing.json()["comment"][0]
    done = answer(mentor_api, first["id"], verdict="needs_work", comment="Add a test set")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "needs_work" and done.json()["can_undo"] is True
    assert done.json()["answered_by"]["id"] == mentor.pk

    [mine] = learner_api.get(reverse("api:planner:my-review-requests")).json()["results"]
    assert (mine["status"], mine["comment"]) == ("needs_work", "Add a test set")
    again = answer(mentor_api, first["id"], verdict="verified")
    assert again.status_code == 400 and "already answered" in again.json()["request"][0]


def test_verified_then_undone_within_the_window_and_not_after(
    learner_api, mentor_api, learner, roadmap
):
    item = skill_step(learner, roadmap)
    asked = ask(learner_api, item.pk).json()
    response = answer(mentor_api, asked["id"], verdict="verified", comment="Good")
    assert response.status_code == 200 and response.json()["status"] == "verified"
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).source == "mentor"

    undo = mentor_api.post(reverse("api:planner:review-undo", args=[asked["id"]]))
    assert undo.status_code == 200 and undo.json()["status"] == "open"
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).level == 0

    answer(mentor_api, asked["id"], verdict="needs_work", comment="More")
    ReviewRequest.objects.filter(pk=asked["id"]).update(
        answered_at=timezone.now() - timedelta(minutes=11)
    )
    late = mentor_api.post(reverse("api:planner:review-undo", args=[asked["id"]]))
    assert late.status_code == 400 and "Too late" in late.json()["request"][0]


def test_verifying_a_step_still_to_do_needs_confirm(learner_api, mentor_api, learner, roadmap):
    item = skill_step(learner, roadmap, status=ItemStatus.TODO)
    asked = ask(learner_api, item.pk).json()
    response = answer(mentor_api, asked["id"], verdict="verified")
    assert response.status_code == 400 and "still to do" in response.json()["confirm"][0]
    assert not LearnerSkill.objects.filter(user=learner, skill=item.skill).exists()
    response = answer(mentor_api, asked["id"], verdict="verified", confirm=True)
    assert response.status_code == 200
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).level == item.to_level


def test_strangers_get_404(learner_api, mentor_api, learner, other_learner, roadmap):
    asked = ask(learner_api, skill_step(learner, roadmap).pk).json()
    other = api_for(other_learner)  # another learner, and no mentor of Ada's
    roadmap_for(other_learner)
    follow(other_learner, UserFactory(email="their-mentor@example.com"))

    # Another learner: Ada's items and requests are not there for them.
    assert ask(other, roadmap.items.first().pk).status_code == 404
    delete = other.delete(reverse("api:planner:my-review-request", args=[asked["id"]]))
    assert delete.status_code == 404
    assert other.get(reverse("api:planner:my-review-requests")).json()["results"] == []
    # Not Ada's mentor: no queue entry, and answering or undoing is 404.
    assert other.get(reverse("api:planner:review-queue")).json()["results"] == []
    assert answer(other, asked["id"], verdict="needs_work", comment="x").status_code == 404
    assert other.post(reverse("api:planner:review-undo", args=[asked["id"]])).status_code == 404
    # A mentor whose mentorship ended sees nothing either.
    Mentorship.objects.filter(learner=learner).update(status=MentorshipStatus.ENDED)
    assert answer(mentor_api, asked["id"], verdict="needs_work", comment="x").status_code == 404
    assert ReviewRequest.objects.get(pk=asked["id"]).status == ReviewRequestStatus.OPEN


def test_anonymous_calls_are_401(learner, roadmap):
    api = APIClient()
    assert api.get(reverse("api:planner:my-review-requests")).status_code == 401
    assert api.get(reverse("api:planner:review-queue")).status_code == 401


def test_the_schema_documents_the_endpoints_and_every_status(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    create = paths["/api/v1/me/roadmap/items/{item_id}/review-request/"]["post"]
    assert {"201", "400", "401", "403", "404", "409"} <= create["responses"].keys()
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert set(fields["properties"]) == {"message", "evidence_url", "evidence_note"}
    assert fields["additionalProperties"] is False
    for path, method, success in [
        ("/api/v1/me/review-requests/", "get", "200"),
        ("/api/v1/me/review-requests/{request_id}/", "delete", "200"),
        ("/api/v1/mentees/review-requests/", "get", "200"),
        ("/api/v1/mentees/review-requests/{request_id}/answer/", "post", "200"),
        ("/api/v1/mentees/review-requests/{request_id}/undo/", "post", "200"),
    ]:
        responses = paths[path][method]["responses"]
        assert {success, "400", "401", "403", "404"} <= responses.keys(), path
    answer_body = paths["/api/v1/mentees/review-requests/{request_id}/answer/"]["post"]
    ref = answer_body["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    props = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert set(props) == {"verdict", "comment", "confirm"}
