"""The Django side of the benchmark, run by ``bench/run.py`` in a subprocess (settings ``cms.settings.bench``).

    python bench/probe.py prepare   < {"feed_depth": 9000}          -> {"token": ..., "cursor": ..., ...}
    python bench/probe.py queries   < {"rows": [...], "token": ...}  -> {"<row>": {"status": 200, "queries": 4, "auth": 0}}
    python bench/probe.py size      < {"path": "/api/v1/articles/"}  -> {"bytes": 15321}

``prepare`` creates the moderator the queue row logs in as and finds the deep feed cursor by
following ``next`` links. ``queries`` counts the SQL of one request per row with Django's test
client (cold rows with the response cache off, warm rows after a first request, 304 rows with
the ETag of a first answer); for rows that log in, queries that only authenticate (token, user,
groups, permissions) are counted apart, as the targets leave authentication out, and transaction control (BEGIN,
SAVEPOINT, RELEASE, COMMIT) is not counted at all.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

AUTH_TABLES = re.compile(r'"(authtoken_token|auth_user|auth_group|auth_permission|auth_user_groups|auth_user_user_permissions|auth_group_permissions|django_content_type)"')
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|SAVEPOINT|RELEASE|COMMIT|ROLLBACK)\b", re.IGNORECASE)
MODERATOR = "bench-moderator"


def prepare(spec: dict) -> dict:
    from rest_framework.authtoken.models import Token

    from cms.roles import MODERATORS, ensure_roles

    groups = ensure_roles()
    user, _created = get_user_model().objects.get_or_create(username=MODERATOR, defaults={"is_staff": True})
    user.groups.add(groups[MODERATORS])
    token, _created = Token.objects.get_or_create(user=user)
    return {"token": token.key, **deep_cursor(spec["feed_depth"])}


def deep_cursor(depth: int) -> dict:
    """Follow the feed's ``next`` links (100 a page) until ``depth`` items are behind: that page's cursor."""
    client = Client()
    url, seen = "/api/v1/feed/?page_size=100", 0
    while seen < depth:
        data = client.get(url).json()
        seen += len(data["results"])
        if not data["next"]:
            break
        parts = urlsplit(data["next"])
        url = f"{parts.path}?{parts.query}"
    cursor = parse_qs(urlsplit(url).query).get("cursor", [""])[0]
    return {"cursor": cursor, "cursor_depth": seen}


def _request(client: Client, row: dict, headers: dict):
    if row["method"] == "POST":
        return client.post(row["path"], data=row["body"], content_type="application/json", headers=headers)
    return client.get(row["path"], headers=headers)


def queries(spec: dict) -> dict:
    from cms import content_version

    content_version.current()  # as a worker that has served before: on PostgreSQL, already LISTENing
    out = {}
    for row in spec["rows"]:
        settings.CMS["RESPONSE_CACHE"] = row["server"] != "cold"
        client = Client()
        headers = dict(row.get("headers") or {})
        if row.get("etag"):
            headers["If-None-Match"] = _request(client, row, headers)["ETag"]
        elif row["server"] == "warm" and row["method"] == "GET":
            _request(client, row, headers)  # fills the server-side cache
        elif row["method"] == "POST":
            # One comment first, as on a site that has taken comments (its settings rows exist).
            _request(client, {**row, "body": row["body"].replace("@", ".first@")}, headers)
        with CaptureQueriesContext(connection) as ctx:
            response = _request(client, row, headers)
        statements = [q["sql"] for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
        auth = sum(1 for sql in statements if AUTH_TABLES.search(sql)) if row.get("auth") else 0
        out[row["name"]] = {"status": response.status_code, "queries": len(statements) - auth, "auth": auth, "sql": statements}
    return out


def size(spec: dict) -> dict:
    settings.CMS["RESPONSE_CACHE"] = False
    response = Client().get(spec["path"])
    return {"bytes": len(response.content), "status": response.status_code}


if __name__ == "__main__":
    command = sys.argv[1]
    spec = json.load(sys.stdin)
    result = {"prepare": prepare, "queries": queries, "size": size}[command](spec)
    json.dump(result, sys.stdout)
