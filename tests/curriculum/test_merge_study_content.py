"""scripts/merge_study_content.py inserts study keys as text and leaves every other byte."""

import importlib.util
from pathlib import Path

import pytest
import yaml
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "merge_study_content.py"
spec = importlib.util.spec_from_file_location("merge_study_content", SCRIPT)
merge_study_content = importlib.util.module_from_spec(spec)
spec.loader.exec_module(merge_study_content)

CURRICULUM = """\
# a comment that stays
format: waymark-curriculum/1
name: Tiny
areas:
  - {slug: code, name: Code}
skills:
  # ---- code
  - slug: python
    name: Python
    area: code
    description: >-
      The language,
      in two lines.
    levels: {1: a, 2: b, 3: c, 4: d, 5: e}
    hours: 10

  - slug: git
    name: Git
    area: code
    levels: {1: a, 2: b, 3: c, 4: d, 5: e}
    hours: 5
roles: []
tasks: []
projects:
  - slug: titanic
    name: Titanic
    level: beginner
    hours: 20
    description: >-
      Predict survival.
"""
STAGING = {
    "skills": {
        "python": {
            "practice": {1: "Write a script: it counts words.", 2: "Build a  tool."},
            "resources": [
                {
                    "title": "Tutorial: Python",
                    "url": "https://docs.python.org/3/tutorial/?x=1#top",
                    "kind": "documentation",
                    "levels": [1, 2],
                }
            ],
        }
    },
    "projects": {"titanic": {"title": "Titanic", "url": "https://www.kaggle.com/c/titanic"}},
}


def test_only_lines_are_added_and_the_result_parses_to_the_original_plus_the_keys():
    merged = merge_study_content.merge(CURRICULUM, STAGING)

    kept = iter(merged.splitlines())
    assert all(line in kept for line in CURRICULUM.splitlines()), "every line kept, in order"
    document = yaml.safe_load(merged)
    python, git = document["skills"]
    assert python["practice"] == {1: "Write a script: it counts words.", 2: "Build a tool."}
    assert python["resources"][0]["url"] == "https://docs.python.org/3/tutorial/?x=1#top"
    assert python["resources"][0]["free"] is True
    assert "practice" not in git
    assert document["projects"][0]["dataset"]["url"] == "https://www.kaggle.com/c/titanic"
    merge_study_content.check(CURRICULUM, merged, STAGING)


def test_new_keys_go_right_after_the_description_away_from_hours_and_prerequisites():
    lines = merge_study_content.merge(CURRICULUM, STAGING).splitlines()

    at = lines.index("      in two lines.")
    assert lines[at + 1] == "    practice:"
    assert lines.index("    resources:") < lines.index("    levels: {1: a, 2: b, 3: c, 4: d, 5: e}")
    assert lines[lines.index("      Predict survival.") + 1].startswith("    dataset: ")


def test_merging_again_changes_nothing():
    once = merge_study_content.merge(CURRICULUM, STAGING)

    assert merge_study_content.merge(once, STAGING) == once


def test_an_unknown_slug_is_refused():
    with pytest.raises(SystemExit, match="skills cobol"):
        merge_study_content.merge(CURRICULUM, {"skills": {"cobol": {"practice": {1: "x"}}}})
