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
    behind = [{"name": NAME, "verdict": "2 weeks behind schedule", "url": "/"}]
    email = render_email(
        "mentor_digest",
        {"mentor": learner, "fell_behind": behind, "behind_learners": [NAME]},
    )
    assert email.subject == f"{NAME} has fallen behind on their roadmap"
    assert "&amp;" in email.html or "&lt;" in email.html or NAME not in email.html
