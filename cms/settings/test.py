"""Test settings: the environment's database and cache, a per-run cache prefix, fast hashing."""

import os
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403
from .base import CACHES  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A prefix per run: two runs (or CI's SQLite and PostgreSQL passes) never see each other's keys.
CACHES["default"]["KEY_PREFIX"] = f"cms-test-{uuid.uuid4().hex[:12]}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests never run collectstatic; an existing empty folder keeps WhiteNoise quiet.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cms-static-"))
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per run, so concurrent runs on one server never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_cms_{os.getpid()}"}
