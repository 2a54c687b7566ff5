"""Queries per request for every row of the benchmark (bench/run.py), on its data set (``seed_bench``).

The targets (issue 7) leave authentication out: list <= 5, detail <= 8, comment page <= 4, comment
POST <= 10, moderation queue <= 6, whatever the page size or how deep the page. Cold rows run with
the response cache off (``cold``); transaction control (BEGIN, SAVEPOINT, RELEASE) is not a query.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.management.commands.seed_bench import HOT_SLUG
from comments.models import ModerationSettings

pytestmark = pytest.mark.django_db

SEARCH = quote("كركوك")
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|SAVEPOINT|RELEASE|COMMIT|ROLLBACK)\b", re.IGNORECASE)
AUTH_TABLES = re.compile(r'"(authtoken_token|auth_user|auth_group|auth_permission|auth_user_groups|auth_user_user_permissions|auth_group_permissions|django_content_type)"')


@pytest.fixture
def cold(settings):
    """The server-side response cache off: every request builds its answer."""
    settings.CMS = {**settings.CMS, "RESPONSE_CACHE": False}


@pytest.fixture
def bench_data(db):
    call_command("seed_bench", "--articles", "60", "--comments", "50", "--quiet", stdout=StringIO(), stderr=StringIO())


def statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]


@pytest.mark.parametrize("size", [1, 20, 100])
@pytest.mark.parametrize(
    "query",
    ["", "&page=2", "&category=bench-cat-01", f"&q={SEARCH}", "&ordering=published_at", "&ordering=title"],
    ids=["first-page", "next-page", "category", "search", "oldest-first", "by-title"],
)
def test_list_rows_run_at_most_5_queries(client, cold, bench_data, size, query, django_assert_max_num_queries):
    if "page=2" in query and size == 100:
        query = ""
    # Content version, count (cached with it afterwards), category tree (category filter only,
    # cached likewise), the page's rows (ids found in a subquery), one UNION ALL of bylines,
    # categories and tags.
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/articles/?page_size={size}{query}")

    assert response.status_code == 200
    assert 0 < len(response.json()["results"]) <= size


def test_a_deep_page_runs_the_same_queries_as_the_first(client, cold, bench_data):
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/articles/?page_size=5")
    with CaptureQueriesContext(connection) as deep:
        response = client.get("/api/v1/articles/?page_size=5&page=12")  # the last page: offset 55

    assert response.status_code == 200 and len(response.json()["results"]) == 5
    assert len(deep) <= len(first) <= 4  # the count is cached by then


@pytest.mark.parametrize("size", [1, 100])
def test_feed_pages_run_3_queries_however_deep(client, cold, bench_data, size, django_assert_max_num_queries):
    url = f"/api/v1/feed/?page_size={size}"
    for _ in range(3):
        # Content version, the page's rows (keyset on published_at, id), one UNION ALL of relations.
        with django_assert_max_num_queries(3):
            data = client.get(url).json()
        if not data["next"]:
            break
        parts = urlsplit(data["next"])
        url = f"{parts.path}?{parts.query}"


def test_detail_runs_at_most_8_queries(client, cold, bench_data, django_assert_max_num_queries):
    # Content version, the article, its relations, curated links and automatic picks (then
    # cached with the content version), the lean rows of the related items.
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/articles/bench-000051/")

    assert len(response.json()["related"]) == 4


def test_warm_and_304_answers_read_only_the_content_version(client, bench_data, django_assert_max_num_queries):
    first = client.get("/api/v1/articles/")

    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/articles/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("size", [1, 100])
def test_the_500_comment_article_s_comment_page_runs_4_queries(client, cold, bench_data, size, django_assert_max_num_queries):
    # Content version, the article, the two counts, the page's threads with all their approved
    # replies (the page of thread ids is a subquery).
    with django_assert_max_num_queries(4):
        data = client.get(f"/api/v1/articles/{HOT_SLUG}/comments/?page_size={size}").json()

    assert data["total"] == 500 and len(data["results"]) == size


@pytest.mark.parametrize("intervals", [(0, 0), (15, 30)], ids=["flood-limits-off", "flood-limits-on"])
def test_a_comment_post_runs_at_most_10_queries(client, bench_data, settings, intervals):
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": intervals[0], "COMMENT_MIN_INTERVAL_PER_EMAIL": intervals[1], "MODERATION_NOTIFY": False}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])}
    body = {"author_name": "قارئ", "author_email": "new.reader@bench.example", "body": "<p>تعليق جديد</p>", "consent": True}
    ModerationSettings.load()  # the row exists, as it does once the site has taken a comment

    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/api/v1/articles/bench-000051/comments/", data=json.dumps(body), content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    # The article; one read of the rules, the consent version, the duplicate check, the sender
    # (blocked senders, known commenter) and, with the minimum intervals on (as deployed), the
    # sender's last submissions by client address and by e-mail; then the rows. PostgreSQL stores the comment, its thread,
    # its held reason and its audit event in one statement, outside any transaction of several;
    # SQLite in four, in one transaction.
    if connection.vendor == "postgresql":
        assert len(statements(ctx)) == 3, statements(ctx)
        assert not any(TRANSACTION_CONTROL.match(query["sql"]) for query in ctx.captured_queries)
    else:
        assert len(statements(ctx)) == 6, statements(ctx)


def test_the_moderation_queue_runs_at_most_6_queries_besides_authentication(api_client, moderator, bench_data):
    from rest_framework.authtoken.models import Token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=moderator).key}")

    with CaptureQueriesContext(connection) as ctx:
        response = api_client.get("/api/v1/moderation/comments/?status=pending")

    assert response.status_code == 200
    assert response.json()["results"]
    assert len([sql for sql in statements(ctx) if not AUTH_TABLES.search(sql)]) <= 6
