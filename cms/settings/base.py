"""Settings read from the environment (see README, "Environment variables").

Application code reads ``settings`` when it runs; only this module reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production). "
            "For local development set DJANGO_DEBUG=1."
        )
    SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so its admin patches load first
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "cms.apps.CmsConfig",
    "articles.apps.ArticlesConfig",
    "comments.apps.CommentsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.api.errors.JsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so a
    # second writer waits (up to ``timeout`` seconds) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with timestamps read by psycopg's C loader (cms/backends/postgresql).
    DATABASES["default"]["ENGINE"] = "cms.backends.postgresql"
    # Server-side binding lets psycopg prepare the statements a connection runs again and again
    # (after DJANGO_DB_PREPARE_THRESHOLD runs), so PostgreSQL parses them once and, where its plan
    # cache finds a generic plan as good as a fresh one (the hot list and detail reads), plans
    # them once too. DJANGO_DB_PLAN_CACHE_MODE=force_generic_plan makes every prepared statement
    # skip the planner: faster lists, but a ranked search then runs on a plan made without its
    # words (several times slower). DJANGO_DB_SERVER_SIDE_BINDING=0 turns preparing off (a pooler
    # in transaction mode cannot keep prepared statements).
    if env_bool("DJANGO_DB_SERVER_SIDE_BINDING", True):
        plan_cache_mode = os.environ.get("DJANGO_DB_PLAN_CACHE_MODE", "auto")
        if plan_cache_mode not in ("auto", "force_generic_plan", "force_custom_plan"):
            raise ImproperlyConfigured("DJANGO_DB_PLAN_CACHE_MODE: auto, force_generic_plan or force_custom_plan")
        DATABASES["default"]["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": env_int("DJANGO_DB_PREPARE_THRESHOLD", 5),
            "options": f"-c plan_cache_mode={plan_cache_mode}",
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "cms")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cms-default",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# --- Proxies, CORS, security -----------------------------------------------------------------
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api|feeds)/.*$"
# Editors' apps on another origin need If-Match (and send Idempotency-Key for comments); they read ETag.
from corsheaders.defaults import default_headers  # noqa: E402

CORS_ALLOW_HEADERS = (*default_headers, "if-match", "if-none-match", "idempotency-key")
CORS_EXPOSE_HEADERS = ["ETag", "Content-Language", "Retry-After"]
if NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cms@localhost")

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "cms.api.errors.exception_handler",
    # Counted in the default cache: Redis when REDIS_URL is set, so limits hold across workers.
    "DEFAULT_THROTTLE_RATES": {
        "comment_submit": os.environ.get("DJANGO_THROTTLE_COMMENT_SUBMIT", "20/hour"),
        "comment_report": os.environ.get("DJANGO_THROTTLE_COMMENT_REPORT", "30/hour"),
        "auth_token": os.environ.get("DJANGO_THROTTLE_AUTH_TOKEN", "20/hour"),
    },
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Furat CMS API",
    "DESCRIPTION": "Headless CMS for Arabic-first news publishing.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Project knobs --------------------------------------------------------------------------
CMS = {
    # Canonical URL templates; None means "the reader's routes on the host that served the request".
    "ARTICLE_URL": os.environ.get("CMS_ARTICLE_URL") or None,
    "CATEGORY_URL": os.environ.get("CMS_CATEGORY_URL") or None,
    "AUTHOR_URL": os.environ.get("CMS_AUTHOR_URL") or None,
    "PAGE_URL": os.environ.get("CMS_PAGE_URL") or None,
    "TAG_URL": os.environ.get("CMS_TAG_URL") or None,
    "ARTICLE_BODY_MAX_LENGTH": 200_000,
    "RELATED_COUNT": 4,
    "CACHE_MAX_AGE": env_int("DJANGO_CACHE_MAX_AGE", 60),
    "RESPONSE_CACHE": env_bool("DJANGO_RESPONSE_CACHE", True),
    "RESPONSE_CACHE_TIMEOUT": env_int("DJANGO_RESPONSE_CACHE_TIMEOUT", 300),
    # How long (ms) a process may reuse the content version it read (cms/content_version.py); 0: read it per request.
    "CONTENT_VERSION_TTL_MS": env_int("DJANGO_CONTENT_VERSION_TTL_MS", 0),
    # PostgreSQL with kept connections: the version is known from NOTIFY, not read per request (cms/content_version.py).
    "CONTENT_VERSION_LISTEN": env_bool("DJANGO_CONTENT_VERSION_LISTEN", True),
    "PREVIEW_MAX_AGE": env_int("DJANGO_PREVIEW_MAX_AGE", 3600),
    # Numbered pages at least this many rows deep are read after a remembered row, not by offset (cms/api/pagination.py).
    "PAGE_SEEK_FROM_OFFSET": env_int("DJANGO_PAGE_SEEK_FROM_OFFSET", 200),
    # Comments (0 turns a limit off).
    "COMMENT_MAX_DEPTH": env_int("DJANGO_COMMENT_MAX_DEPTH", 3),
    "COMMENTS_CLOSE_AFTER_DAYS": env_int("DJANGO_COMMENTS_CLOSE_AFTER_DAYS", 0),
    "COMMENT_MIN_INTERVAL_PER_ADDRESS": env_int("DJANGO_COMMENT_MIN_INTERVAL_PER_ADDRESS", 15),
    "COMMENT_MIN_INTERVAL_PER_EMAIL": env_int("DJANGO_COMMENT_MIN_INTERVAL_PER_EMAIL", 30),
    "IDEMPOTENCY_KEY_TTL_HOURS": 24,
    # Moderation and privacy (README, "Moderation and privacy"; 0 turns a limit or a retention step off).
    "COMMENT_REPORT_THRESHOLD": env_int("DJANGO_COMMENT_REPORT_THRESHOLD", 3),
    "MODERATION_NOTIFY": env_bool("DJANGO_MODERATION_NOTIFY", True),
    "MODERATION_NOTIFY_EMAILS": env_list("DJANGO_MODERATION_NOTIFY_EMAILS"),
    # At most one e-mail per this many seconds for held comments (and one for flagged ones); 0: one per comment.
    "MODERATION_NOTIFY_INTERVAL": env_int("DJANGO_MODERATION_NOTIFY_INTERVAL", 300),
    "ERASURE_MODE": os.environ.get("DJANGO_ERASURE_MODE", "").strip() or "anonymise",
    "RETENTION_ADDRESS_DAYS": env_int("DJANGO_RETENTION_ADDRESS_DAYS", 30),
    "RETENTION_SPAM_DAYS": env_int("DJANGO_RETENTION_SPAM_DAYS", 30),
    "RETENTION_PENDING_DAYS": env_int("DJANGO_RETENTION_PENDING_DAYS", 60),
}
if CMS["ERASURE_MODE"] not in ("anonymise", "delete"):
    raise ImproperlyConfigured('DJANGO_ERASURE_MODE must be "anonymise" or "delete".')

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
