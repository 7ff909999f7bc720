"""A real Celery worker and beat, started as in production, log one JSON object per line.

Both run with the production settings (plus the benchmarks app for its no-op task, as
``config.settings.bench``), so their records go through Django's ``LOGGING`` and its JSON
formatter, not Celery's own "[time: LEVEL/Process] message" format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery

from benchmarks.servers import CeleryWorker, RedisServer, stop_process_group, wait_for
from config.celery_app import configure_logging_from_django

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def own_redis():
    """A Redis of these tests' own: the other integration tests' worker must not take our task."""
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture
def production_env(own_redis, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.pop("PYTEST_CURRENT_TEST", None)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DJANGO_SECRET_KEY": "a-long-random-key-for-this-test-only-" + "x" * 20,
        "DJANGO_ALLOWED_HOSTS": "waymark.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": own_redis.url,
    }


def json_records(log: Path) -> list[dict]:
    """The log's lines that are JSON objects (the worker's banner is printed, not logged)."""
    records = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return records


def celery_formatted_lines(log: Path) -> list[str]:
    """Lines in Celery's own format, e.g. "[2026-11-29 16:00:00,000: INFO/MainProcess] …"."""
    return [line for line in log.read_text().splitlines() if "/MainProcess]" in line]


def test_the_hook_is_connected_to_celerys_setup_logging_signal():
    from celery.signals import setup_logging

    assert configure_logging_from_django in [ref() for _, ref in setup_logging.receivers]


def test_a_worker_and_its_pool_log_json_lines(production_env, own_redis, tmp_path):
    log = tmp_path / "worker.log"
    worker = CeleryWorker(production_env, log, loglevel="INFO").start()
    try:
        sender = Celery(broker=own_redis.url)
        sender.send_task("benchmarks.tasks.noop_batch", args=([1, 2, 3],))
        wait_for(
            lambda: any("succeeded" in r["message"] for r in json_records(log)),
            what="the task's success logged by the pool process",
        )
    finally:
        worker.stop()

    records = json_records(log)
    ready = [r for r in records if r["message"].endswith(" ready.")]
    assert ready and ready[0]["level"] == "INFO" and ready[0]["logger"] == "celery.apps.worker"
    [done] = [r for r in records if "noop_batch" in r["message"] and "succeeded" in r["message"]]
    assert done["logger"] == "celery.app.trace"
    assert {"time", "level", "logger", "message"} <= set(done)
    assert not celery_formatted_lines(log)


def test_beat_logs_json_lines(production_env, tmp_path):
    log = tmp_path / "beat.log"
    with open(log, "w") as out:
        beat = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"),
                *("--scheduler", "celery.beat:PersistentScheduler"),
                *("--schedule", str(tmp_path / "schedule")),
            ],
            cwd=ROOT,
            env=production_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(
                lambda: any(r["message"] == "beat: Starting..." for r in json_records(log)),
                what="beat to log that it starts",
            )
        finally:
            stop_process_group(beat)

    [starting] = [r for r in json_records(log) if r["message"] == "beat: Starting..."]
    assert starting["level"] == "INFO" and starting["logger"] == "celery.beat"
    assert not celery_formatted_lines(log)
