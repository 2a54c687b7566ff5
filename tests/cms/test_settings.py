"""Settings from the environment, checked in a fresh interpreter with ``cms.settings.base``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Variables the settings read; each subprocess starts without them unless a test sets them.
SETTINGS_VARIABLES = (
    "DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_CACHE_PREFIX",
    "DJANGO_DB_SERVER_SIDE_BINDING", "DJANGO_DB_PLAN_CACHE_MODE", "DJANGO_DB_PREPARE_THRESHOLD",
)

DUMP = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "secret_key": settings.SECRET_KEY,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": db.get("OPTIONS", {}),
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "languages": [code for code, _name in settings.LANGUAGES],
    "language_code": settings.LANGUAGE_CODE,
    "use_tz": settings.USE_TZ,
}))
"""

SQLITE_PRAGMAS = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA synchronous")
    synchronous = cursor.fetchone()[0]
print(json.dumps({"journal_mode": journal_mode, "synchronous": synchronous, "transaction_mode": connection.transaction_mode}))
"""


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environ.update({"DJANGO_SETTINGS_MODULE": "cms.settings.base", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=environ, capture_output=True, text=True, timeout=60
    )


def _settings(**env: str) -> dict:
    result = _run(DUMP, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_without_secret_key_refuses_to_start():
    result = _run(DUMP, DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_is_the_default_so_a_missing_secret_key_is_refused():
    result = _run(DUMP)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_without_secret_key_starts_with_a_development_key():
    values = _settings(DJANGO_DEBUG="1")

    assert values["debug"] is True
    assert values["secret_key"]
    assert "localhost" in values["allowed_hosts"]


def test_production_with_secret_key_starts_without_hosts_by_default():
    values = _settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-real-secret")

    assert values["debug"] is False
    assert values["secret_key"] == "a-real-secret"
    assert values["allowed_hosts"] == []


def test_languages_are_arabic_first_then_english_with_time_zones():
    values = _settings(DJANGO_DEBUG="1")

    assert values["languages"] == ["ar", "en"]
    assert values["language_code"] == "ar"
    assert values["use_tz"] is True


def test_without_database_url_the_default_is_a_sqlite_file_in_the_project():
    values = _settings(DJANGO_DEBUG="1")

    assert values["engine"] == "django.db.backends.sqlite3"
    assert Path(values["name"]) == PROJECT_DIR / "db.sqlite3"
    assert values["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in values["options"]["init_command"]
    assert "synchronous=NORMAL" in values["options"]["init_command"]


def test_sqlite_connections_use_wal_normal_sync_and_immediate_transactions(tmp_path):
    result = _run(SQLITE_PRAGMAS, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["journal_mode"] == "wal"
    assert values["synchronous"] == 1  # NORMAL
    assert values["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql():
    values = _settings(DJANGO_DEBUG="1", DATABASE_URL="postgres://user@db.example:5432/news")

    assert values["engine"] == "cms.backends.postgresql"  # Django's, with psycopg's C timestamp loader
    assert values["name"] == "news"
    assert "transaction_mode" not in values["options"]


def test_postgresql_prepares_repeated_statements_by_default():
    values = _settings(DJANGO_DEBUG="1", DATABASE_URL="postgres://user@db.example:5432/news")

    assert values["options"] == {"server_side_binding": True, "prepare_threshold": 5, "options": "-c plan_cache_mode=auto"}


def test_postgresql_plan_cache_mode_and_binding_are_settings():
    url = "postgres://user@db.example:5432/news"

    forced = _settings(DJANGO_DEBUG="1", DATABASE_URL=url, DJANGO_DB_PLAN_CACHE_MODE="force_generic_plan")
    assert forced["options"]["options"] == "-c plan_cache_mode=force_generic_plan"
    assert _settings(DJANGO_DEBUG="1", DATABASE_URL=url, DJANGO_DB_SERVER_SIDE_BINDING="0")["options"] == {}
    refused = _run(DUMP, DJANGO_DEBUG="1", DATABASE_URL=url, DJANGO_DB_PLAN_CACHE_MODE="sometimes")
    assert refused.returncode != 0 and "DJANGO_DB_PLAN_CACHE_MODE" in refused.stderr


def test_without_redis_url_the_cache_is_local_memory():
    values = _settings(DJANGO_DEBUG="1")

    assert values["cache_backend"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_django_redis():
    values = _settings(DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")

    assert values["cache_backend"] == "django_redis.cache.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/0"


def test_test_settings_give_each_run_its_own_cache_prefix():
    assert settings.CACHES["default"]["KEY_PREFIX"].startswith("cms-test-")


@pytest.mark.django_db
def test_test_database_on_sqlite_takes_the_write_lock_at_begin():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has no transaction_mode")
    assert connection.transaction_mode == "IMMEDIATE"
