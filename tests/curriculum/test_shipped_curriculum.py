"""The AI-careers curriculum shipped in curriculum/data, derived from the seed documents."""

import pytest
from django.conf import settings

from curriculum.exchange import read_file
from curriculum.models import Area, LifecycleTask, Prerequisite, Project, Role, Skill, Subtask

pytestmark = pytest.mark.django_db

ROLES = {
    "data-scientist",
    "data-analyst",
    "machine-learning-engineer",
    "machine-learning-researcher",
    "software-engineer-machine-learning",
    "software-engineer",
    "deep-learning-engineer",
    "deep-learning-researcher",
    "software-engineer-deep-learning",
    "mlops-engineer",
    "inference-engineer",
    "ai-product-manager",
    "ai-ethicist",
}
VARIANTS = {
    "deep-learning-engineer": "machine-learning-engineer",
    "deep-learning-researcher": "machine-learning-researcher",
    "software-engineer-deep-learning": "software-engineer-machine-learning",
}
TASKS = {"data-engineering", "modeling", "deployment", "business-analysis", "ai-infrastructure"}
SEED_PROJECTS = {
    "titanic-classifier",
    "mnist-cnn",
    "transformer-fine-tuning",
    "recommender-system",
    "docker-fastapi-deployment",
    "rag-vector-db",
    "distributed-training-deepspeed",
    "compression-pipeline",
    "distilled-transformer-qa",
}
PLANNING_SKILLS = {
    "linear-algebra",
    "probability",
    "python",
    "git",
    "sql",
    "pandas",
    "supervised-learning",
    "cnns",
    "transformers",
    "docker",
    "model-serving",
    "ab-testing",
    "experiment-tracking",
}


def test_the_file_is_valid():
    document = read_file(settings.CURRICULUM_FILE)
    assert len(document["skills"]) >= 80


def test_every_role_of_the_seeds_is_there_with_its_variants():
    roles = {r.slug: r for r in Role.objects.select_related("variant_of")}
    assert set(roles) >= ROLES
    for variant, base in VARIANTS.items():
        assert roles[variant].variant_of.slug == base
    for role in roles.values():
        assert role.description and role.requirements.exists(), role.slug
        assert role.tools, role.slug


def test_each_workera_role_carries_titles_from_the_seeds():
    titles = Role.objects.get(slug="machine-learning-engineer").titles
    assert titles, "the seeds list the titles companies use"


def test_every_lifecycle_task_has_its_subtasks():
    assert set(LifecycleTask.objects.values_list("slug", flat=True)) >= TASKS
    for task in LifecycleTask.objects.all():
        subtasks = list(task.subtasks.all())
        assert len(subtasks) >= 3, task.slug
        assert all(s.examples for s in subtasks), task.slug
    assert Subtask.objects.count() >= 20


def test_skills_cover_every_area_and_the_planning_basics():
    assert Skill.objects.count() >= 80
    assert Area.objects.count() == 10
    assert all(area.skills.exists() for area in Area.objects.all())
    assert set(Skill.objects.values_list("slug", flat=True)) >= PLANNING_SKILLS
    for skill in Skill.objects.prefetch_related("levels"):
        levels = sorted(lv.level for lv in skill.levels.all())
        assert levels == [1, 2, 3, 4, 5], skill.slug


def test_hours_grow_with_level():
    """Higher levels take longer: an honest estimate, not a flat number."""
    for skill in Skill.objects.prefetch_related("levels"):
        hours = [lv.hours for lv in sorted(skill.levels.all(), key=lambda lv: lv.level)]
        assert hours[-1] >= hours[0], skill.slug


def test_the_seed_projects_and_more_are_there():
    slugs = set(Project.objects.values_list("slug", flat=True))
    assert slugs >= SEED_PROJECTS
    assert len(slugs) >= 20
    for project in Project.objects.prefetch_related("skill_levels"):
        assert project.deliverables and project.skill_levels.exists(), project.slug


def test_prerequisites_are_plentiful():
    assert Prerequisite.objects.count() >= 100
