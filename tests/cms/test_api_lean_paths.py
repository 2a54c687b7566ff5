"""The lean paths of anonymous reads answer exactly what DRF's full path answers.

``ApiView.as_view`` answers a stored body or a 304 before the view is set up
(``caching.cached_answer``); an anonymous read that has to be built skips DRF's request wrapper,
authentication and negotiation (``ApiView._lean_dispatch``). Neither may change an answer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms import content_version
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language", "Allow")
READS = ["/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/", "/api/v1/categories/", "/api/v1/tags/", "/api/v1/site/"]


@pytest.fixture
def story():
    ArticleFactory(slug="story", primary_category=CategoryFactory(slug="news"), tags=[TagFactory()], authors=[AuthorFactory()])
    content_version.content_changed()


def _headers(response) -> dict:
    return {name: response.get(name) for name in HEADERS}


@pytest.mark.parametrize("url", READS)
def test_a_stored_answer_is_the_built_answer(client, story, url):
    built = client.get(url)
    stored = client.get(url)

    assert stored.status_code == built.status_code == 200
    assert stored.content == built.content
    assert _headers(stored) == _headers(built)
    assert "GET" in stored["Allow"] and "HEAD" in stored["Allow"]


@pytest.mark.parametrize("cache_on", [True, False])
def test_a_304_is_the_same_on_every_path(client, story, settings, cache_on):
    settings.CMS = {**settings.CMS, "RESPONSE_CACHE": cache_on}
    etag = client.get("/api/v1/articles/")["ETag"]

    answers = [client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag) for _ in range(2)]

    assert [a.status_code for a in answers] == [304, 304]
    assert _headers(answers[0]) == _headers(answers[1])
    assert answers[0]["ETag"] == etag


def test_a_repeated_parameter_is_still_a_400_when_its_last_value_is_cached(client, story):
    client.get("/api/v1/articles/?page_size=1")

    response = client.get("/api/v1/articles/?page_size=5&page_size=1")

    assert response.status_code == 400
    assert "page_size" in response.json()["fields"]


def test_an_unknown_language_is_still_a_400(client, story):
    client.get("/api/v1/articles/")

    response = client.get("/api/v1/articles/?lang=xx")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"


def test_errors_on_the_lean_path_are_the_envelope_in_the_request_language(client, story):
    response = client.get("/api/v1/articles/?page_size=0&lang=en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == "en"
    assert response.json()["code"] == "invalid_parameter"
    assert response.json()["detail"] == "Invalid query parameter: page_size."
    assert response.get("Allow")


def test_a_client_that_accepts_no_json_gets_drf_s_406(client, story):
    client.get("/api/v1/articles/")

    response = client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406


def test_an_editor_with_a_session_never_gets_the_anonymous_answer(client, story, editor):
    public = client.get("/api/v1/articles/story/").json()  # now stored
    client.force_login(editor)

    response = client.get("/api/v1/articles/story/")

    assert response.status_code == 200
    assert "status" in response.json() and "status" not in public  # the editors' view of the article


def test_a_token_is_never_answered_from_the_anonymous_cache(client, story, editor):
    from rest_framework.authtoken.models import Token

    client.get("/api/v1/articles/story/")
    token = Token.objects.create(user=editor)

    response = client.get("/api/v1/articles/story/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert "status" in response.json()


# --- CONTENT_VERSION_TTL_MS: a process may reuse the content state it read ---------------------------


@pytest.fixture
def ttl(settings):
    settings.CMS = {**settings.CMS, "CONTENT_VERSION_TTL_MS": 60_000}
    content_version._forget()
    yield
    content_version._forget()


def test_by_default_the_state_is_read_on_every_request(db, django_assert_num_queries):
    content_version.current()

    with django_assert_num_queries(1):
        content_version.current()


def test_with_a_ttl_the_state_is_reused(ttl, django_assert_num_queries):
    first = content_version.current()

    with django_assert_num_queries(0):
        assert content_version.current() == first


def test_a_change_in_this_process_shows_at_once(ttl):
    before = content_version.current()

    content_version.content_changed()

    assert content_version.current().value == before.value + 1


def test_a_scheduled_article_going_live_ends_the_reuse(ttl, monkeypatch):
    ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    content_version.content_changed()
    before = content_version.current()
    assert before.next_publication_at is not None
    later = timezone.now() + timedelta(hours=2)

    monkeypatch.setattr(content_version.timezone, "now", lambda: later)

    assert content_version.current().value == before.value + 1


def test_a_force_authenticated_test_client_is_not_anonymous(api_client, story, editor):
    api_client.get("/api/v1/articles/story/")  # the public answer, now stored
    api_client.force_authenticate(editor)

    assert "status" in api_client.get("/api/v1/articles/story/").json()


# --- PostgreSQL: the state holds until the database NOTIFYs a change --------------------------------

from django.db import connection, connections, transaction  # noqa: E402

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's")


@pytest.fixture
def kept_connection(monkeypatch):
    """A worker's connection, kept between requests (DJANGO_CONN_MAX_AGE), outside any transaction."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    content_version._forget()
    yield
    content_version._forget()


def _change_from_another_worker() -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # autocommit: committed when it returns
            cursor.execute("UPDATE cms_contentversion SET value = value + 1 WHERE id = 1")
    finally:
        other.close()


def _current_once_notified(old_value: int, seconds: float = 5.0):
    """``current()`` until it moves on: the notification reaches the socket a moment after the commit."""
    import time

    deadline = time.monotonic() + seconds
    while (state := content_version.current()).value == old_value and time.monotonic() < deadline:
        time.sleep(0.005)
    return state


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_listening_worker_reads_the_state_once_until_a_change_is_notified(kept_connection, django_assert_num_queries):
    content_version.current()  # LISTEN, then the read (which makes the row, in a new database)
    first = content_version.current()
    with django_assert_num_queries(0):
        assert content_version.current() == first

    _change_from_another_worker()  # not through content_changed(): the table's trigger notifies

    assert _current_once_notified(first.value).value == first.value + 1
    with django_assert_num_queries(0):
        assert content_version.current().value == first.value + 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_answers_change_when_another_worker_publishes(kept_connection, client):
    ArticleFactory(slug="first")
    content_version.content_changed()
    before = client.get("/api/v1/articles/")
    assert [item["slug"] for item in before.json()["results"]] == ["first"]

    ArticleFactory(slug="second")  # as the admin in another process would, then bump the version there
    _change_from_another_worker()
    _current_once_notified(content_version.current().value)

    after = client.get("/api/v1/articles/")
    assert after["ETag"] != before["ETag"]
    assert [item["slug"] for item in after.json()["results"]] == ["second", "first"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_or_with_listening_off_the_state_is_read_each_time(kept_connection, settings, django_assert_num_queries):
    content_version.current()
    with transaction.atomic():  # notifications wait for the transaction's end: nothing held is trusted
        with django_assert_num_queries(1):
            content_version.current()

    settings.CMS = {**settings.CMS, "CONTENT_VERSION_LISTEN": False}
    content_version.current()
    with django_assert_num_queries(1):
        content_version.current()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_closed_after_each_request_does_not_listen(monkeypatch, django_assert_num_queries):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    content_version.current()

    with django_assert_num_queries(1):
        content_version.current()


@pytest.mark.parametrize(
    ("path", "name"),
    [("/api/v1/articles/", "api-article-list"), ("/api/v1/articles/story/", "api-article-detail"), ("/api/v1/articles/story/comments/", "api-article-comments")],
)
def test_a_readers_busiest_routes_are_found_first(path, name):
    from django.urls import resolve

    match = resolve(path)

    # Routes tried on the way, the matching one included: one flat list of v1 routes, these at its top.
    assert (match.url_name, len(match.tried)) == (name, ["api-article-list", "api-article-detail", "api-article-comments"].index(name) + 1)
