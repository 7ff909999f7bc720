"""Learners add their own resources to an item: kept with the plan, seen by their mentors."""

import pytest
from django.urls import reverse

from planner.models import LearnerResource
from planner.services import build_roadmap, update_profile
from planner.services.changes import mark_changed
from planner.services.mentoring import accept_mentorship, invite_mentor
from tests.factories import roadmap_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
COURSE = {"title": "StatQuest on logistic regression", "url": "https://www.youtube.com/@statquest"}


@pytest.fixture
def first_item(learner):
    _, roadmap = roadmap_for(learner, role="data-analyst")
    return roadmap.items.order_by("position").first()


def items_of(body: dict) -> list[dict]:
    return [item for stage in body["stages"] for item in stage["items"]]


def test_a_learner_adds_a_resource_and_sees_it_on_the_item(learner_api, first_item):
    response = learner_api.post(
        reverse("api:planner:own-resources", args=[first_item.pk]), COURSE, format="json"
    )

    assert response.status_code == 201
    assert response.json() | {"id": 0} == {"id": 0, **COURSE}
    body = learner_api.get("/api/v1/me/roadmap/").json()
    item = next(i for i in items_of(body) if i["id"] == first_item.pk)
    assert item["own_resources"] == [response.json()]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "x", "url": "ftp://example.com/file"}, "url"),
        ({"title": "x", "url": "javascript:alert(1)"}, "url"),
        ({"title": "x", "url": "example.com"}, "url"),
        ({"title": "   ", "url": "https://example.com/"}, "title"),
        ({"url": "https://example.com/"}, "title"),
        ({"title": "x" * 201, "url": "https://example.com/"}, "title"),
        ({"title": "x", "url": "https://example.com/", "free": True}, "free"),
        ({"title": ["x"], "url": "https://example.com/"}, "title"),
    ],
)
def test_a_bad_resource_is_a_400_naming_the_field(learner_api, first_item, data, field):
    response = learner_api.post(
        reverse("api:planner:own-resources", args=[first_item.pk]), data, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not LearnerResource.objects.exists()


def test_another_learners_item_is_not_found(other_learner, learner_api):
    _, roadmap = roadmap_for(other_learner)
    theirs = roadmap.items.first()

    response = learner_api.post(reverse("api:planner:own-resources", args=[theirs.pk]), COURSE)

    assert response.status_code == 404


def test_a_learner_removes_their_resource(learner_api, first_item):
    added = learner_api.post(
        reverse("api:planner:own-resources", args=[first_item.pk]), COURSE, format="json"
    ).json()

    response = learner_api.delete(reverse("api:planner:own-resource", args=[added["id"]]))

    assert response.status_code == 204
    assert not LearnerResource.objects.exists()
    assert (
        learner_api.delete(reverse("api:planner:own-resource", args=[added["id"]])).status_code
        == 404
    )


def test_resources_stay_with_the_step_in_a_new_version(learner, learner_api, first_item):
    learner_api.post(
        reverse("api:planner:own-resources", args=[first_item.pk]), COURSE, format="json"
    )

    update_profile(user=learner, weekly_hours=20)
    newer = build_roadmap(user=learner, reason="more hours")

    same_step = newer.items.get(key=first_item.key)
    assert list(same_step.own_resources.values("title", "url")) == [COURSE]
    assert first_item.own_resources.count() == 1  # the old version keeps its own


def test_a_mentor_sees_the_learners_resources(learner, mentor, mentor_api, client, first_item):
    invitation = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, token=invitation.token)
    LearnerResource.objects.create(item=first_item, **COURSE)
    mark_changed(roadmap_ids=[first_item.roadmap_id])

    body = mentor_api.get(reverse("api:planner:mentee-roadmap", args=[learner.pk])).json()
    item = next(i for i in items_of(body) if i["id"] == first_item.pk)
    assert [r["title"] for r in item["own_resources"]] == [COURSE["title"]]

    client.force_login(mentor)
    page = client.get(reverse("planner:mentee", args=[learner.pk])).content.decode()
    assert COURSE["title"] in page
    assert f"Resources {learner.display_name} added" in page
    assert "Add a resource that helped you" not in page  # the form is the learner's only


def test_the_card_adds_and_removes_a_resource_in_place(client, learner, first_item):
    client.force_login(learner)

    response = client.post(reverse("planner:item-resource", args=[first_item.pk]), COURSE, **HTMX)

    card = response.content.decode()
    assert response.status_code == 200
    assert "Your resources" in card
    assert f'href="{COURSE["url"]}"' in card
    assert " open>" in card.split("study-panel")[1][:80]  # the panel stays open
    resource = LearnerResource.objects.get()

    response = client.post(reverse("planner:own-resource-delete", args=[resource.pk]), **HTMX)

    assert COURSE["title"] not in response.content.decode()
    assert not LearnerResource.objects.exists()


def test_the_card_refuses_a_link_that_is_not_http(client, learner, first_item):
    client.force_login(learner)

    response = client.post(
        reverse("planner:item-resource", args=[first_item.pk]),
        {"title": "Files", "url": "ftp://example.com/"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "http:// or https://" in response.content.decode()
    assert not LearnerResource.objects.exists()
