"""Resources, practice tasks and project datasets in the curriculum file, admin and API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from curriculum.exchange import export_document
from curriculum.models import Project, Resource, Skill, SkillLevel
from curriculum.revision import current_revision
from curriculum.services import load_curriculum_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PYTHON_RESOURCES = [
    {
        "title": "The Python Tutorial",
        "url": "https://docs.python.org/3/tutorial/",
        "kind": "documentation",
        "free": True,
        "hours": 12,
        "levels": [1, 2],
    },
    {
        "title": "Fluent Python",
        "url": "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/",
        "kind": "book",
        "free": False,
        "levels": [3],
    },
]


@pytest.fixture
def studied_document(small_document):
    python = small_document["skills"][0]
    python["practice"] = {
        1: "Write a script that counts the words of a text file.",
        2: "Write a command-line tool with two modules and a third-party package.",
        3: "Package a small library with tests and type hints.",
    }
    python["resources"] = [dict(r) for r in PYTHON_RESOURCES]
    small_document["projects"][0]["dataset"] = {
        "title": "Titanic on Kaggle",
        "url": "https://www.kaggle.com/c/titanic",
    }
    return small_document


def test_resources_and_practice_tasks_load(studied_document, write_yaml):
    load_curriculum_file(path=write_yaml(studied_document))

    python = Skill.objects.get(slug="python")
    assert [(r.title, r.kind, r.free, r.hours, r.levels) for r in python.resources.all()] == [
        ("The Python Tutorial", "documentation", True, 12.0, [1, 2]),
        ("Fluent Python", "book", False, None, [3]),
    ]
    practice = dict(SkillLevel.objects.filter(skill=python).values_list("level", "practice"))
    assert practice[2].startswith("Write a command-line tool")
    assert practice[4] == ""
    titanic = Project.objects.get(slug="titanic")
    assert (titanic.dataset_title, titanic.dataset_url) == (
        "Titanic on Kaggle",
        "https://www.kaggle.com/c/titanic",
    )


def test_a_file_with_resources_loads_exports_and_reloads_unchanged(
    studied_document, write_yaml, tmp_path
):
    load_curriculum_file(path=write_yaml(studied_document))
    exported = tmp_path / "exported.yaml"
    call_command("export_curriculum", str(exported))
    before = export_document(), current_revision()

    report = load_curriculum_file(path=exported)

    assert not report.changed
    assert (export_document(), current_revision()) == before
    again = tmp_path / "again.yaml"
    call_command("export_curriculum", str(again))
    assert again.read_text() == exported.read_text()
    exported_python = export_document()["skills"][0]
    assert exported_python["resources"][0] == PYTHON_RESOURCES[0]
    assert exported_python["practice"][3] == "Package a small library with tests and type hints."


def test_reordering_resources_in_the_file_is_a_change(studied_document, write_yaml):
    load_curriculum_file(path=write_yaml(studied_document))
    studied_document["skills"][0]["resources"].reverse()

    report = load_curriculum_file(path=write_yaml(studied_document))

    assert "resources" in report.changed["skill python"]
    assert list(Skill.objects.get(slug="python").resources.values_list("title", flat=True)) == [
        "Fluent Python",
        "The Python Tutorial",
    ]


BAD_RESOURCES = [
    (
        "non-http url",
        {"url": "ftp://example.com/book.pdf"},
        "skills[0] (python) resources[0] ('The Python Tutorial'): url 'ftp://example.com/book.pdf'"
        " must start with http:// or https://",
    ),
    (
        "javascript url",
        {"url": "javascript:alert(1)"},
        "resources[0] ('The Python Tutorial'): url 'javascript:alert(1)' must start with http",
    ),
    (
        "malformed url",
        {"url": "https://exa mple.com/"},
        "resources[0] ('The Python Tutorial'): url 'https://exa mple.com/' is not a well-formed",
    ),
    (
        "unknown kind",
        {"kind": "podcast"},
        "skills[0] (python) resources[0] ('The Python Tutorial'): kind 'podcast' must be one of"
        " course, book, documentation, video, article, interactive",
    ),
    (
        "level out of range",
        {"levels": [1, 6]},
        "skills[0] (python) resources[0] ('The Python Tutorial'): level 6 is outside 1–5",
    ),
    (
        "no levels",
        {"levels": []},
        "resources[0] ('The Python Tutorial'): levels must be a non-empty list",
    ),
    (
        "missing title",
        {"title": None},
        "skills[0] (python) resources[0]: title is missing",
    ),
    (
        "unknown key",
        {"author": "Guido"},
        "skills[0] (python) resources[0] ('The Python Tutorial'): unknown key 'author'",
    ),
    (
        "free not a boolean",
        {"free": "yes"},
        "resources[0] ('The Python Tutorial'): free 'yes' must be true or false",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "message"), BAD_RESOURCES, ids=[c[0] for c in BAD_RESOURCES]
)
def test_a_bad_resource_is_refused_naming_the_skill_and_the_resource(
    studied_document, write_yaml, case, change, message
):
    before = export_document(), current_revision()
    resource = studied_document["skills"][0]["resources"][0]
    resource.update(change)
    if resource["title"] is None:
        del resource["title"]

    with pytest.raises(CommandError) as error:
        call_command("load_curriculum", str(write_yaml(studied_document)))

    assert message in str(error.value)
    assert (export_document(), current_revision()) == before


def test_bad_practice_and_dataset_entries_are_refused(studied_document, write_yaml):
    studied_document["skills"][0]["practice"][7] = "Beyond the scale."
    studied_document["skills"][1]["practice"] = {1: "  "}
    studied_document["projects"][0]["dataset"] = {"title": "Titanic", "url": "file:///tmp/x"}

    with pytest.raises(CommandError) as error:
        call_command("load_curriculum", str(write_yaml(studied_document)))

    message = str(error.value)
    assert "skills[0] (python): practice level 7 is outside 1–5" in message
    assert "skills[1] (algebra): practice for level 1 is empty" in message
    assert "projects[0] (titanic) dataset: url 'file:///tmp/x' must start with http" in message


# -- admin -------------------------------------------------------------------------------


@pytest.fixture
def curator(client):
    user = UserFactory(email="curator@example.com", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def skill_form(skill, resources):
    levels = list(skill.levels.order_by("level"))
    prerequisites = list(skill.prerequisites.all())
    existing = list(skill.resources.all())
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
        "prerequisites-INITIAL_FORMS": len(prerequisites),
        "prerequisites-MIN_NUM_FORMS": 0,
        "prerequisites-MAX_NUM_FORMS": 1000,
        "resources-TOTAL_FORMS": len(resources),
        "resources-INITIAL_FORMS": len(existing),
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
                f"levels-{i}-practice": lv.practice,
            }
        )
    for i, p in enumerate(prerequisites):
        data.update(
            {
                f"prerequisites-{i}-id": p.pk,
                f"prerequisites-{i}-skill": skill.pk,
                f"prerequisites-{i}-required_skill": p.required_skill_id,
                f"prerequisites-{i}-required_level": p.required_level,
                f"prerequisites-{i}-for_level": p.for_level,
            }
        )
    for i, r in enumerate(resources):
        data.update({f"resources-{i}-{k}": v for k, v in r.items()})
        data[f"resources-{i}-skill"] = skill.pk
    return data


def test_the_admin_shows_a_skills_resources_and_practice_tasks(curator):
    skill = Skill.objects.get(slug="python")
    response = curator.get(reverse("admin:curriculum_skill_change", args=[skill.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="resources-0-url"' in page
    assert skill.resources.first().url in page
    assert 'name="levels-0-practice"' in page


def test_the_admin_saves_and_reorders_resources(curator):
    skill = Skill.objects.get(slug="git")
    revision = current_revision()
    current = [
        {
            "id": r.pk,
            "position": r.position,
            "title": r.title,
            "url": r.url,
            "kind": r.kind,
            "free": "on" if r.free else "",
            "hours": r.hours or "",
            "levels": str(r.levels),
        }
        for r in skill.resources.all()
    ]
    current[0]["position"] = 99  # the first goes last
    added = {
        "position": 0,
        "title": "Git documentation",
        "url": "https://git-scm.com/doc",
        "kind": "documentation",
        "free": "on",
        "hours": "",
        "levels": "[1, 2, 3]",
    }

    response = curator.post(
        reverse("admin:curriculum_skill_change", args=[skill.pk]),
        skill_form(skill, [*current, added]),
    )

    assert response.status_code == 302, response.context["errors"]
    titles = list(skill.resources.order_by("position", "pk").values_list("title", flat=True))
    assert titles[-1] == current[0]["title"]
    assert "Git documentation" in titles
    assert current_revision() > revision


def test_the_admin_refuses_a_resource_with_a_bad_link_or_levels(curator):
    skill = Skill.objects.get(slug="git")
    count = skill.resources.count()
    bad = {
        "position": 0,
        "title": "Somewhere",
        "url": "ftp://example.com/",
        "kind": "article",
        "free": "on",
        "hours": "",
        "levels": "[0, 9]",
    }
    existing = [
        {
            "id": r.pk,
            "position": r.position,
            "title": r.title,
            "url": r.url,
            "kind": r.kind,
            "free": "on",
            "hours": "",
            "levels": str(r.levels),
        }
        for r in skill.resources.all()
    ]

    response = curator.post(
        reverse("admin:curriculum_skill_change", args=[skill.pk]),
        skill_form(skill, [*existing, bad]),
    )

    assert response.status_code == 200
    errors = str(response.context["errors"])
    assert "Enter a valid URL" in errors
    assert "levels it serves" in errors
    assert skill.resources.count() == count


# -- API -----------------------------------------------------------------------------------


def test_the_skill_api_lists_resources_and_practice_tasks(api):
    response = api.get("/api/v1/skills/python/")

    body = response.json()
    assert response.status_code == 200
    assert body["levels"][0]["practice"]
    assert body["resources"]
    first = body["resources"][0]
    assert set(first) == {"title", "url", "kind", "free", "hours", "levels"}
    assert first["url"].startswith("https://")


def test_the_project_api_suggests_a_dataset(api):
    project = Project.objects.exclude(dataset_url="").first()
    response = api.get(f"/api/v1/projects/{project.slug}/")

    assert response.json()["dataset"] == {
        "title": project.dataset_title,
        "url": project.dataset_url,
    }
    without = Project.objects.filter(dataset_url="").first()
    if without:
        assert api.get(f"/api/v1/projects/{without.slug}/").json()["dataset"] is None


def test_a_resource_row_refuses_levels_outside_the_scale():
    skill = Skill.objects.get(slug="python")
    resource = Resource(skill=skill, title="x", url="https://example.com/", kind="article")
    for levels in ([], [0], [6], ["1"], [True]):
        resource.levels = levels
        with pytest.raises(ValidationError, match="levels"):
            resource.full_clean()
