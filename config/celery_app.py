"""The Celery app: settings from Django's (``CELERY_*``), tasks from every installed app."""

import logging
import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("waymark")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def configure_logging_from_django(*, loglevel: int | str | None = None, **kwargs) -> None:
    """Worker and beat log through Django's ``LOGGING`` (in production: JSON lines), not
    Celery's own format; ``--loglevel`` still sets how much the root logger lets through.

    Connecting this receiver is what stops Celery from replacing the root logger's handlers.
    """
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
