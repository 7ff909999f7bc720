"""Tests: fast hashing, mail kept in memory unless a test points it at a real SMTP server."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")

from config.settings.base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon_sensitive": env("WAYMARK_ANON_THROTTLE", default="10000/min")  # noqa: F405
    },
}
CELERY_TASK_ALWAYS_EAGER = False

# Serve static files from the apps directly; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Background jobs. Nothing reaches a real broker unless a test points Celery at one: the
# integration tests start their own Redis and worker (tests/integration/conftest.py). Port 1
# refuses at once, so an enqueue elsewhere fails fast and is logged, as with Redis down.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:1/0")  # noqa: F405
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Unit tests run with no broker at all: they keep the learner's change for the worker, as
# with the broker up; the integration tests turn this on where they test the broker down.
WAYMARK_REASSESS_INLINE_WHEN_BROKER_DOWN = False
if "EMAIL_URL" in os.environ:
    # A worker started by the integration tests sends to their SMTP server.
    vars().update(env.email_url("EMAIL_URL"))  # noqa: F405
REMINDER_BATCH_SIZE = 50
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=0.5)  # noqa: F405
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=4)  # noqa: F405
REMINDER_RETRY_BASE_SECONDS = env.float("REMINDER_RETRY_BASE_SECONDS", default=0.5)  # noqa: F405
REMINDER_RETRY_MAX_SECONDS = env.float("REMINDER_RETRY_MAX_SECONDS", default=4)  # noqa: F405
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    # How soon a message of a killed worker comes back, once older than the visibility timeout.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),  # noqa: F405
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),  # noqa: F405
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so a Celery worker in another process sees what a test committed;
    # one per test process, so test runs side by side do not share it.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"waymark-test-{os.getpid()}.sqlite3")
    }

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
