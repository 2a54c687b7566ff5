"""HTTP caching (ETag, Last-Modified, 304s) and the server-side response cache of anonymous reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.models import Article
from cms import content_version
from cms.api.caching import dumps
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PageFactory, TagFactory

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/site/", "/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/", "/api/v1/categories/",
    "/api/v1/categories/news/", "/api/v1/tags/", "/api/v1/authors/", "/api/v1/authors/writer/", "/api/v1/pages/about/",
]


@pytest.fixture
def story():
    PageFactory(slug="about")
    TagFactory()
    category = CategoryFactory(slug="news")
    article = ArticleFactory(slug="story", title_ar="عنوان أول", primary_category=category, authors=[AuthorFactory(slug="writer")])
    content_version.content_changed()  # as the services do; the first reader then finds the row
    return article


@pytest.mark.parametrize("url", READS)
def test_anonymous_reads_carry_validators_and_public_cache_control(client, story, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_max_age_is_a_setting(client, story, settings):
    settings.CMS = {**settings.CMS, "CACHE_MAX_AGE": 300}

    assert client.get("/api/v1/articles/")["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("url", READS)
def test_current_etag_gets_a_304_without_a_body(client, story, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_weak_and_listed_etags_match_too(client, story):
    etag = client.get("/api/v1/articles/")["ETag"]

    assert client.get("/api/v1/articles/", headers={"if-none-match": f"W/{etag}"}).status_code == 304
    assert client.get("/api/v1/articles/", headers={"if-none-match": f'"other", {etag}'}).status_code == 304
    assert client.get("/api/v1/articles/", headers={"if-none-match": '"other"'}).status_code == 200


def test_if_modified_since_gets_a_304_until_content_changes(client, story):
    last_modified = client.get("/api/v1/articles/")["Last-Modified"]
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())

    assert client.get("/api/v1/articles/", headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get("/api/v1/articles/", headers={"if-modified-since": earlier}).status_code == 200


def test_etag_differs_by_language_and_by_query(client, story):
    arabic = client.get("/api/v1/articles/")["ETag"]

    assert client.get("/api/v1/articles/?lang=en")["ETag"] != arabic
    assert client.get("/api/v1/articles/", headers={"accept-language": "en"})["ETag"] != arabic
    assert client.get("/api/v1/articles/?page_size=5")["ETag"] != arabic
    assert client.get("/api/v1/articles/", headers={"if-none-match": arabic, "accept-language": "en"}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/"])
def test_a_change_through_a_service_changes_the_etag_and_the_body(client, story, url):
    before = client.get(url)

    services.article_update(article=Article.objects.get(slug="story"), title="عنوان ثان")
    after = client.get(url)

    assert after["ETag"] != before["ETag"]
    assert "عنوان ثان".encode() in after.content and "عنوان ثان".encode() not in before.content
    assert client.get(url, headers={"if-none-match": before["ETag"]}).status_code == 200


def test_publishing_or_unpublishing_changes_what_the_cache_serves(client, story):
    draft = ArticleFactory(slug="draft", status=Article.Status.DRAFT, published_at=None)
    assert client.get("/api/v1/articles/").json()["count"] == 1

    services.article_publish(article=draft)
    assert client.get("/api/v1/articles/").json()["count"] == 2

    services.article_unpublish(article=draft)
    assert client.get("/api/v1/articles/").json()["count"] == 1
    assert client.get("/api/v1/articles/draft/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/", "/api/v1/categories/"])
def test_a_warm_request_is_served_from_the_cache_with_one_query(client, story, url, django_assert_num_queries):
    cold = client.get(url)

    # The only query: the content version (with the next scheduled publication), read to build
    # the cache key; the body comes from the cache.
    with django_assert_num_queries(1):
        warm = client.get(url)

    assert warm.content == cold.content
    assert warm["ETag"] == cold["ETag"]


def test_the_server_cache_keeps_serving_until_the_version_changes(client, story):
    client.get("/api/v1/articles/story/")

    # A bulk update sends no signal and bumps no version: readers keep the cached answer...
    Article.objects.filter(slug="story").update(title_ar="تغيير بلا خدمة")
    assert client.get("/api/v1/articles/story/").json()["title"] == "عنوان أول"

    # ...until a service says the content changed.
    content_version.content_changed()
    assert client.get("/api/v1/articles/story/").json()["title"] == "تغيير بلا خدمة"


def test_with_the_response_cache_off_every_request_is_built(client, story, cold):
    client.get("/api/v1/articles/story/")
    Article.objects.filter(slug="story").update(title_ar="تغيير بلا خدمة")

    response = client.get("/api/v1/articles/story/")

    assert response.json()["title"] == "تغيير بلا خدمة"
    assert response["ETag"]  # still validated by the content version


def test_errors_are_not_cached(client, story):
    assert client.get("/api/v1/articles/later/").status_code == 404

    ArticleFactory(slug="later")
    content_version.content_changed()

    assert client.get("/api/v1/articles/later/").status_code == 200


# --- the per-process memo of answers, in front of the shared cache ---


def test_a_repeated_request_is_answered_from_the_process_memo_without_the_shared_cache(client, story):
    from django.core.cache import cache

    first = client.get("/api/v1/articles/")
    cache.clear()  # the shared cache forgets; this process still holds the answer for this state

    again = client.get("/api/v1/articles/")

    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_memo_drops_its_answers_when_the_content_changes(client, story):
    client.get("/api/v1/articles/")
    article = Article.objects.get(slug="story")
    article.title_ar = "عنوان جديد"

    services.article_save(article=article)

    assert client.get("/api/v1/articles/").json()["results"][0]["title"] == "عنوان جديد"


def test_the_memo_keeps_hosts_languages_and_queries_apart(client, story):
    ar = client.get("/api/v1/articles/")
    en = client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="en")
    other_host = client.get("/api/v1/articles/", HTTP_HOST="localhost")
    small = client.get("/api/v1/articles/?page_size=1")

    assert client.get("/api/v1/articles/", HTTP_HOST="localhost").json()["results"][0]["url"].startswith("http://localhost/")
    assert client.get("/api/v1/articles/").json()["results"][0]["url"].startswith("http://testserver/")
    assert len({ar["ETag"], en["ETag"], other_host["ETag"], small["ETag"]}) == 4
    assert client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    assert client.get("/api/v1/articles/", HTTP_HOST="evil.example").status_code == 400


def test_an_answer_cached_for_http_is_not_served_over_https(client, story):
    ArticleFactory(slug="second")
    content_version.content_changed()
    plain = client.get("/api/v1/articles/?page_size=1")  # stored in the shared cache

    secure = client.get("/api/v1/articles/?page_size=1", secure=True)

    assert plain.json()["next"].startswith("http://testserver/api/v1/articles/?")
    assert secure.json()["next"].startswith("https://testserver/api/v1/articles/?")
    assert secure.json()["results"][0]["url"].startswith("https://testserver/")
    assert secure["ETag"] != plain["ETag"]


def test_if_modified_since_alone_still_gets_its_304_after_the_memo_is_filled(client, story):
    first = client.get("/api/v1/articles/")

    response = client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 304


def test_nothing_is_memoised_with_the_response_cache_off(client, story, cold):
    client.get("/api/v1/articles/")
    Article.objects.filter(slug="story").update(title_ar="تغيير بلا خدمة")  # no version bump: only a memo would hide it

    assert client.get("/api/v1/articles/").json()["results"][0]["title"] == "تغيير بلا خدمة"


def test_answers_write_utc_times_with_z_and_any_key_as_a_string():
    moment = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)

    assert dumps({"published_at": moment, "title": "العراق"}) == '{"published_at":"2026-11-30T09:05:00Z","title":"العراق"}'.encode()
    assert dumps({"errors": {0: ["bad"]}, "at": moment}) == b'{"errors":{"0":["bad"]},"at":"2026-11-30T09:05:00Z"}'
