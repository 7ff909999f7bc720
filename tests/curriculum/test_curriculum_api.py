"""The read-only curriculum API and its OpenAPI schema."""

import pytest
import yaml

from curriculum.models import Role, Skill

pytestmark = pytest.mark.django_db


def test_roles_are_listed_with_their_requirements(api):
    body = api.get("/api/v1/roles/", {"limit": 100}).json()
    assert body["count"] == Role.objects.filter(is_retired=False).count()
    by_slug = {r["slug"]: r for r in body["results"]}
    ds = by_slug["data-scientist"]
    assert ds["requirements"] and {"skill", "level", "priority"} <= set(ds["requirements"][0])
    assert by_slug["deep-learning-engineer"]["variant_of"] == "machine-learning-engineer"


def test_one_role_by_slug(api):
    body = api.get("/api/v1/roles/ai-ethicist/").json()
    assert body["name"] and body["tasks"] is not None


def test_an_unknown_role_is_404_json(api):
    response = api.get("/api/v1/roles/astronaut/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_skills_are_paginated_and_filtered_by_area(api):
    body = api.get("/api/v1/skills/", {"limit": 5}).json()
    assert len(body["results"]) == 5 and body["count"] >= 80 and body["next"]
    maths = api.get("/api/v1/skills/", {"area": "mathematics", "limit": 100}).json()
    assert maths["count"] and all(s["area"] == "mathematics" for s in maths["results"])


def test_a_skill_shows_its_levels_and_prerequisites(api):
    skill = Skill.objects.filter(prerequisites__isnull=False).distinct().first()
    body = api.get(f"/api/v1/skills/{skill.slug}/").json()
    assert [lv["level"] for lv in body["levels"]] == [1, 2, 3, 4, 5]
    assert body["prerequisites"] and {"skill", "level", "for_level"} <= set(
        body["prerequisites"][0]
    )


def test_projects_filter_by_level(api):
    body = api.get("/api/v1/projects/", {"level": "beginner", "limit": 100}).json()
    assert body["count"] and all(p["level"] == "beginner" for p in body["results"])
    assert "titanic-classifier" in {p["slug"] for p in body["results"]}


@pytest.mark.parametrize("level", ["", "expert"])
def test_a_level_that_is_not_one_of_the_choices_is_a_400_naming_them(api, level):
    response = api.get("/api/v1/projects/", {"level": level})
    assert response.status_code == 400
    assert "beginner, intermediate, advanced" in response.json()["level"][0]


def test_tasks_list_their_subtasks(api):
    body = api.get("/api/v1/tasks/").json()
    assert {t["slug"] for t in body["results"]} >= {"modeling", "deployment"}
    assert all(t["subtasks"] for t in body["results"])


def test_the_openapi_schema_describes_the_api(api):
    response = api.get("/api/schema/")
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/roles/{slug}/" in schema["paths"]
    assert "/api/v1/me/roadmap/" in schema["paths"]


def test_the_api_docs_page_is_served_without_outside_network(client):
    body = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in body and "cdn" not in body.lower()


def test_an_absurd_page_size_is_capped_not_an_error(api):
    body = api.get("/api/v1/projects/", {"limit": 32769570164382711676928}).json()
    assert body["count"] == len(body["results"]) >= 20


@pytest.mark.parametrize("query", [{"offset": -5}, {"limit": 0}, {"offset": "null"}])
def test_a_page_that_is_not_a_whole_number_is_a_400_naming_it(api, query):
    response = api.get("/api/v1/projects/", query)
    assert response.status_code == 400 and set(response.json()) == set(query)
