"""Curators in the admin: the pages work, cycles are refused, the file goes in and out."""

import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum.models import Prerequisite, Skill
from curriculum.revision import current_revision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = UserFactory(email="curator@example.com", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def inline_data(skill, prerequisites):
    """The POST body of the skill change form, with its two inlines."""
    levels = list(skill.levels.order_by("level"))
    data = {
        "slug": skill.slug,
        "name": skill.name,
        "area": skill.area_id,
        "description": skill.description,
        "position": skill.position,
        "levels-TOTAL_FORMS": len(levels),
        "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 5,
        "prerequisites-TOTAL_FORMS": len(prerequisites),
        "prerequisites-INITIAL_FORMS": sum(1 for p in prerequisites if p.get("id")),
        "prerequisites-MIN_NUM_FORMS": 0,
        "prerequisites-MAX_NUM_FORMS": 1000,
        "resources-TOTAL_FORMS": 0,
        "resources-INITIAL_FORMS": 0,
        "resources-MIN_NUM_FORMS": 0,
        "resources-MAX_NUM_FORMS": 1000,
    }
    for i, lv in enumerate(levels):
        data.update(
            {
                f"levels-{i}-id": lv.pk,
                f"levels-{i}-skill": skill.pk,
                f"levels-{i}-level": lv.level,
                f"levels-{i}-descriptor": lv.descriptor,
                f"levels-{i}-hours": lv.hours,
            }
        )
    for i, p in enumerate(prerequisites):
        data.update({f"prerequisites-{i}-{k}": v for k, v in p.items()})
        data[f"prerequisites-{i}-skill"] = skill.pk
    return data


def existing(skill):
    return [
        {
            "id": p.pk,
            "required_skill": p.required_skill_id,
            "required_level": p.required_level,
            "for_level": p.for_level,
        }
        for p in skill.prerequisites.all()
    ]


def test_the_skill_list_searches_and_filters(curator):
    response = curator.get(reverse("admin:curriculum_skill_changelist"), {"q": "python"})
    assert response.status_code == 200
    assert "Python" in response.content.decode()
    response = curator.get(
        reverse("admin:curriculum_skill_changelist"),
        {"area__id__exact": Skill.objects.get(slug="python").area_id},
    )
    assert "Python" in response.content.decode()


def test_a_prerequisite_that_closes_a_cycle_is_refused_with_the_cycle(curator):
    # python is (transitively) a prerequisite of pandas; making pandas one of python's closes a loop.
    python = Skill.objects.get(slug="python")
    pandas = Skill.objects.get(slug="pandas")
    before = Prerequisite.objects.count()
    data = inline_data(
        python,
        [*existing(python), {"required_skill": pandas.pk, "required_level": 1, "for_level": 1}],
    )

    response = curator.post(reverse("admin:curriculum_skill_change", args=[python.pk]), data)

    assert response.status_code == 200  # the form again, with the error
    body = response.content.decode()
    assert "would close a cycle" in body
    assert re.search(r"pandas → python( → [a-z0-9-]+)* → pandas", body)
    assert Prerequisite.objects.count() == before


def test_a_harmless_prerequisite_is_saved_and_moves_the_revision(curator):
    git = Skill.objects.get(slug="git")
    python = Skill.objects.get(slug="python")
    revision = current_revision()
    rows = [p for p in existing(git) if p["required_skill"] != python.pk]
    data = inline_data(
        git, [*rows, {"required_skill": python.pk, "required_level": 1, "for_level": 3}]
    )

    response = curator.post(reverse("admin:curriculum_skill_change", args=[git.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert git.prerequisites.filter(required_skill=python, for_level=3).exists()
    assert current_revision() > revision


def test_the_curriculum_file_downloads(curator):
    response = curator.get(reverse("admin:curriculum_download"))
    document = yaml.safe_load(response.content)
    assert document["format"] == "waymark-curriculum/2"
    assert {r["slug"] for r in document["roles"]} >= {"data-scientist", "ai-ethicist"}


def test_an_uploaded_file_with_an_error_is_refused_and_named(curator):
    response = curator.get(reverse("admin:curriculum_download"))
    document = yaml.safe_load(response.content)
    document["roles"][0]["requirements"][0]["skill"] = "basket-weaving"
    upload = SimpleUploadedFile("c.yaml", yaml.safe_dump(document).encode())
    revision = current_revision()

    response = curator.post(reverse("admin:curriculum_upload"), {"file": upload})

    assert "unknown skill &#x27;basket-weaving&#x27;" in response.content.decode()
    assert current_revision() == revision


def test_an_uploaded_file_is_loaded(curator):
    document = yaml.safe_load(curator.get(reverse("admin:curriculum_download")).content)
    document["skills"][0]["name"] = "Renamed for the test"
    upload = SimpleUploadedFile("c.yaml", yaml.safe_dump(document).encode())

    slug = document["skills"][0]["slug"]

    preview = curator.post(reverse("admin:curriculum_upload"), {"file": upload})

    # The preview is a dry run: it names the change and saves nothing.
    page = preview.content.decode()
    assert "the load would make 0 created, 1 changed, 0 deleted, 0 retired" in page
    assert f"changed  skill {slug}: name" in page
    assert Skill.objects.get(slug=slug).name != "Renamed for the test"

    confirm = {**preview.context["confirm"].initial, "confirm": "Load it"}
    response = curator.post(reverse("admin:curriculum_upload"), confirm, follow=True)

    assert "0 created, 1 changed, 0 deleted, 0 retired" in response.content.decode()
    assert Skill.objects.get(slug=slug).name == "Renamed for the test"


def test_admin_pages_open(curator):
    for name in ["role", "skill", "project", "lifecycletask", "prerequisite", "curriculumrevision"]:
        response = curator.get(reverse(f"admin:curriculum_{name}_changelist"))
        assert response.status_code == 200, name
    role = "machine-learning-engineer"
    from curriculum.models import Role

    response = curator.get(
        reverse("admin:curriculum_role_change", args=[Role.objects.get(slug=role).pk])
    )
    assert "requirements" in response.content.decode().lower()


def test_an_uploaded_module_is_previewed_and_merged(curator):
    module = {
        "format": "waymark-curriculum/2",
        "skills": [{"slug": "julia", "name": "Julia", "area": "programming", "hours": 8}],
    }
    upload = SimpleUploadedFile("module.yaml", yaml.safe_dump(module).encode())

    preview = curator.post(reverse("admin:curriculum_upload"), {"file": upload, "merge": "on"})

    page = preview.content.decode()
    assert (
        "Dry run, nothing saved (merge: other entries kept): the load would make 1 created" in page
    )
    assert "created  skill julia" in page
    confirm = {**preview.context["confirm"].initial, "confirm": "Load it"}
    curator.post(reverse("admin:curriculum_upload"), confirm)
    assert Skill.objects.filter(slug="julia").exists()
    assert Skill.objects.filter(slug="python", is_retired=False).exists()
