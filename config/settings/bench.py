"""Benchmarks: the production settings plus the benchmarks app (its commands and /api/v1/ping/).

``manage.py bench_api`` runs gunicorn with these settings.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
