"""Format 2: defaults marked estimated, any_of, order and source; old files still load."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from curriculum.exchange import CurriculumFileError, export_document, read_file
from curriculum.exchange.document import DEFAULT_HOURS, FORMAT
from curriculum.exchange.export import dump
from curriculum.models import Area, Skill, SkillLevel
from curriculum.revision import current_revision
from curriculum.services import load_curriculum_file, load_curriculum_text
from planner.services.roadmaps import preview_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def skill(slug, hours, *prerequisites, **extra):
    return {
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "area": "vectors",
        "hours": hours,
        "prerequisites": [{"skill": p, "level": 2} for p in prerequisites],
        **extra,
    }


VECTOR_MODULE = {
    "format": FORMAT,
    "mode": "merge",
    "defaults": {"levels": {1: "Has used it once."}, "hours": [3, 6, 12, 24, 48]},
    "areas": [{"slug": "vectors", "name": "Vector search", "source": "roadmap.sh/ai-engineer"}],
    "skills": [
        skill("qdrant", 30, order=1, source="https://qdrant.tech"),
        skill("faiss", 2, "heavy-maths", order=2),  # cheap, but needs heavy maths first
        skill("chroma", 10, order=3),
        skill("heavy-maths", 100),
        {"slug": "pgvector", "name": "pgvector", "area": "vectors"},  # all from defaults
    ],
    "roles": [
        {
            "slug": "search-engineer",
            "name": "Search engineer",
            "requirements": [
                {"any_of": ["qdrant", "faiss", "chroma", "pgvector"], "level": 2},
                {"skill": "python", "level": 1},
            ],
        }
    ],
}


@pytest.fixture
def vector_module(tmp_path):
    path = tmp_path / "vectors.yaml"
    path.write_text(yaml.safe_dump(VECTOR_MODULE, sort_keys=False))
    load_curriculum_file(path=path)
    return path


def test_what_a_skill_leaves_out_comes_from_the_defaults_marked_estimated(vector_module):
    levels = list(SkillLevel.objects.filter(skill__slug="pgvector").order_by("level"))
    assert [lv.hours for lv in levels] == [3, 6, 12, 24, 48]
    assert all(lv.hours_estimated and lv.descriptor_estimated for lv in levels)
    assert levels[0].descriptor == "Has used it once."
    qdrant = list(SkillLevel.objects.filter(skill__slug="qdrant").order_by("level"))
    assert [lv.hours_estimated for lv in qdrant] == [False] * 5
    assert [lv.descriptor_estimated for lv in qdrant] == [True] * 5

    exported = next(s for s in export_document()["skills"] if s["slug"] == "pgvector")
    assert exported["estimated"] == {"levels": [1, 2, 3, 4, 5], "hours": [1, 2, 3, 4, 5]}


def test_order_and_source_are_kept(vector_module):
    qdrant = Skill.objects.get(slug="qdrant")
    assert (qdrant.order, qdrant.source) == (1, "https://qdrant.tech")
    assert Area.objects.get(slug="vectors").source == "roadmap.sh/ai-engineer"


def test_the_whole_curriculum_exports_and_reloads_unchanged(vector_module, tmp_path):
    path = tmp_path / "all.yaml"
    path.write_text(dump(export_document()))
    revision = current_revision()

    report = load_curriculum_file(path=path)

    assert not report.any_change, report.lines()
    assert current_revision() == revision
    assert dump(export_document()) == path.read_text()


def test_an_any_of_requirement_is_planned_as_the_cheapest_member(vector_module):
    plan, _ = preview_plan(role="search-engineer", weekly_hours=10, skills={})
    planned = {item.skill for item in plan.items}
    # chroma: 20 h to level 2; faiss: 4 h but 200 h of heavy maths first; qdrant 60 h;
    # pgvector 9 h from the defaults.
    assert planned & {"qdrant", "faiss", "chroma", "pgvector", "heavy-maths"} == {"pgvector"}

    plan, _ = preview_plan(
        role="search-engineer", weekly_hours=10, skills={"heavy-maths": 2, "pgvector": 0}
    )
    planned = {item.skill for item in plan.items}
    assert planned & {"qdrant", "faiss", "chroma", "pgvector"} == {"faiss"}


def test_an_any_of_member_is_cheapest_counting_what_the_role_needs_anyway(vector_module, tmp_path):
    # With heavy maths required by the role itself, faiss costs only its own 4 hours.
    module = {
        "format": FORMAT,
        "mode": "merge",
        "roles": [
            {
                "slug": "search-scientist",
                "name": "Search scientist",
                "requirements": [
                    {"skill": "heavy-maths", "level": 2},
                    {"any_of": ["qdrant", "faiss", "chroma", "pgvector"], "level": 2},
                ],
            }
        ],
    }
    path = tmp_path / "scientist.yaml"
    path.write_text(yaml.safe_dump(module))
    load_curriculum_file(path=path)

    plan, _ = preview_plan(role="search-scientist", weekly_hours=10, skills={})

    planned = {item.skill for item in plan.items}
    assert planned & {"qdrant", "faiss", "chroma", "pgvector"} == {"faiss"}


def test_an_any_of_requirement_is_met_by_any_one_member(vector_module):
    plan, _ = preview_plan(role="search-engineer", weekly_hours=10, skills={"qdrant": 2})
    planned = {item.skill for item in plan.items}
    assert not planned & {"qdrant", "faiss", "chroma", "pgvector", "heavy-maths"}
    assert "python" in planned


def test_a_format_1_file_may_not_use_format_2_keys(small_document, write_yaml):
    small_document["roles"][0]["requirements"][0] = {"any_of": ["ml", "algebra"], "level": 2}
    small_document["skills"][0]["source"] = "https://python.org"
    with pytest.raises(CurriculumFileError) as refused:
        read_file(write_yaml(small_document))
    assert refused.value.errors == [
        "skills[0] (python): key 'source' needs format 'waymark-curriculum/2'",
        "roles[0] (ml-engineer) requirements[0]: key 'any_of' needs format 'waymark-curriculum/2'",
    ]


def test_an_any_of_names_real_skills_and_no_skill_twice(small_document, write_yaml):
    small_document["format"] = FORMAT
    small_document["roles"][0]["requirements"].append({"any_of": ["python", "cobol"], "level": 2})
    with pytest.raises(CurriculumFileError) as refused:
        read_file(write_yaml(small_document))
    assert refused.value.errors == [
        "roles[0] (ml-engineer) requirements[2]: unknown skill 'cobol'",
        "roles[0] (ml-engineer) requirements[2]: skill 'python' is required twice",
    ]


def test_a_skill_added_in_the_admin_with_two_levels_exports_and_reloads_unchanged(client, tmp_path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    area = Area.objects.get(slug="programming")
    data = {
        "slug": "julia",
        "name": "Julia",
        "area": area.pk,
        "description": "",
        "position": 0,
        "source": "",
        "levels-TOTAL_FORMS": 2,
        "levels-INITIAL_FORMS": 0,
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 5,
        "prerequisites-TOTAL_FORMS": 0,
        "prerequisites-INITIAL_FORMS": 0,
        "prerequisites-MIN_NUM_FORMS": 0,
        "prerequisites-MAX_NUM_FORMS": 1000,
        "resources-TOTAL_FORMS": 0,
        "resources-INITIAL_FORMS": 0,
        "resources-MIN_NUM_FORMS": 0,
        "resources-MAX_NUM_FORMS": 1000,
    }
    for i, (level, hours) in enumerate([(1, 6), (2, 14)]):
        data |= {
            f"levels-{i}-level": level,
            f"levels-{i}-descriptor": f"Julia {level}",
            f"levels-{i}-hours": hours,
        }
    response = client.post(reverse("admin:curriculum_skill_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    julia = Skill.objects.get(slug="julia")
    levels = list(julia.levels.order_by("level"))
    assert [(lv.level, lv.hours, lv.hours_estimated) for lv in levels] == [
        (1, 6, False),
        (2, 14, False),
        *((n, DEFAULT_HOURS[n - 1], True) for n in range(3, 6)),
    ]

    exported = tmp_path / "exported.yaml"
    call_command("export_curriculum", str(exported))
    revision = current_revision()

    report = load_curriculum_text(text=exported.read_text())

    assert not report.any_change, report.lines()
    assert current_revision() == revision


def test_curators_see_which_skills_have_estimated_values(vector_module, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:curriculum_skill_changelist"), {"estimated": "yes"})

    page = response.content.decode()
    assert "estimated (5 of 5 levels)" in page  # pgvector, qdrant (descriptors), …
    assert "Linear algebra" not in page


def test_the_api_lists_an_any_of_requirements_other_members(vector_module, api):
    response = api.get("/api/v1/roles/search-engineer/")

    assert response.status_code == 200
    assert response.json()["requirements"][0] == {
        "skill": "qdrant",
        "level": 2,
        "priority": "core",
        "alternatives": ["chroma", "faiss", "pgvector"],
    }


def test_plan_over_a_file_resolves_any_of_for_the_given_levels(small_document, write_yaml, capsys):
    small_document["format"] = FORMAT
    small_document["roles"].append(
        {
            "slug": "either",
            "name": "Either",
            "requirements": [{"any_of": ["ml", "algebra"], "level": 2}],
        }
    )
    path = str(write_yaml(small_document))

    call_command("plan", "--role", "either", "--curriculum", path)
    cheapest = capsys.readouterr().out
    call_command("plan", "--role", "either", "--curriculum", path, "--skill", "ml=2")
    met = capsys.readouterr().out

    # Algebra to 2: 30 h; machine learning to 2: 50 h plus Python 1 first.
    assert "Algebra" in cheapest and "Machine learning" not in cheapest
    assert "Algebra" not in met


def test_the_self_assessment_asks_about_every_member_of_an_any_of(vector_module, client):
    from curriculum.models import Role
    from tests.factories import LearnerProfileFactory

    profile = LearnerProfileFactory(target_role=Role.objects.get(slug="search-engineer"))
    client.force_login(profile.user)

    page = client.get(reverse("planner:onboarding-skills")).content.decode()

    for name in ("Qdrant", "Faiss", "Chroma", "pgvector"):
        assert name in page


def test_the_planner_takes_equal_siblings_in_their_order(tmp_path):
    def module(orders):
        return {
            "format": FORMAT,
            "areas": [{"slug": "vectors", "name": "Vector search"}],
            "skills": [skill(slug, 5, order=order) for slug, order in orders.items()],
            "roles": [
                {
                    "slug": "retriever",
                    "name": "Retrieval engineer",
                    "requirements": [{"skill": slug, "level": 1} for slug in orders],
                }
            ],
        }

    def planned(orders):
        path = tmp_path / "order.yaml"
        path.write_text(yaml.safe_dump(module(orders), sort_keys=False))
        load_curriculum_file(path=path)
        plan, _ = preview_plan(role="retriever", weekly_hours=10, skills={})
        return [item.skill for item in plan.items]

    assert planned({"qdrant": 2, "chroma": 1}) == ["chroma", "qdrant"]
    assert planned({"qdrant": 1, "chroma": 2}) == ["qdrant", "chroma"]
