"""Precompiled queries answer exactly what the ORM answers, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from config.precompiled import Precompiled, PrecompiledUpdate
from planner.api import rendering
from planner.api.rendering import CURRENT_RENDERING, STORE_RENDERING
from planner.models import Roadmap
from planner.services import build_roadmap
from tests.factories import UserFactory, roadmap_for

pytestmark = pytest.mark.django_db

USER_BY_EMAIL = Precompiled(lambda email: User.objects.filter(email=email), placeholder="")


def test_a_whole_row_is_the_instance_the_orm_would_give():
    ada = UserFactory(email="ada@example.com", is_staff=True, reminder_weekday=2)
    found = USER_BY_EMAIL.first_object("ada@example.com")
    expected = User.objects.get(pk=ada.pk)

    assert found == expected
    for field in User._meta.concrete_fields:
        mine, theirs = getattr(found, field.attname), getattr(expected, field.attname)
        assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert USER_BY_EMAIL.first_object("nobody@example.com") is None


def test_a_values_row_is_the_one_first_gives():
    learner, first = roadmap_for()
    second = build_roadmap(user=learner, reason="again")
    assert CURRENT_RENDERING.first_row(learner.pk) == [second.pk, None]

    Roadmap.objects.filter(pk=second.pk).update(rendered_gzip=b"\x1f\x8b")
    assert CURRENT_RENDERING.first_row(learner.pk) == [second.pk, b"\x1f\x8b"]
    assert CURRENT_RENDERING.first_row(learner.pk + 1000) is None


def test_each_call_is_one_query_and_the_value_is_a_parameter():
    UserFactory(email="o'brien@example.com")
    with CaptureQueriesContext(connection) as queries:
        assert USER_BY_EMAIL.first_object("o'brien@example.com").email == "o'brien@example.com"
        assert USER_BY_EMAIL.first_object("' OR '1'='1") is None
    assert len(queries) == 2


def test_a_roadmap_and_its_role_read_in_one_row_are_what_the_orm_gives():
    learner, roadmap = roadmap_for()
    Roadmap.objects.filter(pk=roadmap.pk).update(target_advice={"fits": "core"})
    row = rendering.ROADMAP_WITH_ROLE.first_row(roadmap.pk)
    split = len(rendering.ROADMAP_COLUMNS)
    expected = Roadmap.objects.select_related("role").get(pk=roadmap.pk)

    for values, instance in ((row[:split], expected), (row[split:], expected.role)):
        for field, mine in zip(type(instance)._meta.concrete_fields, values, strict=True):
            theirs = getattr(instance, field.attname)
            assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert rendering.ROADMAP_WITH_ROLE.first_row(roadmap.pk + 1000) is None


def test_an_update_sets_only_the_rows_the_orm_would_and_counts_them():
    learner, roadmap = roadmap_for()
    other = build_roadmap(user=learner, reason="again")
    rename = PrecompiledUpdate(User, fields=("name", "is_active"), where=("email",))

    assert STORE_RENDERING.run(rendered_gzip=b"v1", id=roadmap.pk, changed_at=roadmap.changed_at)
    stale = roadmap.changed_at.replace(microsecond=(roadmap.changed_at.microsecond + 1) % 10**6)
    assert STORE_RENDERING.run(rendered_gzip=b"v2", id=roadmap.pk, changed_at=stale) == 0
    assert rename.run(name="O'Brien", is_active=False, email=learner.email) == 1

    assert bytes(Roadmap.objects.get(pk=roadmap.pk).rendered_gzip) == b"v1"
    assert Roadmap.objects.get(pk=other.pk).rendered_gzip is None
    learner.refresh_from_db()
    assert (learner.name, learner.is_active) == ("O'Brien", False)
    assert STORE_RENDERING.sql().startswith('UPDATE "planner_roadmap" SET "rendered_gzip" = ')


def test_a_query_must_take_exactly_the_placeholder():
    two = Precompiled(lambda email: User.objects.filter(email=email, name=email), placeholder="")
    with pytest.raises(ValueError, match="one parameter"):
        two.first_row("x")
    partial = Precompiled(lambda email: User.objects.filter(email=email).only("email"), "")
    with pytest.raises(TypeError, match="whole model rows"):
        partial.first_object("x")


def test_token_authentication_refuses_unknown_tokens_and_inactive_users():
    ada = UserFactory(email="ada@example.com")
    token = Token.objects.create(user=ada)
    api = APIClient()

    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["email"] == "ada@example.com"

    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = api.get("/api/v1/me/")
    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})

    User.objects.filter(pk=ada.pk).update(is_active=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/me/")
    assert (response.status_code, response.json()) == (401, {"detail": "User inactive or deleted."})


def test_every_row_and_every_object_are_what_the_orm_gives():
    from planner.models import LearnerSkill, LevelSource
    from planner.selectors.roadmaps import ITEM_COLUMNS, ROADMAP_ITEMS, VERIFIED_LEVELS

    learner, roadmap = roadmap_for()
    expected = list(roadmap.items.order_by("position").values_list(*ITEM_COLUMNS))
    assert [tuple(row) for row in ROADMAP_ITEMS.rows(roadmap.pk)] == expected
    assert ROADMAP_ITEMS.rows(roadmap.pk + 1000) == []

    skill = roadmap.items.filter(skill__isnull=False).first().skill
    LearnerSkill.objects.create(user=learner, skill=skill, level=3, source=LevelSource.MENTOR)
    # The sources of ``source__in`` stay as compiled; only the placeholder takes the value.
    assert VERIFIED_LEVELS.rows(learner.pk) == [[skill.pk, 3]]

    users = Precompiled(lambda pk: User.objects.filter(pk__gte=pk).order_by("pk"), 0)
    assert users.objects(learner.pk) == list(User.objects.filter(pk__gte=learner.pk))
