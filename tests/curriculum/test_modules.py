"""Modules beside the shipped curriculum, dry runs that match the load, counts that add up."""

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from curriculum.exchange import CurriculumFileError, export_document
from curriculum.exchange.document import FORMAT
from curriculum.models import Area, Role, Skill
from curriculum.revision import current_revision
from curriculum.services import load_curriculum_file
from planner.services.roadmaps import preview_plan

pytestmark = pytest.mark.django_db

MODULE = {
    "format": FORMAT,
    "name": "LLM apps module",
    "mode": "merge",
    "areas": [{"slug": "llm-apps", "name": "LLM applications"}],
    "skills": [
        {
            "slug": "prompt-design",
            "name": "Prompt design",
            "area": "llm-apps",
            "hours": [4, 8, 16, 32, 64],
            "prerequisites": [{"skill": "python", "level": 2}],
            "source": "https://example.org/roadmaps/llm#prompts",
        },
        {
            "slug": "rag-pipelines",
            "name": "RAG pipelines",
            "area": "llm-apps",
            "hours": 12,
            "prerequisites": [
                {"skill": "prompt-design", "level": 2},
                {"skill": "vector-databases", "level": 1, "for_level": 2},
            ],
            "order": 2,
        },
    ],
    "roles": [
        {
            "slug": "llm-app-developer",
            "name": "LLM application developer",
            "tasks": ["deployment"],
            "requirements": [
                {"skill": "rag-pipelines", "level": 2},
                {"skill": "sql", "level": 1, "priority": "nice"},
            ],
        }
    ],
}


@pytest.fixture
def module_file(tmp_path):
    def write(document=None, name="module.yaml"):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document or MODULE, sort_keys=False))
        return path

    return write


def test_a_module_adds_skills_that_need_shipped_ones_and_plans_over_both(module_file):
    shipped = Skill.objects.filter(is_retired=False).count()

    report = load_curriculum_file(path=module_file())

    assert report.created == [
        "area llm-apps",
        "skill prompt-design",
        "skill rag-pipelines",
        "role llm-app-developer",
    ]
    assert report.changed == {} and report.deleted == [] and report.retired == []
    assert Skill.objects.filter(is_retired=False).count() == shipped + 2
    assert Role.objects.filter(slug="data-scientist", is_retired=False).exists()

    plan, _ = preview_plan(role="llm-app-developer", weekly_hours=10, skills={})
    planned = {item.skill for item in plan.items}
    assert {"prompt-design", "rag-pipelines", "python", "vector-databases"} <= planned


def test_merge_on_the_command_line_keeps_a_file_without_mode_from_replacing(module_file):
    document = {key: value for key, value in MODULE.items() if key != "mode"}
    path = module_file(document)

    call_command("load_curriculum", str(path), "--merge", verbosity=0)

    assert Skill.objects.filter(slug="prompt-design").exists()
    assert Skill.objects.filter(slug="python", is_retired=False).exists()


def test_a_module_may_not_refer_to_what_neither_it_nor_the_curriculum_has(module_file):
    document = yaml.safe_load(yaml.safe_dump(MODULE))
    document["skills"][0]["prerequisites"].append({"skill": "cobol", "level": 1})
    with pytest.raises(CurriculumFileError) as refused:
        load_curriculum_file(path=module_file(document))
    assert refused.value.errors == [
        "skills[0] (prompt-design) prerequisites[1]: unknown skill 'cobol'"
    ]


def test_a_module_that_closes_a_cycle_with_the_loaded_curriculum_is_refused(module_file):
    # pandas needs python; a module that makes python need pandas closes a loop through
    # entries that are not all in the module.
    python = next(s for s in export_document()["skills"] if s["slug"] == "python")
    python["prerequisites"] = [{"skill": "pandas", "level": 1}]
    document = {"format": FORMAT, "mode": "merge", "skills": [python]}
    with pytest.raises(CurriculumFileError) as refused:
        load_curriculum_file(path=module_file(document))
    (problem,) = refused.value.errors
    assert problem == (
        "skills (numpy, pandas, python): prerequisite cycle of 3 skills: "
        "NumPy (numpy) → pandas (pandas) → Python (python) → NumPy (numpy)"
    )


def test_a_dry_run_prints_what_the_load_then_does_and_changes_nothing(
    small_document, write_yaml, capsys
):
    # Replacing the shipped curriculum with a small one: most entries go, some are renamed.
    small_document["skills"][0]["name"] = "Python, renamed"
    path = write_yaml(small_document)
    before = export_document(), current_revision()

    call_command("load_curriculum", str(path), "--dry-run")
    dry = capsys.readouterr().out

    assert (export_document(), current_revision()) == before
    call_command("load_curriculum", str(path), verbosity=2)
    done = capsys.readouterr().out

    dry_lines, done_lines = dry.splitlines(), done.splitlines()
    assert dry_lines[:-1] == done_lines[:-1]  # every entry, line for line
    assert len(dry_lines) > 100
    assert "  deleted  role data-scientist" in dry_lines
    assert "  changed  skill python: name, area, description, levels, resources" in dry_lines
    created, changed, deleted, retired = (
        sum(line.startswith(f"  {verb}  ") for line in done_lines)
        for verb in ("created", "changed", "deleted", "retired")
    )
    assert dry_lines[-1] == (
        f"Dry run, nothing saved: the load would make {created} created, {changed} changed, "
        f"{deleted} deleted, {retired} retired."
    )
    assert done_lines[-1] == (
        f"Curriculum loaded: {created} created, {changed} changed, {deleted} deleted, "
        f"{retired} retired (revision {current_revision()})."
    )


def test_a_first_load_counts_entries_created_not_their_rows():
    empty = {"format": FORMAT, "name": "AI careers"}
    path = settings.BASE_DIR / "curriculum" / "data" / "ai-careers.yaml"
    from curriculum.services import load_curriculum_text

    load_curriculum_text(text=yaml.safe_dump(empty))
    assert not Skill.objects.exists() and not Area.objects.exists()

    report = load_curriculum_file(path=path)

    document = yaml.safe_load(path.read_text())
    entries = sum(len(document[key]) for key in ("areas", "skills", "roles", "tasks", "projects"))
    assert len(report.created) == entries
    assert report.changed == {}
    assert report.summary().startswith(f"Curriculum loaded: {entries} created, 0 changed,")


def test_the_command_refuses_a_bad_module_with_every_problem(module_file):
    document = yaml.safe_load(yaml.safe_dump(MODULE))
    document["skills"][0]["slug"] = "Prompt Design"
    document["mode"] = "sideways"
    with pytest.raises(CommandError) as refused:
        call_command("load_curriculum", str(module_file(document)), "--dry-run")
    message = str(refused.value)
    assert "file: mode 'sideways' must be 'replace' or 'merge'" in message
    assert "try 'prompt-design'" in message


def test_a_large_generated_file_loads_then_reloads_unchanged(tmp_path):
    from benchmarks.curriculum_files import synthetic_curriculum
    from curriculum.exchange.export import dump

    path = tmp_path / "synthetic.yaml"
    path.write_text(dump(synthetic_curriculum(300, areas=6)))

    first = load_curriculum_file(path=path)
    again = load_curriculum_file(path=path)

    assert len(first.created) == 6 + 300 + 10 + 6
    assert not again.any_change, again.lines()
