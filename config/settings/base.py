"""Settings shared by every environment; each value can be set from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "accounts",
    "curriculum",
    "planner",
    "outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy: everything from our own origin only; no inline script or style
# (pages keep their scripts and styles in static files; HTMX is one, configured by a meta tag
# not to inject its indicator styles). In every environment, so the browser tests see it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planner.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections across requests (opening one costs more than most of our queries), and
# check them before reuse so a restarted database costs one request nothing.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat read while one of them writes. In WAL mode
    # synchronous=NORMAL syncs at checkpoints instead of at every commit: a commit survives a
    # crash of any process (only a power loss can undo the last ones), and costs ~15 µs
    # instead of ~4 ms, which every one-row write pays (a reminder's confirmation, a stored
    # roadmap rendering).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "planner:home"
LOGOUT_REDIRECT_URL = "planner:home"
# How long the link of the sign-up email works, in seconds (accounts/signup.py). Django's
# token check also applies PASSWORD_RESET_TIMEOUT (3 days), so more than that has no effect.
SIGN_UP_LINK_MAX_AGE = env.int("WAYMARK_SIGN_UP_LINK_MAX_AGE", default=2 * 24 * 3600)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The site's public address, for the absolute links in emails and calendar feeds.
SITE_URL = env("WAYMARK_SITE_URL", default="http://localhost:8000")
# The curriculum `manage.py load_curriculum` loads when given no file.
CURRICULUM_FILE = BASE_DIR / "curriculum" / "data" / "ai-careers.yaml"
# The password `manage.py setup_demo` gives the demo accounts (and prints).
DEMO_PASSWORD = env("WAYMARK_DEMO_PASSWORD", default="waymark-demo")

# Email: console in development; EMAIL_URL (smtp://user:pass@host:port) elsewhere.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Waymark <noreply@waymark.localhost>")
# The right-hand side of the Message-ID of every email (stable across retries).
OUTBOX_MESSAGE_ID_DOMAIN = env("WAYMARK_MESSAGE_ID_DOMAIN", default="waymark.localhost")
# An email of the outbox the mail server did not take is tried again after base · 2^(n-1)
# seconds (n: the attempts so far), capped (outbox.services.retry_delay).
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600)

# The Celery broker (unless CELERY_BROKER_URL names another).
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    # Throttles and failed log-ins are counted here. Per process by default; production
    # points it at Redis so that every web process shares one count.
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # Fail open: with Redis unreachable the cache answers nothing (each error logged), so
    # throttles and lockouts count nothing for the outage, and the site keeps serving.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25}
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The largest request body the API reads (config/parsers.py): larger than any honest request
# (a full self-assessment is a few kilobytes).
API_MAX_BODY_BYTES = env.int("WAYMARK_API_MAX_BODY_BYTES", default=256 * 1024)

REST_FRAMEWORK = {
    # Token first: a request without credentials is then told how to authenticate (401 with
    # WWW-Authenticate: Token) rather than refused (403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in unless a view says otherwise (the curriculum, sign-up and log-in do).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The API speaks JSON only, of bounded size and depth (config/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["config.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "config.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    # config.api.AnonSensitiveThrottle: anonymous calls to endpoints that try passwords or cost work.
    "DEFAULT_THROTTLE_RATES": {"anon_sensitive": env("WAYMARK_ANON_THROTTLE", default="60/min")},
    # How many proxies of ours stand in front of the web processes: the client's address is
    # the one the outermost saw (config/clients.py). 0: REMOTE_ADDR, X-Forwarded-For ignored.
    "NUM_PROXIES": env.int("WAYMARK_TRUSTED_PROXIES", default=0),
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waymark API",
    "DESCRIPTION": "Personalised learning-path planner for people who want to work in AI.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: the docs page works with no outside network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999},
    },
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# A learner's change of goal, hours or levels that cannot be enqueued (the broker is down)
# is reassessed in the request instead of waiting for the broker (planner/signals.py).
WAYMARK_REASSESS_INLINE_WHEN_BROKER_DOWN = env.bool(
    "WAYMARK_REASSESS_INLINE_WHEN_BROKER_DOWN", default=True
)
# Nothing reads a task's result.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Acknowledged when a task ends, so a task whose worker dies runs again (every task is
# idempotent); one unacknowledged message per worker process at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task (and the longest retry countdown), so a slow task is not
    # delivered twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A web request that enqueues must not hang on an unreachable broker.
    "socket_timeout": 2,
    "socket_connect_timeout": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Schedules are rows an admin can edit; planner migration 0002 creates the defaults.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# Weekly reminders (planner.services.reminders, planner.tasks). The hourly fan-out sends the
# due reminders in tasks of REMINDER_BATCH_SIZE learners each. A batch the mail server could
# not take is retried REMINDER_MAX_RETRIES times, after base · 2^attempt seconds capped at
# REMINDER_RETRY_MAX_SECONDS, which must stay below the visibility timeout above; then the
# reminders still unsent are recorded as failed.
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=200)
# A batch stops sending after this many seconds and hands the rest to a new task; keep it well
# below planner.services.reminders.CLAIM_LEASE (3 minutes), after which its claim is taken.
REMINDER_BATCH_SECONDS = env.float("REMINDER_BATCH_SECONDS", default=60)
REMINDER_MAX_RETRIES = env.int("REMINDER_MAX_RETRIES", default=8)
REMINDER_RETRY_BASE_SECONDS = env.float("REMINDER_RETRY_BASE_SECONDS", default=30)
REMINDER_RETRY_MAX_SECONDS = env.float("REMINDER_RETRY_MAX_SECONDS", default=1800)

# Plain lines here, JSON lines in production (config/settings/production.py); Celery's worker
# and beat log through this too (config/celery_app.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request at INFO: check_resources would print one line per link.
        "httpx": {"level": "WARNING"},
    },
}
