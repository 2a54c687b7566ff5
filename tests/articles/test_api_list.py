"""The article list (page numbers) and the feed (cursors): fields, pagination, ordering, filters."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "id", "slug", "title", "excerpt", "published_at", "updated_at", "authors", "primary_category", "categories",
    "tags", "image", "url", "comment_count", "language", "dir",
}


def _articles(count: int, *, start: datetime | None = None):
    """``count`` published articles, one hour apart, the last one the newest."""
    start = start or timezone.now() - timedelta(days=30)
    return [ArticleFactory(slug=f"a{i:03d}", published_at=start + timedelta(hours=i)) for i in range(count)]


def _slugs(data: dict) -> list[str]:
    return [item["slug"] for item in data["results"]]


def test_list_item_has_exactly_the_documented_fields(client, png):
    category = CategoryFactory(slug="politics", name_ar="سياسة")
    other = CategoryFactory(slug="iraq", name_ar="العراق")
    article = ArticleFactory(
        slug="story", title_ar="عنوان", excerpt_ar="ملخص", primary_category=category, categories=[category, other],
        tags=[TagFactory(slug="us", name_ar="أمريكا")], authors=[AuthorFactory(slug="b", name="ب"), AuthorFactory(slug="a", name="أ")],
        image_alt_ar="جنود", image_caption_ar="جنود في العراق", image_credit="وكالات",
    )
    article.image.save("troops.png", png(size=(3, 2)))

    item = client.get("/api/v1/articles/").json()["results"][0]

    assert set(item) == ITEM_FIELDS
    assert (item["id"], item["slug"], item["title"], item["excerpt"]) == (article.pk, "story", "عنوان", "ملخص")
    assert datetime.fromisoformat(item["published_at"]) == article.published_at
    assert item["published_at"].endswith("Z") and item["updated_at"].endswith("Z")  # as every API timestamp: Z for UTC
    assert item["authors"] == [{"name": "ب", "slug": "b"}, {"name": "أ", "slug": "a"}]  # byline order
    assert item["primary_category"] == {"name": "سياسة", "slug": "politics"}
    assert item["categories"] == [{"name": "سياسة", "slug": "politics"}, {"name": "العراق", "slug": "iraq"}]
    assert item["tags"] == [{"name": "أمريكا", "slug": "us"}]
    assert item["url"] == "http://testserver/ar/articles/story/"
    assert (item["comment_count"], item["language"], item["dir"]) == (0, "ar", "rtl")
    image = item["image"]
    assert image["url"].startswith("http://testserver/media/articles/") and image["url"].endswith(".png")
    assert (image["alt"], image["caption"], image["credit"], image["width"], image["height"]) == ("جنود", "جنود في العراق", "وكالات", 3, 2)


def test_article_without_image_or_category_has_nulls(client):
    ArticleFactory()

    item = client.get("/api/v1/articles/").json()["results"][0]

    assert (item["image"], item["primary_category"], item["categories"], item["tags"], item["authors"]) == (None, None, [], [], [])


def test_list_is_newest_first_with_twenty_per_page(client):
    _articles(25)

    first = client.get("/api/v1/articles/").json()
    second = client.get(first["next"]).json()

    assert first["count"] == 25
    assert _slugs(first) == [f"a{i:03d}" for i in range(24, 4, -1)]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/articles/?page=2"
    assert _slugs(second) == [f"a{i:03d}" for i in range(4, -1, -1)]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/articles/"


def test_page_size_is_honoured_up_to_one_hundred(client):
    _articles(105)

    assert len(client.get("/api/v1/articles/?page_size=5").json()["results"]) == 5
    assert len(client.get("/api/v1/articles/?page_size=100").json()["results"]) == 100
    assert client.get("/api/v1/articles/?page_size=101").status_code == 400


def test_page_links_keep_the_other_parameters(client):
    _articles(5)

    data = client.get("/api/v1/articles/?page_size=2&page=2&lang=en").json()

    assert parse_qs(urlsplit(data["next"]).query) == {"page_size": ["2"], "page": ["3"], "lang": ["en"]}
    assert parse_qs(urlsplit(data["previous"]).query) == {"page_size": ["2"], "lang": ["en"]}


def test_ordering_by_date_and_title(client):
    now = timezone.now()
    ArticleFactory(slug="b", title_ar="باء", published_at=now - timedelta(hours=3))
    ArticleFactory(slug="a", title_ar="ألف", published_at=now - timedelta(hours=1))
    ArticleFactory(slug="c", title_ar="جيم", published_at=now - timedelta(hours=2))

    assert _slugs(client.get("/api/v1/articles/").json()) == ["a", "c", "b"]
    assert _slugs(client.get("/api/v1/articles/?ordering=-published_at").json()) == ["a", "c", "b"]
    assert _slugs(client.get("/api/v1/articles/?ordering=published_at").json()) == ["b", "c", "a"]
    assert _slugs(client.get("/api/v1/articles/?ordering=title").json()) == ["a", "b", "c"]


def test_title_ordering_follows_the_titles_readers_are_served(client):
    ArticleFactory(slug="translated", title_ar="ياء", title_en="Beta", body_en="<p>Body</p>")
    ArticleFactory(slug="half", title_ar="ألف", title_en="", body_en="")  # served in Arabic
    ArticleFactory(slug="english-title-only", title_ar="باء", title_en="Alpha")  # no English body: Arabic

    english = client.get("/api/v1/articles/?ordering=title&lang=en").json()
    descending = client.get("/api/v1/articles/?ordering=-title&lang=en").json()

    assert [item["title"] for item in english["results"]] == ["Beta", "ألف", "باء"]
    assert _slugs(descending) == ["english-title-only", "half", "translated"]


def test_category_filter_includes_descendant_categories(client):
    world = CategoryFactory(slug="world")
    middle_east = CategoryFactory(slug="middle-east", parent=world)
    iraq = CategoryFactory(slug="iraq", parent=middle_east)
    sport = CategoryFactory(slug="sport")
    ArticleFactory(slug="in-iraq", primary_category=iraq)
    ArticleFactory(slug="also-iraq", categories=[iraq])
    ArticleFactory(slug="in-world", primary_category=world)
    ArticleFactory(slug="in-sport", primary_category=sport)

    assert set(_slugs(client.get("/api/v1/articles/?category=world").json())) == {"in-iraq", "also-iraq", "in-world"}
    assert set(_slugs(client.get("/api/v1/articles/?category=middle-east").json())) == {"in-iraq", "also-iraq"}
    assert set(_slugs(client.get("/api/v1/feed/?category=world").json())) == {"in-iraq", "also-iraq", "in-world"}
    assert _slugs(client.get("/api/v1/articles/?category=no-such-category").json()) == []


def test_tag_and_author_filters(client):
    tag, author = TagFactory(slug="oil"), AuthorFactory(slug="sara")
    ArticleFactory(slug="tagged", tags=[tag])
    ArticleFactory(slug="written", authors=[author])
    ArticleFactory(slug="neither")

    assert _slugs(client.get("/api/v1/articles/?tag=oil").json()) == ["tagged"]
    assert _slugs(client.get("/api/v1/articles/?author=sara").json()) == ["written"]
    assert _slugs(client.get("/api/v1/feed/?tag=oil").json()) == ["tagged"]
    assert client.get("/api/v1/articles/?tag=oil&author=sara").json()["count"] == 0


def test_date_filters_take_dates_and_date_times(client):
    ArticleFactory(slug="june", published_at=datetime(2024, 6, 15, 12, tzinfo=dt_timezone.utc))
    ArticleFactory(slug="july", published_at=datetime(2024, 7, 15, 12, tzinfo=dt_timezone.utc))

    assert _slugs(client.get("/api/v1/articles/?published_after=2024-07-01").json()) == ["july"]
    assert _slugs(client.get("/api/v1/articles/?published_before=2024-07-01").json()) == ["june"]
    assert _slugs(client.get("/api/v1/articles/", {"published_after": "2024-06-15T12:00:00+00:00"}).json()) == ["july", "june"]
    assert _slugs(client.get("/api/v1/feed/?published_after=2024-06-01&published_before=2024-07-01").json()) == ["june"]


# --- the feed: cursors ------------------------------------------------------------------------


def test_feed_pages_by_cursor_without_count(client):
    _articles(5)

    first = client.get("/api/v1/feed/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert set(first) == {"next", "previous", "results"}
    assert (_slugs(first), _slugs(second), _slugs(third)) == (["a004", "a003"], ["a002", "a001"], ["a000"])
    assert first["previous"] is None
    assert third["next"] is None


def test_feed_stays_stable_when_a_new_article_arrives_between_pages(client):
    _articles(4)
    first = client.get("/api/v1/feed/?page_size=2").json()

    ArticleFactory(slug="breaking", published_at=timezone.now() - timedelta(minutes=1))
    second = client.get(first["next"]).json()

    assert _slugs(first) == ["a003", "a002"]
    assert _slugs(second) == ["a001", "a000"]  # nothing repeated, nothing skipped


def test_feed_previous_link_goes_back_a_page(client):
    _articles(5)
    first = client.get("/api/v1/feed/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    back_to_second = client.get(third["previous"]).json()
    back_to_first = client.get(back_to_second["previous"]).json()

    assert _slugs(back_to_second) == ["a002", "a001"]
    assert _slugs(back_to_first) == ["a004", "a003"]
    assert back_to_first["previous"] is None
    assert _slugs(client.get(back_to_first["next"]).json()) == ["a002", "a001"]


def test_feed_previous_link_shows_articles_that_arrived_since(client):
    _articles(3)
    first = client.get("/api/v1/feed/?page_size=2").json()
    second = client.get(first["next"]).json()
    ArticleFactory(slug="breaking", published_at=timezone.now() - timedelta(minutes=1))

    back = client.get(second["previous"]).json()

    assert _slugs(back) == ["a002", "a001"]
    assert back["previous"] is not None
    assert _slugs(client.get(back["previous"]).json()) == ["breaking"]


@pytest.mark.parametrize("cursor", ['["n","2024-01-01T00:00:00",1]', '["n","2024-01-01T00:00:00+00:00","1"]', '["x","2024-01-01T00:00:00+00:00",1]', "[1]"])
def test_a_forged_cursor_is_a_400(client, cursor):
    import base64

    forged = base64.urlsafe_b64encode(cursor.encode()).decode().rstrip("=")

    response = client.get(f"/api/v1/feed/?cursor={forged}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["cursor"]


def test_articles_at_the_same_moment_are_neither_repeated_nor_skipped(client):
    moment = timezone.now() - timedelta(hours=1)
    for i in range(5):
        ArticleFactory(slug=f"same{i}", published_at=moment)

    seen, url = [], "/api/v1/feed/?page_size=2"
    while url:
        data = client.get(url).json()
        seen += _slugs(data)
        url = data["next"]

    assert sorted(seen) == [f"same{i}" for i in range(5)]
    assert len(seen) == 5


def test_category_pages_are_the_same_whether_the_index_is_walked_or_the_ids_read_first(client):
    """A category holding a large share of the articles walks the listing index on its first pages;
    deep pages and small categories read the category's ids first (selectors.walk_listing)."""
    from articles import queries, selectors

    news, rare = CategoryFactory(slug="news"), CategoryFactory(slug="rare")
    start = timezone.now() - timedelta(days=1)
    for n in range(30):
        primary = news if n % 3 == 1 else (rare if n % 9 == 0 else None)
        ArticleFactory(slug=f"a{n:02}", published_at=start + timedelta(minutes=n), primary_category=primary, categories=[news] if n % 3 == 2 else [])
    ArticleFactory(slug="draft-news", primary_category=news, status="draft")
    expected = [f"a{n:02}" for n in reversed(range(30)) if n % 3]

    assert selectors.walk_listing(20, 30, 2) and not selectors.walk_listing(20, 30, 10) and not selectors.walk_listing(4, 30, 2)
    pages = [_slugs(client.get(f"/api/v1/articles/?category=news&page_size=2&page={page}").json()) for page in range(1, 11)]
    assert [slug for page in pages for slug in page] == expected
    assert _slugs(client.get("/api/v1/articles/?category=rare").json()) == ["a27", "a18", "a09", "a00"]

    feed, url = [], "/api/v1/feed/?category=news&page_size=2"
    while url:
        data = client.get(url).json()
        feed += _slugs(data)
        url = data["next"]
    assert feed == expected

    now = timezone.now()
    for offset in (0, 6, 18):
        walked, read_first = (queries.filtered_page("category", 1, walk).dicts(now=now, limit=4, offset=offset, categories=[news.pk]) for walk in (True, False))
        assert [row["slug"] for row in walked] == [row["slug"] for row in read_first] == expected[offset : offset + 4]
