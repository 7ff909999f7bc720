"""Bad input is a 400 that names the field and the problem, as JSON; never a 500, never
silently accepted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from planner.models import LearnerProfile
from tests.factories import roadmap_for

pytestmark = pytest.mark.django_db


def nested(depth: int) -> bytes:
    return b'{"name": ' + b"[" * depth + b"]" * depth + b"}"


def problem(response, field: str) -> str:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert field in body, body
    return str(body[field])


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_json_is_refused(learner_api, depth):
    response = learner_api.generic(
        "PATCH", "/api/v1/me/", nested(depth), content_type="application/json"
    )
    assert "nested too deeply" in problem(response, "detail")


def test_deeply_nested_json_is_refused_before_sign_up(api):
    response = api.generic(
        "POST", "/api/v1/auth/register/", nested(100_000), content_type="application/json"
    )
    assert "nested too deeply" in problem(response, "detail")


@pytest.mark.parametrize("size", [300_000, 3_000_000])
def test_an_oversized_body_is_a_json_400(api, size):
    body = b'{"email": "' + b"a" * size + b'@example.com", "password": "x"}'
    response = api.generic("POST", "/api/v1/auth/register/", body, content_type="application/json")
    assert "too large" in problem(response, "detail")


def today():
    return timezone.localdate()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": "9990-01-01"}, "start_date"),
        ({"start_date": "9999-12-31"}, "start_date"),
        ({"start_date": "1900-01-01"}, "start_date"),
        ({"target_date": "2001-01-01"}, "target_date"),
        ({"target_date": "9999-12-31"}, "target_date"),
    ],
)
def test_plan_dates_are_bounded_in_the_preview(api, values, field):
    payload = {"role": "data-analyst", "weekly_hours": 10, **values}
    assert problem(api.post("/api/v1/plans/preview/", payload), field)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": "9999-12-31"}, "start_date"),
        ({"start_date": "1900-01-01"}, "start_date"),
        ({"target_date": "2020-01-01"}, "target_date"),
        ({"start_date": "2027-06-01", "target_date": "2027-05-01"}, "target_date"),
    ],
)
def test_plan_dates_are_bounded_in_the_profile(learner_api, learner, values, field):
    assert problem(learner_api.patch("/api/v1/me/", values), field)
    profile = LearnerProfile.objects.filter(user=learner).first()
    assert profile is None or (profile.start_date is None and profile.target_date is None)


def test_a_sensible_start_and_target_are_taken(learner_api):
    start, target = today() + timedelta(days=30), today() + timedelta(days=400)
    response = learner_api.patch(
        "/api/v1/me/", {"start_date": start.isoformat(), "target_date": target.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["target_date"] == target.isoformat()


def test_a_stored_start_date_the_engine_cannot_plan_is_a_400_not_a_500(learner):
    roadmap_for(learner)
    LearnerProfile.objects.filter(user=learner).update(start_date="9999-12-31")
    client = APIClient()
    client.force_authenticate(learner)
    response = client.post("/api/v1/me/roadmaps/")
    assert problem(response, "start_date")


@pytest.mark.parametrize(
    ("path", "method", "payload", "field"),
    [
        ("/api/v1/me/", "patch", {"weekly_hours": True}, "weekly_hours"),
        ("/api/v1/me/", "patch", {"weekly_hours": "10"}, "weekly_hours"),
        ("/api/v1/me/", "patch", {"include_nice_to_have": "yes"}, "include_nice_to_have"),
        ("/api/v1/me/", "patch", {"include_nice_to_have": 1}, "include_nice_to_have"),
        ("/api/v1/me/", "patch", {"reminder_hour": 8.5}, "reminder_hour"),
        ("/api/v1/me/", "patch", {"target_role": ""}, "target_role"),
        ("/api/v1/me/", "patch", {"favourite_colour": "green"}, "favourite_colour"),
        ("/api/v1/me/", "patch", {"name": "Ada\x00"}, "name"),
        ("/api/v1/me/", "patch", {"name": "Ada\r\nBcc: all@example.com"}, "name"),
        ("/api/v1/plans/preview/", "post", {"role": "data-analyst", "weekly_hours": True}, "weekly_hours"),
        ("/api/v1/plans/preview/", "post", {"role": "data-analyst", "weekly_hours": 5, "skills": {"python": True}}, "skills"),
        ("/api/v1/plans/preview/", "post", {"role": "data-analyst", "weekly_hours": 5, "extra": 1}, "extra"),
        ("/api/v1/me/mentors/", "post", {"email": "m@example.com", "cc": "x@example.com"}, "cc"),
    ],
)  # fmt: skip
def test_values_of_the_wrong_type_and_unknown_fields_are_refused(
    learner_api, path, method, payload, field
):
    assert problem(getattr(learner_api, method)(path, payload), field)


def test_a_role_can_still_be_cleared_with_null(learner_api):
    assert learner_api.patch("/api/v1/me/", {"target_role": "data-analyst"}).status_code == 200
    response = learner_api.patch("/api/v1/me/", {"target_role": None})
    assert response.status_code == 200 and response.json()["target_role"] is None


def test_skill_levels_must_be_whole_numbers(learner_api):
    response = learner_api.put("/api/v1/me/skills/", [{"skill": "python", "level": True}])
    assert response.status_code == 400, response.json()
    assert "level" in str(response.json())


@pytest.mark.parametrize("path", ["/api/v1/auth/register/", "/api/v1/auth/token/"])
def test_passwords_are_capped(api, path):
    payload = {"email": "long@example.com", "password": "p" * 10_000}
    assert "128" in problem(api.post(path, payload), "password")


def test_a_name_with_a_line_break_is_refused_at_sign_up(api):
    payload = {"email": "n@example.com", "password": "a-long-unusual-passphrase", "name": "A\nB"}
    assert "Control characters" in problem(api.post("/api/v1/auth/register/", payload), "name")


def test_a_nul_in_a_note_is_refused_naming_the_note(learner_api, learner):
    _, roadmap = roadmap_for(learner)
    item = roadmap.items.first()
    response = learner_api.patch(f"/api/v1/me/roadmap/items/{item.pk}/", {"note": "a\x00b"})
    assert "Null characters" in problem(response, "note")


def test_a_nul_in_a_note_on_the_page_names_the_problem(client, learner):
    _, roadmap = roadmap_for(learner)
    item = roadmap.items.first()
    client.force_login(learner)
    response = client.post(
        reverse("planner:item-note", args=[item.pk]), {"note": "a\x00b"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Null characters" in body and "at most 5000 characters" not in body


def test_a_project_item_takes_a_note(learner_api, learner):
    _, roadmap = roadmap_for(learner)
    project = roadmap.items.filter(kind="project").first()
    response = learner_api.patch(f"/api/v1/me/roadmap/items/{project.pk}/", {"note": "mine"})
    assert response.status_code == 200 and response.json()["note"] == "mine"


@pytest.mark.parametrize(
    "path", ["/api/v1/skills/%00/", "/api/v1/roles/%00/", "/mentors/accept/%00/"]
)
def test_a_nul_byte_in_a_url_is_a_404(client, path):
    assert client.get(path).status_code == 404
