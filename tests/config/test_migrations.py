"""Migrations run forward, all the way back, and forward again, on this run's database
engine (SQLite, or PostgreSQL when DATABASE_URL names one), in a scratch database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch_database_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    name = f"waymark_migrations_{uuid.uuid4().hex[:8]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_migrations_go_forward_back_and_forward_again(scratch_database_url):
    url = scratch_database_url
    manage(url, "migrate", "--no-input")
    manage(url, "load_curriculum")
    for app in ("planner", "curriculum", "accounts"):
        manage(url, "migrate", app, "zero", "--no-input")
    assert "[X]" not in manage(url, "showmigrations", "planner", "curriculum")
    manage(url, "migrate", "--no-input")
    assert "[ ]" not in manage(url, "showmigrations", "accounts", "curriculum", "planner")


def test_the_models_and_migrations_agree():
    manage("sqlite://:memory:", "makemigrations", "--check", "--dry-run")


MAKE_RENDERINGS = """
import datetime
from django.db import connection
from curriculum.models import Role
from planner.models import Roadmap
from tests.factories import UserFactory

day = datetime.date(2026, 1, 5)
ids = [
    Roadmap.objects.create(
        user=UserFactory(), version=1, role=Role.objects.first(), reason="first plan",
        curriculum_revision=1, weekly_hours=10, start_date=day, finish_date=day,
        total_hours=1, weeks=1,
    ).pk
    for _ in range(3)
]
with connection.cursor() as cursor:
    cursor.execute(
        "UPDATE planner_roadmap SET rendered = %s, rendered_gzip = %s WHERE id = %s",
        ["{}", b"current", ids[0]],
    )
    cursor.execute(  # a change cleared rendered alone and left the old gzipped copy
        "UPDATE planner_roadmap SET rendered = NULL, rendered_gzip = %s WHERE id = %s",
        [b"stale", ids[1]],
    )
"""
READ_RENDERINGS = """
from planner.models import Roadmap
for pk, zipped in Roadmap.objects.order_by("pk").values_list("pk", "rendered_gzip"):
    print(None if zipped is None else bytes(zipped).decode())
"""


def test_keeping_only_the_gzipped_rendering_keeps_current_ones_and_drops_stale_ones(
    scratch_database_url,
):
    url = scratch_database_url
    manage(url, "migrate", "--no-input")
    manage(url, "migrate", "planner", "0012", "--no-input")
    manage(url, "load_curriculum")
    manage(url, "shell", "-v", "0", "-c", MAKE_RENDERINGS)

    manage(url, "migrate", "planner", "0013", "--no-input")

    assert manage(url, "shell", "-v", "0", "-c", READ_RENDERINGS).split() == [
        "current",
        "None",
        "None",
    ]
