"""A role requirement's entry level (job-ready) in the curriculum file, database and snapshot."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from curriculum.exchange import export_document
from curriculum.models import Requirement
from curriculum.services import load_curriculum_file
from planner.snapshot import load_snapshot

pytestmark = pytest.mark.django_db


def test_an_entry_level_loads_exports_only_where_set_and_reaches_the_engine(
    small_document, write_yaml
):
    small_document["roles"][0]["requirements"][0]["entry_level"] = 2
    load_curriculum_file(path=write_yaml(small_document))

    requirement = Requirement.objects.get(role__slug="ml-engineer", skill__slug="ml")
    assert (requirement.level, requirement.entry_level) == (3, 2)
    exported = {r["slug"]: r["requirements"] for r in export_document()["roles"]}
    assert exported["ml-engineer"][0] == {
        "skill": "ml", "level": 3, "priority": "core", "entry_level": 2
    }  # fmt: skip
    assert "entry_level" not in exported["ml-engineer"][1]
    engine_role = load_snapshot(1).graph.roles["ml-engineer"]
    assert engine_role.requirements[0].job_ready_level == 2
    assert engine_role.requirements[1].job_ready_level == 3  # none given: the level


def test_an_entry_level_above_the_level_is_refused_naming_the_entry(small_document, write_yaml):
    small_document["roles"][0]["requirements"][0]["entry_level"] = 4
    with pytest.raises(CommandError) as error:
        call_command("load_curriculum", str(write_yaml(small_document)))
    assert "roles[0] (ml-engineer) requirements[0]: entry_level 4 is above level 3" in str(
        error.value
    )


def test_the_model_refuses_an_entry_level_above_the_level(small_document, write_yaml):
    load_curriculum_file(path=write_yaml(small_document))
    requirement = Requirement.objects.get(role__slug="ml-engineer", skill__slug="ml")
    requirement.entry_level = 5
    with pytest.raises(ValidationError, match="entry level cannot be above"):
        requirement.full_clean()
