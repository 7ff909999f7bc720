"""Open frameworks in: Moodle competency CSV and ESCO CSV files become curriculum files
that load, plan and round-trip. The samples are small files in the real column layouts."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from curriculum.exchange import export_document
from curriculum.exchange.esco import import_esco
from curriculum.exchange.export import dump
from curriculum.exchange.moodle import import_framework
from curriculum.models import Requirement, Skill, SkillLevel
from curriculum.revision import current_revision
from curriculum.services import load_curriculum_file
from planner.services.roadmaps import preview_plan

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
MOODLE = SAMPLES / "moodle-ml-framework.csv"
ESCO = SAMPLES / "esco"


def esco_files():
    return {
        "skills": ESCO / "skills_en.csv",
        "relations": ESCO / "skillSkillRelations_en.csv",
        "occupations": ESCO / "occupations_en.csv",
        "occupation_skills": ESCO / "occupationSkillRelations_en.csv",
    }


def assert_round_trips(tmp_path):
    path = tmp_path / "exported.yaml"
    path.write_text(dump(export_document()))
    revision = current_revision()
    report = load_curriculum_file(path=path)
    assert not report.any_change, report.lines()
    assert current_revision() == revision


def test_a_moodle_framework_becomes_areas_skills_and_a_role():
    document = import_framework(MOODLE)

    assert document["name"] == "ML foundations"
    assert [a["slug"] for a in document["areas"]] == ["math", "model", "ml-foundations"]
    skills = {s["slug"]: s for s in document["skills"]}
    assert list(skills) == [
        "math-la",
        "math-calc",
        "model-sup",
        "model-sup-1",
        "model-sup-2",
        "model-eval",
        "stats",
    ]
    # Children are parts of their parent: reached first.
    assert skills["model-sup"]["prerequisites"] == [
        {"skill": "model-sup-1", "level": 1},
        {"skill": "model-sup-2", "level": 1},
    ]
    assert [skills[s]["order"] for s in ("model-sup", "model-sup-1", "model-eval")] == [0, 1, 3]
    assert skills["math-la"]["description"] == "Vectors, matrices & decompositions."
    assert skills["math-calc"]["description"] == "Derivatives and gradients.\nChain rule."
    assert skills["stats"] | {"area": "ml-foundations", "order": 0} == skills["stats"]
    assert skills["model-sup-1"]["source"] == "moodle:ML-FOUNDATIONS/MODEL-SUP-1"
    (role,) = document["roles"]
    assert role["requirements"] == [
        {"skill": slug, "level": 3}
        for slug in ("math-la", "math-calc", "model-sup", "model-eval", "stats")
    ]
    assert role["description"] == (
        "A small framework of machine-learning competencies, written for Waymark's importer tests."
    )


def test_a_moodle_module_loads_beside_the_curriculum_plans_and_round_trips(tmp_path):
    path = tmp_path / "moodle.yaml"
    call_command(
        "import_moodle_framework", str(MOODLE), "-o", str(path), "--module", "--level", "2"
    )

    report = load_curriculum_file(path=path)

    assert "skill model-sup-1" in report.created and not report.deleted
    assert Skill.objects.filter(slug="python", is_retired=False).exists()
    levels = SkillLevel.objects.filter(skill__slug="model-sup")
    assert levels.count() == 5 and all(lv.hours_estimated for lv in levels)
    plan, _ = preview_plan(role="ml-foundations", weekly_hours=10, skills={})
    assert {"model-sup-1", "model-sup-2", "model-sup", "stats"} <= {i.skill for i in plan.items}
    assert_round_trips(tmp_path)


def test_a_moodle_module_does_not_reuse_the_curriculums_slugs(tmp_path):
    csv = tmp_path / "f.csv"
    text = MOODLE.read_text().replace(",STATS,Statistics,", ",PYTHON,Python,")
    csv.write_text(text.replace("MATH-LA,9", ",9"))
    path = tmp_path / "moodle.yaml"
    call_command("import_moodle_framework", str(csv), "-o", str(path), "--module")

    load_curriculum_file(path=path)

    assert Skill.objects.get(slug="python-2").source == "moodle:ML-FOUNDATIONS/PYTHON"
    assert Skill.objects.get(slug="python").source == ""


def test_a_csv_that_is_not_a_moodle_framework_is_refused(tmp_path):
    csv = tmp_path / "f.csv"
    csv.write_text("name,level\npython,2\n")
    with pytest.raises(CommandError, match="expected the 14 columns of a Moodle competency"):
        call_command("import_moodle_framework", str(csv))


def test_esco_occupations_become_roles_with_core_and_nice_requirements():
    document, notes = import_esco(**esco_files(), only=["data scientist"])

    skills = {s["slug"]: s for s in document["skills"]}
    # The occupation's skills and their essential skills; not the forklift.
    assert set(skills) == {
        "perform-data-mining",
        "statistics",
        "python-computer-programming",
        "present-reports",
        "machine-learning",
        "data-models",
    }
    assert skills["machine-learning"]["prerequisites"] == [{"skill": "statistics", "level": 1}]
    assert skills["machine-learning"]["area"] == "esco-knowledge"
    assert skills["statistics"]["source"].startswith("http://data.europa.eu/esco/skill/")
    # present reports → statistics is optional: not a prerequisite.
    assert skills["present-reports"]["prerequisites"] == []
    (role,) = document["roles"]
    assert role["slug"] == "data-scientist"
    assert role["titles"] == ["data science specialist", "data analytics scientist"]
    assert role["requirements"] == [
        {"skill": "perform-data-mining", "level": 3, "priority": "core"},
        {"skill": "statistics", "level": 3, "priority": "core"},
        {"skill": "python-computer-programming", "level": 3, "priority": "core"},
        {"skill": "present-reports", "level": 2, "priority": "nice"},
    ]
    # data models ⇄ perform data mining are essential to each other: one edge is dropped.
    assert notes == [
        "essential relations go round (data-models → perform-data-mining → data-models): "
        "'perform-data-mining' is not made a prerequisite of 'data-models'"
    ]
    assert skills["perform-data-mining"]["prerequisites"] == [
        {"skill": "machine-learning", "level": 1},
        {"skill": "data-models", "level": 1},
    ]


def test_an_esco_module_loads_plans_and_round_trips(tmp_path):
    path = tmp_path / "esco.yaml"
    files = esco_files()
    call_command(
        "import_esco",
        "--skills", str(files["skills"]),
        "--relations", str(files["relations"]),
        "--occupations", str(files["occupations"]),
        "--occupation-skills", str(files["occupation_skills"]),
        "--module",
        "-o", str(path),
    )  # fmt: skip
    document = yaml.safe_load(path.read_text())
    assert document["mode"] == "merge"
    # The shipped curriculum has its own statistics and data-scientist: no clash.
    assert {s["slug"] for s in document["skills"]} >= {"statistics-2", "operate-forklift"}
    assert {r["slug"] for r in document["roles"]} == {"data-scientist-2", "forklift-operator"}

    load_curriculum_file(path=path)

    assert Requirement.objects.filter(role__slug="data-scientist-2").count() == 4
    plan, _ = preview_plan(
        role="data-scientist-2", weekly_hours=10, skills={}, include_nice_to_have=True
    )
    planned = {i.skill for i in plan.items}
    assert {"perform-data-mining", "machine-learning", "statistics-2", "present-reports"} <= planned
    assert_round_trips(tmp_path)


def test_an_unknown_esco_occupation_is_named():
    with pytest.raises(ValueError, match="no such occupation: astronaut"):
        import_esco(**esco_files(), only=["astronaut"])


def test_an_esco_file_without_its_columns_is_refused(tmp_path):
    bad = tmp_path / "skills_en.csv"
    bad.write_text("conceptUri,preferredLabel\nx,y\n")
    with pytest.raises(CommandError, match="skills_en.csv: missing column"):
        call_command("import_esco", "--skills", str(bad))


def test_moodle_parents_that_go_round_are_named(tmp_path):
    csv = tmp_path / "f.csv"
    text = MOODLE.read_text()
    text = text.replace("MATH,MATH-LA,", "MATH-CALC,MATH-LA,").replace(
        "MATH,MATH-CALC,", "MATH-LA,MATH-CALC,"
    )
    csv.write_text(text)
    with pytest.raises(CommandError, match="parent id numbers go round: MATH-CALC, MATH-LA"):
        call_command("import_moodle_framework", str(csv))
