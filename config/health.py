"""/healthz/: is the database answering, is the broker answering."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: database unavailable")
        return "unavailable"
    return "ok"


def _broker() -> str:
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@never_cache
def health(request):
    """200 while the database answers (the web can serve without the broker), else 503."""
    checks = {"database": _database(), "broker": _broker()}
    healthy = checks["database"] == "ok"
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    return JsonResponse(
        {"status": status if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
