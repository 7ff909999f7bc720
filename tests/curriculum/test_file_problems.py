"""A refused file names every problem at once; slugs follow one rule in files and the admin."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from curriculum.exchange import CurriculumFileError, export_document, load_document, read_file
from curriculum.exchange.document import parse_document
from curriculum.models import Area, Skill
from curriculum.revision import current_revision
from curriculum.rules import suggest_slug
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def skill(slug, *prerequisites, name=None):
    return {
        "slug": slug,
        "name": name or slug.title(),
        "area": "code",
        "levels": {n: f"{slug} {n}" for n in range(1, 6)},
        "hours": 10,
        "prerequisites": [{"skill": p, "level": 1} for p in prerequisites],
    }


def test_two_cycles_a_duplicate_and_a_bad_slug_are_refused_together(small_document, write_yaml):
    small_document["skills"] += [
        skill("a", "c"),
        skill("b", "a"),
        skill("c", "b"),  # a → b → c → a
        skill("x", "y"),
        skill("y", "x"),  # x → y → x, disjoint from the first
        skill("algebra"),  # already at skills[1]
        skill("CI/CD", name="CI/CD"),
    ]
    before = export_document(), current_revision()

    with pytest.raises(CommandError) as refused:
        call_command("load_curriculum", str(write_yaml(small_document)))

    problems = str(refused.value).split("\n- ")[1:]
    assert len(problems) == 4, problems
    assert (
        "skills (a, b, c): prerequisite cycle of 3 skills: "
        "A (a) → B (b) → C (c) → A (a)" in problems
    )
    assert "skills (x, y): prerequisite cycle of 2 skills: X (x) → Y (y) → X (x)" in problems
    assert (
        "skills[8] (algebra): duplicate slug 'algebra' (first at skills[1] (algebra))" in problems
    )
    assert (
        "skills[9] (CI/CD): slug 'CI/CD' is not lowercase letters, digits and single hyphens "
        "between them, at most 80 characters; try 'ci-cd'" in problems
    )
    assert (export_document(), current_revision()) == before


def test_a_knot_bigger_than_one_cycle_is_named_whole(small_document, write_yaml):
    # Two cycles sharing "hub": one strongly connected component, one problem naming all.
    small_document["skills"] += [
        skill("hub", "p", "q"),
        skill("p", "hub"),
        skill("q", "hub"),
    ]
    with pytest.raises(CurriculumFileError) as refused:
        read_file(write_yaml(small_document))
    (problem,) = refused.value.errors
    assert problem.startswith("skills (hub, p, q): prerequisite cycle of 3 skills: Hub (hub) → ")
    assert "the same knot also holds q" in problem


@pytest.mark.parametrize(
    ("label", "suggested"),
    [
        ("CI/CD", "ci-cd"),
        ("AWS / Azure / GCP", "aws-azure-gcp"),
        ("Experiment Tracking & Model Registry", "experiment-tracking-model-registry"),
        ("Übersicht: Café", "ubersicht-cafe"),
        ("x" * 120, "x" * 80),
    ],
)
def test_a_suggested_slug_follows_the_rule(label, suggested):
    assert suggest_slug(label) == suggested


def test_a_120_character_slug_is_refused_before_the_database(small_document, write_yaml):
    long = "deep-" * 24  # 120 characters
    small_document["skills"].append(skill(long.strip("-") + "x"))
    with pytest.raises(CurriculumFileError) as refused:
        read_file(write_yaml(small_document))
    assert "slug is 120 characters long, more than 80; try '" in refused.value.errors[0]
    assert not Skill.objects.filter(slug__startswith="deep-deep").exists()


def test_names_longer_than_the_database_allows_are_refused(small_document, write_yaml):
    small_document["roles"][0]["name"] = "R" * 201
    with pytest.raises(CurriculumFileError) as refused:
        read_file(write_yaml(small_document))
    assert refused.value.errors == [
        "roles[0] (ml-engineer): name is 201 characters long, more than 200"
    ]


def test_a_database_error_during_a_load_names_the_entry(small_document):
    # A document that skipped the checks (one prerequisite listed twice): the database
    # refuses the rows and the load says whose, as a refusal rather than a traceback.
    document = parse_document(small_document)
    ml = document["skills"][2]
    ml["prerequisites"].append(dict(ml["prerequisites"][0]))
    before = export_document(), current_revision()
    with pytest.raises(CurriculumFileError) as refused:
        load_document(document)
    assert refused.value.errors[0].startswith("skill ml prerequisites: the database refused it (")
    assert (export_document(), current_revision()) == before


def test_the_admin_refuses_a_slug_the_file_would_refuse(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {"slug": "CI/CD", "name": "CI/CD", "position": 0}

    response = client.post(reverse("admin:curriculum_area_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "A slug is lowercase letters, digits and single hyphens between them, at most 80 "
        "characters."
    ]
    assert not Area.objects.filter(name="CI/CD").exists()

    response = client.post(reverse("admin:curriculum_area_add"), {**data, "slug": "ci-cd"})
    assert response.status_code == 302


def test_a_slug_too_long_for_the_database_is_named_if_it_gets_past_the_checks(small_document):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite stores any length in a varchar; the checks above refuse it first")
    document = parse_document(small_document)
    document["areas"].append({"slug": "a" * 120, "name": "Long", "source": ""})
    before = export_document(), current_revision()

    with pytest.raises(CurriculumFileError) as refused:
        load_document(document)

    assert refused.value.errors[0].startswith(f"area {'a' * 120}: the database refused it (")
    assert (export_document(), current_revision()) == before


MISSHAPEN = [
    ("no slug", {"areas": [{"name": "A"}]}, "areas[0]: missing key 'slug'"),
    ("a list for a slug", {"areas": [{"slug": ["x"], "name": "A"}]}, "areas[0]: slug must be"),
    ("a text for a list", {"roles": [{"slug": "r", "name": "R", "requirements": "x"}]}, "roles[0] (r): requirements must be a list"),
    ("a list for a skill", {"roles": [{"slug": "r", "name": "R", "requirements": [{"skill": ["x"], "level": 2}]}]}, "roles[0] (r) requirements[0]: skill must be a slug, not ['x']"),
    ("a mapping for a name", {"areas": [{"slug": "a", "name": {"x": 1}}]}, "areas[0] (a): name must be text, not dict"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "spoil", "message"), MISSHAPEN, ids=[c[0] for c in MISSHAPEN])
def test_a_misshapen_file_is_refused_with_a_message_not_a_crash(case, spoil, message):
    with pytest.raises(CurriculumFileError) as refused:
        parse_document({"format": "waymark-curriculum/2", **spoil})
    assert any(problem.startswith(message) for problem in refused.value.errors), refused.value
