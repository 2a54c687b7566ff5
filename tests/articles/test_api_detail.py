"""The article detail with its related posts; categories, tags and authors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, RelatedLinkFactory, TagFactory

pytestmark = pytest.mark.django_db

DETAIL_EXTRA = {"body", "source_line", "meta_description", "comments_open", "available_languages", "related"}
LEAN_FIELDS = {"id", "slug", "title", "url", "image", "published_at", "language"}


def _ago(hours: int):
    return timezone.now() - timedelta(hours=hours)


def _related(client, slug: str) -> list[str]:
    response = client.get(f"/api/v1/articles/{slug}/")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["related"]]


def test_detail_is_the_list_item_plus_body_and_more(client):
    ArticleFactory(
        slug="story", body_ar="<p>نص <strong>كامل</strong></p>", source_line_ar="*فرات بوست: أخبار ومتابعات",
        meta_description_ar="وصف", comments_enabled=False,
    )
    item = client.get("/api/v1/articles/").json()["results"][0]

    data = client.get("/api/v1/articles/story/").json()

    assert set(data) == set(item) | DETAIL_EXTRA
    assert {k: data[k] for k in item} == item
    assert (data["body"], data["source_line"], data["meta_description"]) == ("<p>نص <strong>كامل</strong></p>", "*فرات بوست: أخبار ومتابعات", "وصف")
    assert data["comments_open"] is False
    assert data["available_languages"] == ["ar"]


def test_comments_are_open_when_enabled(client):
    ArticleFactory(slug="story")

    assert client.get("/api/v1/articles/story/").json()["comments_open"] is True


def test_canonical_url_override_is_the_detail_url(client):
    ArticleFactory(slug="story", canonical_url="https://elsewhere.example/original")

    assert client.get("/api/v1/articles/story/").json()["url"] == "https://elsewhere.example/original"


@pytest.fixture
def related_world():
    t1, t2 = TagFactory(slug="t1"), TagFactory(slug="t2")
    c1 = CategoryFactory(slug="c1")
    main = ArticleFactory(slug="main", tags=[t1, t2], categories=[c1], published_at=_ago(10))
    curated_b = ArticleFactory(slug="curated-b", published_at=_ago(50))
    curated_a = ArticleFactory(slug="curated-a", tags=[t1, t2], categories=[c1], published_at=_ago(40))
    RelatedLinkFactory(from_article=main, to_article=curated_b, position=0)
    RelatedLinkFactory(from_article=main, to_article=curated_a, position=1)
    ArticleFactory(slug="best", tags=[t1, t2], categories=[c1], published_at=_ago(30))
    ArticleFactory(slug="one-new", tags=[t1], published_at=_ago(5))
    ArticleFactory(slug="one-old", categories=[c1], published_at=_ago(20))
    ArticleFactory(slug="unrelated", published_at=_ago(1))
    return main


def test_related_is_curated_in_editor_order_then_the_closest_automatic_picks(client, related_world):
    # curated first (b before a, as the editor placed them), then best (3 shared) and the newer of the 1-shared.
    assert _related(client, "main") == ["curated-b", "curated-a", "best", "one-new"]


def test_related_count_is_a_setting(client, related_world, settings):
    settings.CMS = {**settings.CMS, "RELATED_COUNT": 10}

    # Never itself, never a duplicate of a curated link, never an article sharing nothing.
    assert _related(client, "main") == ["curated-b", "curated-a", "best", "one-new", "one-old"]


def test_curated_links_beyond_the_count_are_cut(client, settings):
    settings.CMS = {**settings.CMS, "RELATED_COUNT": 2}
    main = ArticleFactory(slug="main")
    for position, slug in enumerate(["x", "y", "z"]):
        RelatedLinkFactory(from_article=main, to_article=ArticleFactory(slug=slug), position=position)

    assert _related(client, "main") == ["x", "y"]


def test_related_items_are_lean(client, related_world):
    item = client.get("/api/v1/articles/main/").json()["related"][0]

    assert set(item) == LEAN_FIELDS
    assert item["url"] == "http://testserver/ar/articles/curated-b/"


def test_automatic_picks_count_the_primary_category(client):
    politics = CategoryFactory(slug="politics")
    ArticleFactory(slug="main", primary_category=politics)
    ArticleFactory(slug="same-primary", primary_category=politics)
    ArticleFactory(slug="same-other", categories=[politics], published_at=_ago(2))
    ArticleFactory(slug="elsewhere", primary_category=CategoryFactory())

    assert _related(client, "main") == ["same-primary", "same-other"]


def test_a_category_held_twice_counts_once(client):
    c1, c2 = CategoryFactory(slug="c1"), CategoryFactory(slug="c2")
    ArticleFactory(slug="main", primary_category=c1, categories=[c1, c2])
    ArticleFactory(slug="both", categories=[c1, c2], published_at=_ago(3))
    ArticleFactory(slug="one-twice", primary_category=c1, categories=[c1], published_at=_ago(2))

    assert _related(client, "main") == ["both", "one-twice"]


# --- categories, tags, authors ------------------------------------------------------------------


@pytest.fixture
def tree():
    world = CategoryFactory(slug="world", name_ar="العالم", position=1)
    news = CategoryFactory(slug="news", name_ar="أخبار", position=0)
    iraq = CategoryFactory(slug="iraq", name_ar="العراق", parent=world)
    syria = CategoryFactory(slug="syria", name_ar="سوريا", parent=world, position=1)
    ArticleFactory(primary_category=iraq)
    ArticleFactory(primary_category=world, categories=[iraq])  # counted once under world
    ArticleFactory(categories=[syria, news])
    return world


def test_category_tree_has_children_and_counts_with_descendants(client, tree):
    roots = client.get("/api/v1/categories/").json()

    assert [node["slug"] for node in roots] == ["news", "world"]
    world = roots[1]
    assert (world["parent"], world["article_count"]) == (None, 3)
    assert [(child["slug"], child["parent"], child["article_count"]) for child in world["children"]] == [("iraq", "world", 2), ("syria", "world", 1)]
    assert world["children"][0]["children"] == []
    assert (roots[0]["article_count"], roots[0]["url"]) == (1, "http://testserver/ar/categories/news/")


def test_category_detail_is_one_node_with_its_children(client, tree):
    world = client.get("/api/v1/categories/world/").json()
    iraq = client.get("/api/v1/categories/iraq/").json()

    assert (world["name"], world["article_count"], [c["slug"] for c in world["children"]]) == ("العالم", 3, ["iraq", "syria"])
    assert (iraq["parent"], iraq["article_count"], iraq["children"]) == ("world", 2, [])
    assert (iraq["language"], iraq["dir"]) == ("ar", "rtl")


def test_tags_are_listed_by_page(client):
    for i in range(3):
        TagFactory(slug=f"tag{i}", name_ar=f"وسم {i}")

    data = client.get("/api/v1/tags/?page_size=2").json()

    assert data["count"] == 3
    assert [tag["slug"] for tag in data["results"]] == ["tag0", "tag1"]
    assert set(data["results"][0]) == {"id", "slug", "name", "url", "language", "dir"}
    assert data["results"][0]["url"] == "http://testserver/ar/tags/tag0/"
    assert data["next"] == "http://testserver/api/v1/tags/?page=2&page_size=2"


def test_authors_list_and_detail(client):
    sara = AuthorFactory(slug="sara", name="سارة", bio_ar="صحفية", bio_en="Journalist")
    AuthorFactory(slug="ali", name="علي")
    ArticleFactory(authors=[sara])
    ArticleFactory(authors=[sara], status="draft", published_at=None)

    listed = client.get("/api/v1/authors/").json()
    detail = client.get("/api/v1/authors/sara/", {"lang": "en"}).json()

    assert listed["count"] == 2
    assert [(a["slug"], a["article_count"]) for a in listed["results"]] == [("sara", 1), ("ali", 0)]
    assert set(detail) == {"id", "slug", "name", "bio", "article_count", "url", "language", "dir"}
    assert (detail["name"], detail["bio"], detail["language"], detail["dir"]) == ("سارة", "Journalist", "en", "ltr")
    assert detail["url"] == "http://testserver/en/authors/sara/"
