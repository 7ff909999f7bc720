import copy

import pytest
import yaml

SMALL = {
    "format": "waymark-curriculum/1",
    "name": "Tiny",
    "areas": [{"slug": "maths", "name": "Maths"}, {"slug": "code", "name": "Code"}],
    "skills": [
        {
            "slug": "python",
            "name": "Python",
            "area": "code",
            "description": "The language.",
            "levels": {n: f"python level {n}" for n in range(1, 6)},
            "hours": [10, 20, 40, 80, 160],
            "prerequisites": [],
        },
        {
            "slug": "algebra",
            "name": "Algebra",
            "area": "maths",
            "levels": {n: f"algebra level {n}" for n in range(1, 6)},
            "hours": 15,
        },
        {
            "slug": "ml",
            "name": "Machine learning",
            "area": "code",
            "levels": {n: f"ml level {n}" for n in range(1, 6)},
            "hours": [20, 30, 60, 120, 240],
            "prerequisites": [
                {"skill": "python", "level": 1},
                {"skill": "algebra", "level": 2, "for_level": 3},
            ],
        },
    ],
    "roles": [
        {
            "slug": "ml-engineer",
            "name": "ML engineer",
            "description": "Builds models.",
            "titles": ["applied scientist"],
            "tasks": ["modeling"],
            "tools": ["scikit-learn"],
            "variant_of": None,
            "requirements": [
                {"skill": "ml", "level": 3, "priority": "core"},
                {"skill": "python", "level": 3, "priority": "nice"},
            ],
        },
        {
            "slug": "dl-engineer",
            "name": "DL engineer",
            "variant_of": "ml-engineer",
            "requirements": [{"skill": "ml", "level": 4, "priority": "core"}],
        },
    ],
    "tasks": [
        {
            "slug": "modeling",
            "name": "Modeling",
            "description": "Training models.",
            "subtasks": [
                {"name": "Training", "examples": ["Fit a model"], "skills": ["ml", "python"]}
            ],
        }
    ],
    "projects": [
        {
            "slug": "titanic",
            "name": "Titanic",
            "level": "beginner",
            "hours": 20,
            "description": "Predict survival.",
            "deliverables": ["notebook"],
            "skills": [{"skill": "ml", "level": 1}, {"skill": "python", "level": 1}],
        }
    ],
}


@pytest.fixture
def small_document():
    return copy.deepcopy(SMALL)


@pytest.fixture
def write_yaml(tmp_path):
    def write(document, name="curriculum.yaml"):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    return write
