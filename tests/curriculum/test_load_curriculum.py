"""load_curriculum / export_curriculum: atomic, idempotent, round-tripping, strict."""

import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from curriculum.exchange import CurriculumFileError, export_document, read_file
from curriculum.models import (
    CurriculumRevision,
    Prerequisite,
    Project,
    Requirement,
    Role,
    Skill,
    SkillLevel,
    Subtask,
)
from curriculum.revision import current_revision
from curriculum.services import load_curriculum_file
from planner.models import LearnerSkill
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a load can change, as comparable data."""
    return export_document(), current_revision()


def test_loading_a_file_creates_every_entry(small_document, write_yaml):
    report = load_curriculum_file(path=write_yaml(small_document))

    assert Skill.objects.filter(slug__in=["python", "algebra", "ml"], is_retired=False).count() == 3
    ml = Skill.objects.get(slug="ml")
    assert [lv.hours for lv in ml.levels.order_by("level")] == [20, 30, 60, 120, 240]
    assert set(
        ml.prerequisites.values_list("required_skill__slug", "required_level", "for_level")
    ) == {
        ("python", 1, 1),
        ("algebra", 2, 3),
    }
    assert Role.objects.get(slug="dl-engineer").variant_of.slug == "ml-engineer"
    assert Subtask.objects.get(name="Training").skills.count() == 2
    assert report.any_change and "skill ml" in report.created


def test_a_second_load_changes_nothing(small_document, write_yaml):
    path = write_yaml(small_document)
    load_curriculum_file(path=path)
    before = snapshot()

    report = load_curriculum_file(path=path)

    assert not report.any_change
    assert snapshot() == before


def test_a_change_in_the_file_moves_the_revision_once(small_document, write_yaml):
    load_curriculum_file(path=write_yaml(small_document))
    revision = current_revision()
    small_document["skills"][0]["hours"] = [12, 20, 40, 80, 160]
    small_document["roles"][0]["requirements"][0]["level"] = 4

    report = load_curriculum_file(path=write_yaml(small_document))

    assert current_revision() == revision + 1
    assert report.changed == {
        "skill python": ["levels"],
        "role ml-engineer": ["requirements"],
    }
    assert Requirement.objects.get(role__slug="ml-engineer", skill__slug="ml").level == 4


def test_export_then_load_is_a_fixed_point(tmp_path):
    exported = tmp_path / "exported.yaml"
    call_command("export_curriculum", str(exported))
    before = snapshot()

    call_command("load_curriculum", str(exported))

    assert snapshot() == before
    again = tmp_path / "again.yaml"
    call_command("export_curriculum", str(again))
    assert again.read_text() == exported.read_text()


def test_json_files_are_accepted_too(small_document, tmp_path):
    path = tmp_path / "curriculum.json"
    path.write_text(json.dumps(small_document))
    load_curriculum_file(path=path)
    assert Skill.objects.filter(slug="ml").exists()


BAD_CASES = [
    (
        "unknown key",
        lambda d: d["skills"][0].update(colour="blue"),
        "skills[0] (python): unknown key 'colour'",
    ),
    (
        "unknown skill",
        lambda d: d["roles"][0]["requirements"].append({"skill": "cobol", "level": 2}),
        "roles[0] (ml-engineer) requirements[2]: unknown skill 'cobol'",
    ),
    (
        "level above 5",
        lambda d: d["roles"][0]["requirements"][0].update(level=6),
        "roles[0] (ml-engineer) requirements[0]: level 6 is outside 1–5",
    ),
    (
        "negative level",
        lambda d: d["projects"][0]["skills"][0].update(level=-1),
        "projects[0] (titanic) skills[0]: level -1 is outside 1–5",
    ),
    (
        "prerequisite cycle",
        lambda d: d["skills"][0]["prerequisites"].append({"skill": "ml", "level": 1}),
        "prerequisite cycle",
    ),
    (
        "duplicate slug",
        lambda d: d["skills"].append(dict(d["skills"][1])),
        "skills[3] (algebra): duplicate slug 'algebra'",
    ),
    (
        "wrong format",
        lambda d: d.update(format="something-else/2"),
        "file: format must be 'waymark-curriculum/2' or 'waymark-curriculum/1'",
    ),
]


@pytest.mark.parametrize(("case", "spoil", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_a_bad_file_is_refused_whole_and_changes_nothing(
    small_document, write_yaml, case, spoil, message
):
    before = snapshot()
    spoil(small_document)
    # A valid change elsewhere in the same file must not be applied either.
    small_document["skills"][1]["name"] = "Renamed algebra"

    with pytest.raises(CommandError) as error:
        call_command("load_curriculum", str(write_yaml(small_document)))

    assert message in str(error.value)
    assert snapshot() == before


def test_a_cycle_is_named_in_full(small_document, write_yaml):
    small_document["skills"][0]["prerequisites"] = [{"skill": "ml", "level": 1}]
    with pytest.raises(CurriculumFileError) as error:
        read_file(write_yaml(small_document))
    cycle = next(e for e in error.value.errors if "cycle" in e)
    assert "Machine learning (ml) → Python (python) → Machine learning (ml)" in cycle


def test_every_problem_is_reported_at_once(small_document, write_yaml):
    small_document["skills"][0]["colour"] = "blue"
    small_document["projects"][0]["level"] = "wizard"
    with pytest.raises(CurriculumFileError) as error:
        read_file(write_yaml(small_document))
    assert len(error.value.errors) == 2


def test_missing_entries_are_removed_unless_in_use(small_document, write_yaml):
    load_curriculum_file(path=write_yaml(small_document))
    learner = UserFactory()
    LearnerSkill.objects.create(user=learner, skill=Skill.objects.get(slug="algebra"), level=2)
    small_document["skills"] = [s for s in small_document["skills"] if s["slug"] != "algebra"]
    small_document["skills"][1]["prerequisites"] = [{"skill": "python", "level": 1}]
    small_document["projects"] = []

    report = load_curriculum_file(path=write_yaml(small_document))

    assert "project titanic" in report.deleted
    assert not Project.objects.filter(slug="titanic").exists()
    # A learner still holds a level in algebra: it is retired, not deleted.
    assert "skill algebra" in report.retired
    algebra = Skill.objects.get(slug="algebra")
    assert algebra.is_retired
    assert "algebra" not in {s["slug"] for s in export_document()["skills"]}

    # Back in the file, it comes back to life.
    small_document["skills"].append(
        {
            "slug": "algebra",
            "name": "Algebra",
            "area": "maths",
            "levels": {n: "x" for n in range(1, 6)},
            "hours": 15,
        }
    )
    load_curriculum_file(path=write_yaml(small_document))
    assert not Skill.objects.get(slug="algebra").is_retired


def test_export_without_a_file_prints_yaml(capsys):
    call_command("export_curriculum")
    document = yaml.safe_load(capsys.readouterr().out)
    assert document["format"] == "waymark-curriculum/2"
    assert len(document["skills"]) == Skill.objects.filter(is_retired=False).count()


def test_the_revision_row_counts_loads(small_document, write_yaml):
    load_curriculum_file(path=write_yaml(small_document))
    assert CurriculumRevision.objects.get(pk=1).name == "Tiny"
    assert SkillLevel.objects.filter(skill__slug="algebra").count() == 5
    assert Prerequisite.objects.filter(skill__slug="ml").count() == 2


def test_a_change_is_announced_once_after_commit_even_after_a_rollback(
    small_document, write_yaml, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from curriculum.revision import curriculum_changed

    heard = []

    def listener(sender, revision, **kwargs):
        heard.append(revision)

    curriculum_changed.connect(listener)
    try:
        # A change that rolls back announces nothing and must not silence the next one.
        with pytest.raises(RuntimeError), transaction.atomic():
            Skill.objects.filter(slug="python").first().save()
            raise RuntimeError
        with django_capture_on_commit_callbacks(execute=True):
            load_curriculum_file(path=write_yaml(small_document))
    finally:
        curriculum_changed.disconnect(listener)
    assert heard == [current_revision()]
