"""Deep pages (ids found in a subquery, rows read by id) and the keyset feed list exactly what a plain
query would, in every ordering and with every filter; the feed visits each article once even
when several share a publication time."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.utils import timezone

from articles import selectors
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
