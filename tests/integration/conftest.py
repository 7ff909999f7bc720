"""Real Redis, a real Celery worker and a real SMTP server for the background-job tests.

The worker is another process, so it must see what a test wrote: the test database is a file
(config/settings/test.py) and these tests are transactional (their writes are committed).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from kombu import pools as kombu_pools

from benchmarks.servers import CeleryWorker, RedisServer, SmtpSink, wait_for
from config.celery_app import app as celery_app
from curriculum.models import Role

# Short enough that a killed worker's message comes back within the test, longer than any
# task these tests run (and than the longest retry countdown, REMINDER_RETRY_MAX_SECONDS).
logging.getLogger("mail.log").setLevel(logging.WARNING)

VISIBILITY_TIMEOUT = 8


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer(persistent=True).start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def smtp_server():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def _point_celery_at(url: str) -> None:
    """This process publishes to the test broker (the settings were read at start-up)."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_connection_timeout = 1
    # kombu keeps connection pools by broker URL: closing them without clearing that registry
    # would hand a closed pool back the next time Celery is pointed at the same URL.
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if "postgresql" in db["ENGINE"]:
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    raise RuntimeError(f"no worker database URL for {db['ENGINE']}")


@pytest.fixture(scope="session")
def worker_env(redis_server, smtp_server, django_db_setup, tmp_path_factory):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_server.url,
        "EMAIL_URL": smtp_server.url,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "WAYMARK_SITE_URL": settings.SITE_URL,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


@pytest.fixture(scope="session")
def worker_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("celery") / "worker.log"
    path.touch()
    return path


@pytest.fixture(scope="module")
def celery_worker(worker_env, worker_log, redis_server):
    """One worker per test module, stopped when the module ends: tests after them in the same
    run (the browser's, the planner's) must not have their tasks and emails taken by it.
    Not "package": tests/integration has no __init__.py, so pytest would keep a
    package-scoped worker to the end of the session."""
    configured = celery_app.conf.broker_url
    _point_celery_at(redis_server.url)
    worker = CeleryWorker(worker_env, worker_log).start()
    yield worker
    worker.stop()
    _point_celery_at(configured)


@pytest.fixture
def jobs(transactional_db, celery_worker, redis_server, smtp_server):
    """A clean broker and mailbox, the curriculum loaded, and a running worker.

    Transactional tests empty every table when they end, so the curriculum is loaded again.
    """
    if celery_worker.process is None or celery_worker.process.poll() is not None:
        celery_worker.start()
    redis_server.client().flushdb()
    if not Role.objects.exists():
        call_command("load_curriculum", str(settings.CURRICULUM_FILE), verbosity=0)
    wait_for(lambda: broker_idle(redis_server), timeout=30, what="the curriculum tasks to finish")
    smtp_server.clear()
    yield celery_worker
    redis_server.start() if not redis_server.ping() else None
    if smtp_server.controller is None:
        smtp_server.start()
    redis_server.client().flushdb()


def broker_idle(redis_server) -> bool:
    """No message waiting in the queue and none delivered but not yet acknowledged."""
    client = redis_server.client()
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


@pytest.fixture
def wait_idle(redis_server):
    def wait(timeout: float = 30):
        wait_for(lambda: broker_idle(redis_server), timeout=timeout, what="the worker to finish")

    return wait
