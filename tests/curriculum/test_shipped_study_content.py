"""The shipped curriculum says what to study for every step a job-ready plan can hold.

The rule of issue 10: at least two resources and a practice task for every level 1–3 of
every skill in any role's job-ready closure. Every skill is checked at levels 1–3, which
covers any closure whatever the roles' entry levels are.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from curriculum.exchange import read_file

STUDIED_LEVELS = (1, 2, 3)


@pytest.fixture(scope="module")
def shipped():
    return read_file(settings.CURRICULUM_FILE)


def test_every_skill_has_two_resources_and_a_practice_task_for_levels_one_to_three(shipped):
    gaps = []
    for skill in shipped["skills"]:
        for level in STUDIED_LEVELS:
            serving = [r for r in skill["resources"] if level in r["levels"]]
            if len(serving) < 2:
                gaps.append(f"{skill['slug']} level {level}: {len(serving)} resource(s)")
            if not skill["practice"].get(level, "").strip():
                gaps.append(f"{skill['slug']} level {level}: no practice task")
    assert gaps == []


def test_every_resource_link_is_https_and_well_formed(shipped):
    validate = URLValidator(schemes=["https"])
    bad = []
    for skill in shipped["skills"]:
        for resource in skill["resources"]:
            url = resource["url"]
            try:
                validate(url)
            except ValidationError:
                bad.append(f"{skill['slug']}: {url}")
                continue
            parts = urlsplit(url)
            if parts.scheme != "https" or "." not in parts.hostname or url != url.strip():
                bad.append(f"{skill['slug']}: {url}")
    for project in shipped["projects"]:
        if project["dataset"]:
            try:
                validate(project["dataset"]["url"])
            except ValidationError:
                bad.append(f"{project['slug']} dataset: {project['dataset']['url']}")
    assert bad == []


def test_no_skill_lists_the_same_link_twice(shipped):
    repeated = []
    for skill in shipped["skills"]:
        urls = [r["url"] for r in skill["resources"]]
        repeated += [f"{skill['slug']}: {u}" for u in sorted(set(urls)) if urls.count(u) > 1]
    assert repeated == []


def test_most_resources_are_free_and_every_level_has_a_free_one(shipped):
    resources = [r for skill in shipped["skills"] for r in skill["resources"]]
    assert sum(r["free"] for r in resources) / len(resources) > 0.9
    no_free = [
        f"{skill['slug']} level {level}"
        for skill in shipped["skills"]
        for level in STUDIED_LEVELS
        if not any(r["free"] and level in r["levels"] for r in skill["resources"])
    ]
    assert no_free == []


def test_practice_tasks_are_exercises_not_descriptors(shipped):
    """A practice task is a paragraph of its own, not the level's descriptor repeated."""
    echoes = [
        f"{skill['slug']} level {level}"
        for skill in shipped["skills"]
        for level, text in skill["practice"].items()
        if text == skill["levels"][level] or len(text.split()) < 12
    ]
    assert echoes == []
