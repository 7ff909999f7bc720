"""Email subjects are plain text: a name with "&" or "<" reads as typed, not as HTML."""

import pytest
from django.core import mail

from planner.emails import render_email
from planner.services import mentoring
from tests.conftest import send_outbox
from tests.factories import UserFactory, roadmap_for

pytestmark = pytest.mark.django_db

NAME = "Ada <R&D> O'Neil"


def test_the_invitation_subject_is_not_html_escaped():
    learner = UserFactory(name=NAME)
    mentoring.invite_mentor(learner=learner, email="m@example.com")
    send_outbox()
    assert mail.outbox[0].subject.startswith(NAME)


def test_template_subjects_are_not_html_escaped():
    learner = UserFactory(name=NAME)
    _, roadmap = roadmap_for(learner)
    email = render_email("mentee_behind", {"learner": learner, "roadmap": roadmap})
    assert email.subject.startswith(NAME)
    assert "&amp;" in email.html or "&lt;" in email.html or NAME not in email.html
