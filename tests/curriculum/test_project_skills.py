"""A project's skills: each listed once, at one level."""

import pytest
from django.core.exceptions import ValidationError

from curriculum.models import ProjectSkill
from curriculum.services import load_curriculum_file

pytestmark = pytest.mark.django_db


def test_a_project_that_lists_a_skill_twice_is_refused_in_words(small_document, write_yaml):
    load_curriculum_file(path=write_yaml(small_document))
    listed = ProjectSkill.objects.get(project__slug="titanic", skill__slug="ml")
    again = ProjectSkill(project=listed.project, skill=listed.skill, level=2, position=5)
    with pytest.raises(ValidationError, match="A project lists each skill once, at one level."):
        again.full_clean()
