"""How ``manage.py query_counts`` names the statements that differ between two plans."""

import pytest

from benchmarks.management.commands.query_counts import statement_kind


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        (
            'INSERT INTO "planner_roadmapitem" ("roadmap_id") VALUES (1)',
            "INSERT planner_roadmapitem",
        ),
        ('SELECT "a"."id" FROM "accounts_user" INNER JOIN "x"', "SELECT accounts_user"),
        ('UPDATE "planner_roadmap" SET "diff" = 1', "UPDATE planner_roadmap"),
        ("DELETE FROM planner_evidence WHERE id = 1", "DELETE planner_evidence"),
        ("BEGIN IMMEDIATE", "BEGIN"),
        ("SAVEPOINT s1", "SAVEPOINT"),
    ],
)
def test_a_statement_is_named_by_its_verb_and_first_table(sql, kind):
    assert statement_kind(sql) == kind
