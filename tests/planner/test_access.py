"""Everyone sees only what is theirs: for every learner- and mentor-scoped page and endpoint,
another learner, a former mentor and an anonymous visitor get 404 (or the log-in page)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from planner.models import Evidence, ItemStatus, LearnerSkill, Review
from planner.services import mentoring
from tests.factories import UserFactory, roadmap_for


@pytest.fixture
def world(learner, other_learner):
    """Ada with a roadmap, a link and a mentorship her former mentor no longer has."""
    _, roadmap = roadmap_for(learner)
    roadmap_for(other_learner, role="data-analyst")
    item = roadmap.items.filter(kind="skill").first()
    evidence = Evidence.objects.create(item=item, url="https://example.com/ada")
    former = UserFactory(email="former@example.com", name="Former")
    ended = mentoring.invite_mentor(learner=learner, email=former.email)
    mentoring.accept_mentorship(mentor=former, token=ended.token)
    mentoring.end_mentorship(learner=learner, mentorship_id=ended.pk)
    current = UserFactory(email="current@example.com")
    active = mentoring.invite_mentor(learner=learner, email=current.email)
    mentoring.accept_mentorship(mentor=current, token=active.token)
    return {
        "learner": learner,
        "item": item,
        "evidence": evidence,
        "mentorship": active,
        "ended": ended,
        "other": other_learner,
        "former": former,
        "mentor": current,
    }


# (method, url name, args from the world, form data)
PAGES = [
    ("post", "planner:item-status", lambda w: [w["item"].pk], {"status": "done"}),
    ("post", "planner:item-note", lambda w: [w["item"].pk], {"note": "mine"}),
    ("post", "planner:item-evidence", lambda w: [w["item"].pk], {"url": "https://evil.example"}),
    ("post", "planner:evidence-delete", lambda w: [w["evidence"].pk], {}),
    ("post", "planner:mentor-end", lambda w: [w["mentorship"].pk], {}),
    ("get", "planner:mentee", lambda w: [w["learner"].pk], {}),
    (
        "post",
        "planner:mentee-review",
        lambda w: [w["learner"].pk],
        {"kind": "verify_level", "skill": "python", "level": 5},
    ),
]

ENDPOINTS = [
    ("patch", "api:planner:roadmap-item", lambda w: [w["item"].pk], {"status": "done"}),
    ("delete", "api:planner:my-mentor", lambda w: [w["mentorship"].pk], {}),
    ("post", "api:planner:mentorship-accept", lambda w: [w["ended"].pk], {}),
    ("get", "api:planner:mentee-roadmap", lambda w: [w["learner"].pk], {}),
    (
        "post",
        "api:planner:mentee-reviews",
        lambda w: [w["learner"].pk],
        {"kind": "verify_level", "skill": "python", "level": 5},
    ),
]

OWN_PAGES = [
    "planner:roadmap",
    "planner:onboarding",
    "planner:onboarding-skills",
    "planner:mentors",
    "planner:mentees",
    "accounts:settings",
]


def assert_untouched(world):
    world["item"].refresh_from_db()
    assert world["item"].status == ItemStatus.TODO and world["item"].note == ""
    assert Evidence.objects.filter(pk=world["evidence"].pk).exists()
    assert Evidence.objects.filter(item=world["item"]).count() == 1
    assert not Review.objects.exists()
    assert not LearnerSkill.objects.filter(user=world["learner"], source="mentor").exists()
    world["mentorship"].refresh_from_db()
    assert world["mentorship"].status == "active"


@pytest.mark.parametrize("who", ["other", "former"])
@pytest.mark.parametrize(("method", "name", "args", "data"), PAGES, ids=[p[1] for p in PAGES])
def test_pages_answer_404_to_another_learner_and_a_former_mentor(
    world, who, method, name, args, data
):
    client = Client()
    client.force_login(world[who])
    response = getattr(client, method)(reverse(name, args=args(world)), data)
    assert response.status_code == 404
    assert_untouched(world)


@pytest.mark.parametrize(("method", "name", "args", "data"), PAGES, ids=[p[1] for p in PAGES])
def test_pages_send_an_anonymous_visitor_to_log_in(world, method, name, args, data):
    url = reverse(name, args=args(world))
    response = getattr(Client(), method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert_untouched(world)


@pytest.mark.parametrize("who", ["other", "former"])
@pytest.mark.parametrize(
    ("method", "name", "args", "data"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS]
)
def test_endpoints_answer_404_to_another_learner_and_a_former_mentor(
    world, who, method, name, args, data
):
    client = APIClient()
    client.force_authenticate(world[who])
    response = getattr(client, method)(reverse(name, args=args(world)), data, format="json")
    assert response.status_code == 404
    assert_untouched(world)


@pytest.mark.parametrize(
    ("method", "name", "args", "data"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS]
)
def test_endpoints_refuse_an_anonymous_client(world, method, name, args, data):
    response = getattr(APIClient(), method)(reverse(name, args=args(world)), data, format="json")
    assert response.status_code in (401, 403)
    assert_untouched(world)


@pytest.mark.parametrize("name", OWN_PAGES)
def test_own_pages_send_an_anonymous_visitor_to_log_in(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_version_of_someone_elses_roadmap_is_404(world):
    client = Client()
    client.force_login(world["former"])
    assert client.get(reverse("planner:roadmap-version", args=[1])).status_code == 404


def test_a_former_mentor_no_longer_sees_the_learner_on_the_dashboard(world):
    client = Client()
    client.force_login(world["former"])
    html = client.get(reverse("planner:mentees")).content.decode()
    assert "Ada" not in html
    api = APIClient()
    api.force_authenticate(world["former"])
    assert api.get(reverse("api:planner:mentees")).json()["results"] == []


def test_the_active_mentor_sees_the_learner_and_staff_see_everyone(world):
    client = Client()
    client.force_login(world["mentor"])
    assert client.get(reverse("planner:mentee", args=[world["learner"].pk])).status_code == 200
    staff = UserFactory(email="staff@example.com", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("planner:mentee", args=[world["learner"].pk]))
    assert response.status_code == 200
    assert "Verify a skill level" not in response.content.decode()


def test_every_form_needs_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["learner"])
    response = client.post(
        reverse("planner:item-status", args=[world["item"].pk]), {"status": "done"}
    )
    assert response.status_code == 403
    assert_untouched(world)
