"""Production: everything from the environment, HTTPS only."""

from urllib.parse import urlsplit

from config.settings.base import *  # noqa: F403
from config.settings.base import env

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Behind one TLS proxy unless told otherwise: the client is who that proxy saw.
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "NUM_PROXIES": env.int("WAYMARK_TRUSTED_PROXIES", default=1),
}
# Throttles and failed log-ins counted in Redis (database 1 of REDIS_URL unless CACHE_URL
# says otherwise), shared by every web process; failing open (see base.py).
CACHES = {  # noqa: F405
    "default": {
        **env.cache(
            "CACHE_URL",
            default=urlsplit(REDIS_URL)._replace(path="/1").geturl(),  # noqa: F405
        ),
    }
}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25}
    )

# One JSON object per log line, for the log collector.
LOGGING["formatters"]["json"] = {  # noqa: F405
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
