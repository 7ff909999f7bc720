"""Property-based fuzzing of the whole API against its own OpenAPI schema (schemathesis).

Every operation is called with generated data, as a learner and as a mentor, and every
check schemathesis has is run (as ``--checks all``): no server error, no status, header,
content type or body the schema does not document, bad data refused, credentials not
ignored.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from curriculum.models import Role
from planner.services import build_roadmap, set_skill_levels, update_profile
from tests.factories import UserFactory

MAX_EXAMPLES = 15
# Every check but one. positive_data_acceptance wants every schema-valid request accepted,
# but a schema cannot say which role and skill slugs exist, which passwords are strong,
# which dates fall within five years of today or who is already invited: those are 400s
# that name the field (tests/api/test_bad_input.py), not schema violations.
EXCLUDED = [positive_data_acceptance]


# Generating the schema touches no database, so it can be loaded when tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def learner_token(db):
    learner = UserFactory(email="fuzz-learner@example.com")
    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"), weekly_hours=8)
    set_skill_levels(user=learner, levels={"python": 1})
    build_roadmap(user=learner)
    return Token.objects.create(user=learner).key


@pytest.fixture
def mentor_token(db):
    from planner.models import Mentorship, MentorshipStatus

    mentor = UserFactory(email="fuzz-mentor@example.com")
    mentee = UserFactory(email="fuzz-mentee@example.com")
    update_profile(user=mentee, target_role=Role.objects.get(slug="data-analyst"), weekly_hours=8)
    build_roadmap(user=mentee)
    Mentorship.objects.create(
        learner=mentee,
        mentor=mentor,
        email=mentor.email,
        token="fuzz",
        status=MentorshipStatus.ACTIVE,
    )
    return Token.objects.create(user=mentor).key


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: requests served in-process must not close the test's
    database connection (it holds the transaction every test runs in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@FUZZ
def test_the_api_holds_for_a_learner(case, learner_token):
    # The in-process (WSGI) transport asks for gzip like requests does, but does not decode
    # it as an HTTP client does: ask for the body as it is (the current roadmap is gzipped
    # for clients that accept it; tests/planner/test_stored_reads.py checks that body).
    headers = {"Authorization": f"Token {learner_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)


@schema.parametrize()
@FUZZ
def test_the_api_holds_for_a_mentor(case, mentor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {mentor_token}"}, excluded_checks=EXCLUDED
    )
