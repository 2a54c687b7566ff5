"""Deep pages (ids found in a subquery, rows read by id) and the keyset feed list exactly what a plain
query would, in every ordering and with every filter; the feed visits each article once even
when several share a publication time."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.utils import timezone

from articles import selectors
from articles.models import ArticleAuthor
from articles.search import search
from articles.views import _ordered
from cms import content_version
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SIZE = 4
PLACE = quote("الموصل")  # as clients send it, percent-encoded


@pytest.fixture
def articles(cold):
    news, sport = CategoryFactory(slug="news"), CategoryFactory(slug="sport")
    start = timezone.now() - timedelta(days=3)
    made = []
    for n in range(23):
        # Three articles share each publication time: the id breaks the ties.
        made.append(ArticleFactory(
            slug=f"a{n:02d}", title_ar=f"{'خبر' if n % 2 else 'تقرير'} {(n * 7) % 23:02d} الموصل" if n % 3 else f"مقال {n:02d}",
            published_at=start + timedelta(hours=n // 3), primary_category=news if n % 2 else sport,
        ))
    ArticleFactory(slug="draft", status="draft", published_at=None)
    ArticleFactory(slug="later", published_at=timezone.now() + timedelta(days=1))
    content_version.content_changed()
    return made


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _all_pages(client, query: str) -> list[str]:
    slugs, url = [], f"/api/v1/articles/?page_size={SIZE}{query}"
    while url:
        data = client.get(url).json()
        slugs += [item["slug"] for item in data["results"]]
        url = data["next"] and _path(data["next"])
    return slugs


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("", {}),
        ("&ordering=published_at", {"ordering": "published_at"}),
        ("&ordering=title", {"ordering": "title"}),
        ("&ordering=-title&lang=en", {"ordering": "-title"}),
        ("&category=news", {"category": "news"}),
        (f"&q={PLACE}", {"q": "الموصل"}),
        (f"&q={PLACE}&ordering=published_at", {"q": "الموصل", "ordering": "published_at"}),
    ],
)
def test_every_page_lists_what_one_plain_query_lists(client, articles, query, params):
    lang = "en" if "lang=en" in query else "ar"
    qs = selectors.filter_articles(selectors.published_rows(), params, lang)
    if not params.get("q") or "ordering" in params:
        qs = _ordered(qs.order_by(), params.get("ordering"), lang)

    assert _all_pages(client, query) == list(qs.values_list("slug", flat=True))


def test_the_feed_visits_every_article_once_forward_and_back(client, articles):
    expected = [a.slug for a in sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)]
    seen, pages, url = [], [], f"/api/v1/feed/?page_size={SIZE}"
    while url:
        data = client.get(url).json()
        pages.append(data)
        seen += [item["slug"] for item in data["results"]]
        url = data["next"] and _path(data["next"])

    assert seen == expected
    back, url = [], _path(pages[-1]["previous"])
    while url:
        data = client.get(url).json()
        back = [item["slug"] for item in data["results"]] + back
        url = data["previous"] and _path(data["previous"])
    assert back == expected[: len(expected) - len(pages[-1]["results"])]


def test_a_filtered_feed_pages_through_ties_too(client, articles):
    expected = [a.slug for a in sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True) if a.primary_category.slug == "news"]
    seen, url = [], f"/api/v1/feed/?page_size={SIZE}&category=news"
    while url:
        data = client.get(url).json()
        seen += [item["slug"] for item in data["results"]]
        url = data["next"] and _path(data["next"])

    assert seen == expected


def test_a_cursor_from_the_future_shows_nothing_unpublished(client, articles):
    from cms.api.pagination import encode_cursor

    cursor = encode_cursor("n", timezone.now() + timedelta(days=2), 10**9)

    slugs = [item["slug"] for item in client.get(f"/api/v1/feed/?cursor={cursor}&page_size=100").json()["results"]]

    assert "later" not in slugs and "draft" not in slugs
    assert len(slugs) == len(articles)


def test_search_pages_match_the_search_itself(client, articles):
    direct = list(search(selectors.published_rows(), "الموصل", "ar").values_list("slug", flat=True))

    assert _all_pages(client, f"&q={PLACE}") == direct


# --- numbered pages read after a remembered row (cms.api.pagination.anchored_page) ---------------


@pytest.fixture
def seek_every_page(settings):
    """Every page after the first read after a remembered row (the default waits for 200 rows)."""
    settings.CMS = {**settings.CMS, "PAGE_SEEK_FROM_OFFSET": 1}


@pytest.fixture
def labelled(articles):
    """The articles, with a tag on every other one and an author on the others."""
    from tests.factories import AuthorFactory, TagFactory

    tag, author = TagFactory(slug="flood"), AuthorFactory(slug="editor2")
    for n, article in enumerate(articles):
        if n % 2 == 0:
            article.tags.add(tag)
        else:
            ArticleAuthor.objects.create(article=article, author=author, position=0)
    content_version.content_changed()
    return articles


def _page(client, query: str, page: int) -> list[str]:
    response = client.get(f"/api/v1/articles/?page_size={SIZE}&page={page}{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


SEEK_QUERIES = [
    ("", {}),
    ("&ordering=published_at", {"ordering": "published_at"}),
    ("&category=news", {"category": "news"}),
    ("&tag=flood", {"tag": "flood"}),
    ("&author=editor2", {"author": "editor2"}),
]


@pytest.mark.parametrize(("query", "params"), SEEK_QUERIES)
def test_deep_pages_read_after_a_remembered_row_list_what_offsets_list(client, labelled, seek_every_page, query, params):
    qs = selectors.filter_articles(selectors.published_rows(), params, "ar")
    expected = list(_ordered(qs.order_by(), params.get("ordering"), "ar").values_list("slug", flat=True))
    pages = -(-len(expected) // SIZE)
    assert pages >= 3
    by_page = {n: expected[(n - 1) * SIZE : n * SIZE] for n in range(1, pages + 1)}

    # Forward (each page anchors the next), backward (each page anchored by the visit before),
    # a page asked for twice, and the last page first in a fresh content state: the same rows.
    assert _all_pages(client, query) == expected
    assert {n: _page(client, query, n) for n in range(pages, 0, -1)} == by_page
    assert _page(client, query, 2) == _page(client, query, 2) == by_page[2]
    content_version.content_changed()
    assert _page(client, query, pages) == by_page[pages]
    assert _page(client, query, pages - 1) == by_page[pages - 1]


def test_a_page_asked_for_again_skips_no_rows(client, articles, seek_every_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _page(client, "", 4)
    with CaptureQueriesContext(connection) as again:
        second = _page(client, "", 4)

    assert first == second
    pages = [q["sql"] for q in again.captured_queries if '"articles_article"."slug"' in q["sql"]]
    assert len(pages) == 1
    assert not re.search(r"OFFSET [1-9]", pages[0])


def test_remembered_rows_go_with_the_content_version(client, articles, seek_every_page):
    before = _page(client, "", 3)
    newest = ArticleFactory(slug="breaking", published_at=timezone.now() - timedelta(minutes=1))
    content_version.content_changed()

    after = _page(client, "", 3)

    ordered = [a.slug for a in sorted([*articles, newest], key=lambda a: (a.published_at, a.pk), reverse=True)]
    assert after == ordered[2 * SIZE : 3 * SIZE]
    assert after != before


def test_remembered_rows_never_show_a_draft_or_a_scheduled_article(client, articles, seek_every_page):
    slugs = [slug for n in range(1, 7) for slug in _page(client, "", n)]
    slugs += [slug for n in range(6, 0, -1) for slug in _page(client, "", n)]

    assert "draft" not in slugs and "later" not in slugs
    assert set(slugs) == {a.slug for a in articles}


def test_each_order_and_filter_remembers_rows_of_its_own(client, labelled, seek_every_page):
    expected = {}
    for query, params in SEEK_QUERIES:
        qs = selectors.filter_articles(selectors.published_rows(), params, "ar")
        expected[query] = list(_ordered(qs.order_by(), params.get("ordering"), "ar").values_list("slug", flat=True))

    # Every listing's page 2 (anchoring page 3 of each), then every listing's page 3.
    for page in (2, 3):
        for query, slugs in expected.items():
            assert _page(client, query, page) == slugs[(page - 1) * SIZE : page * SIZE], query
