"""/healthz/: is the database answering, is the broker answering."""

import logging

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
    from config.celery_app import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=0.5)
    except Exception:  # kombu raises the transport's own errors
        logger.warning("health: broker unavailable", exc_info=True)
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
