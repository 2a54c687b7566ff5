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
