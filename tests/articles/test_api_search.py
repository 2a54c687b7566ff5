"""Search (``q``) over the served language's normalised text; the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    now = timezone.now()
    ArticleFactory(slug="troops", title_ar="القوات الأميركية في العراق", body_ar="<p>مسؤولون في إدارة بايدن</p>",
                   published_at=now - timedelta(hours=3))
    ArticleFactory(slug="diacritics", title_ar="القُوَّاتُ التُّركِيَّةُ", excerpt_ar="", body_ar="<p>شمال سوريا</p>",
                   published_at=now - timedelta(hours=2))
    ArticleFactory(slug="tatweel", title_ar="أخبار العـــراق اليوم", body_ar="<p>متابعات</p>", published_at=now - timedelta(hours=1))
    ArticleFactory(slug="camp", title_ar="مخيم الهول", body_ar="<p>أوضاع <strong>النازحين</strong> في المخيم</p>",
                   published_at=now - timedelta(hours=4))
    ArticleFactory(slug="english", title_ar="انسحاب", body_ar="<p>نص عربي</p>", title_en="Troops withdrawal from Iraq",
                   body_en="<p>Officials in Washington discussed the mission.</p>", published_at=now - timedelta(hours=5))


def _found(client, q: str, **params) -> list[str]:
    response = client.get("/api/v1/articles/", {"q": q, **params})
    assert response.status_code == 200, response.content
    feed = client.get("/api/v1/feed/", {"q": q, **params}).json()
    slugs = sorted(item["slug"] for item in response.json()["results"])
    assert sorted(item["slug"] for item in feed["results"]) == slugs  # the feed searches the same way
    return slugs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الاميركيه", ["troops"]),  # hamza on alef and teh marbuta folded
        ("الأَمِيرْكِيَّة", ["troops"]),  # diacritised query, plain text
        ("القوات التركية", ["diacritics"]),  # plain query, diacritised text
        ("القوات", ["diacritics", "troops"]),
        ("العراق", ["tatweel", "troops"]),  # tatweel in the text
        ("العــراق", ["tatweel", "troops"]),  # tatweel in the query
        ("النازحين", ["camp"]),  # words inside the body's HTML
        ("مخيم الهول", ["camp"]),
        ("القوات سوريا", ["diacritics"]),  # every word must match
        ("بغداد", []),
        # With or without the article or a proclitic (PostgreSQL's stemmer alone tells them apart).
        ("قوات", ["diacritics", "troops"]),
        ("اميركيه", ["troops"]),
        ("عراق", ["tatweel", "troops"]),
        ("اوضاع", ["camp"]),
        ("الهول", ["camp"]),
        ("هول", ["camp"]),
    ],
)
def test_arabic_search_normalises_query_and_text(client, corpus, query, expected):
    assert _found(client, query) == expected


def test_english_search_looks_in_the_english_text(client, corpus):
    assert _found(client, "troops", lang="en") == ["english"]
    assert _found(client, "Washington mission", lang="en") == ["english"]
    assert _found(client, "TROOPS", lang="en") == ["english"]
    assert _found(client, "troops") == []  # Arabic readers search the Arabic text


def test_english_readers_find_untranslated_articles_in_arabic(client, corpus):
    assert _found(client, "الاميركيه", lang="en") == ["troops"]
    assert _found(client, "انسحاب", lang="en") == []  # translated: English readers get (and search) the English


def test_a_word_written_with_a_proclitic_is_found_by_the_bare_word(client):
    ArticleFactory(slug="with-waw", title_ar="والقوات بالعراق")

    assert _found(client, "القوات") == ["with-waw"]
    assert _found(client, "العراق") == ["with-waw"]
    assert _found(client, "عراق", lang="en") == ["with-waw"]


def test_search_combines_with_other_filters(client, corpus):
    category = CategoryFactory(slug="iraq")
    ArticleFactory(slug="filed", title_ar="العراق والقوات", primary_category=category)

    assert _found(client, "العراق", category="iraq") == ["filed"]


def test_search_results_are_paginated_and_counted(client, corpus):
    data = client.get("/api/v1/articles/", {"q": "العراق", "page_size": 1}).json()

    assert data["count"] == 2
    assert len(data["results"]) == 1
    assert data["next"] is not None


def test_search_with_ordering_follows_the_ordering(client, corpus):
    data = client.get("/api/v1/articles/", {"q": "العراق", "ordering": "published_at"}).json()

    assert [item["slug"] for item in data["results"]] == ["troops", "tatweel"]


@pytest.mark.parametrize("query", ["   ", "ـــ", "\u064e\u064f"])
def test_a_query_with_no_letters_left_finds_everything(client, corpus, query):
    assert len(_found(client, query)) == 5


def test_overlong_query_is_a_400(client):
    assert client.get("/api/v1/articles/", {"q": "ا" * 201}).status_code == 400


def test_query_with_sql_and_tsquery_syntax_is_just_text(client, corpus):
    for query in ["'; DROP TABLE articles_article; --", "troops & !iraq | (x)", "a:* <-> b"]:
        assert client.get("/api/v1/articles/", {"q": query, "lang": "en"}).status_code == 200

