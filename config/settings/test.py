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
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon_sensitive": "10000/min"}}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
