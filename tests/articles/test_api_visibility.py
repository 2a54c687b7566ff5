"""Only published articles reach readers: lists, feed, detail, related, search, counts, RSS, sitemap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from cms.models import ContentVersion
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, RelatedLinkFactory, TagFactory

pytestmark = pytest.mark.django_db

HIDDEN = ("draft-one", "in-review", "archived-one", "scheduled-one")


@pytest.fixture
def world():
    """One published article and one in every other state, sharing category, tag, author and a search word."""
    category = CategoryFactory(slug="news")
    tag = TagFactory(slug="iraq")
    author = AuthorFactory(slug="writer")
    past = timezone.now() - timedelta(days=1)
    future = timezone.now() + timedelta(days=1)

    def make(slug, status, published_at):
        return ArticleFactory(
            slug=slug, status=status, published_at=published_at, title_ar="خبر عن الفرات",
            primary_category=category, categories=[category], tags=[tag], authors=[author],
        )

    hidden = [
        make("draft-one", Article.Status.DRAFT, None),
        make("in-review", Article.Status.REVIEW, None),
        make("archived-one", Article.Status.ARCHIVED, past),
        make("scheduled-one", Article.Status.PUBLISHED, future),
    ]
    visible = make("visible", Article.Status.PUBLISHED, past)
    return {"visible": visible, "hidden": hidden, "category": category}


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    ["", "?category=news", "?tag=iraq", "?author=writer", "?q=الفرات", "?published_after=2000-01-01"],
)
def test_list_and_feed_show_only_published_articles(client, world, query):
    assert _slugs(client.get(f"/api/v1/articles/{query}")) == ["visible"]
    assert _slugs(client.get(f"/api/v1/feed/{query}")) == ["visible"]


def test_list_count_counts_only_published_articles(client, world):
    assert client.get("/api/v1/articles/").json()["count"] == 1


@pytest.mark.parametrize("slug", HIDDEN)
def test_detail_of_an_unpublished_article_is_a_404(client, world, slug):
    response = client.get(f"/api/v1/articles/{slug}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_related_skips_curated_links_to_unpublished_articles_and_never_picks_them(client, world):
    other = ArticleFactory(slug="other", tags=[TagFactory(slug="unrelated")])
    for position, target in enumerate([*world["hidden"], other]):
        RelatedLinkFactory(from_article=world["visible"], to_article=target, position=position)

    related = client.get("/api/v1/articles/visible/").json()["related"]

    # The hidden ones share tag, category and author with "visible": only curation brings "other".
    assert [item["slug"] for item in related] == ["other"]


def test_automatic_related_picks_never_include_unpublished_articles(client, world):
    related = client.get("/api/v1/articles/visible/").json()["related"]

    assert related == []


def test_category_counts_only_published_articles(client, world):
    parent = world["category"]
    tree = client.get("/api/v1/categories/").json()
    detail = client.get(f"/api/v1/categories/{parent.slug}/").json()

    assert [node["article_count"] for node in tree if node["slug"] == "news"] == [1]
    assert detail["article_count"] == 1


def test_author_counts_only_published_articles(client, world):
    listed = client.get("/api/v1/authors/").json()["results"]
    detail = client.get("/api/v1/authors/writer/").json()

    assert [a["article_count"] for a in listed if a["slug"] == "writer"] == [1]
    assert detail["article_count"] == 1


@pytest.mark.parametrize("url", ["/feeds/articles/", "/feeds/categories/news/", "/feeds/articles/?lang=en"])
def test_rss_feeds_list_only_published_articles(client, world, url):
    body = client.get(url).content.decode()

    assert "/articles/visible/" in body
    assert not [slug for slug in HIDDEN if f"/articles/{slug}/" in body]


def test_sitemap_lists_only_published_articles(client, world):
    body = client.get("/sitemap.xml").content.decode()

    assert "/ar/articles/visible/" in body
    assert not [slug for slug in HIDDEN if f"/articles/{slug}/" in body]


def test_scheduled_article_appears_and_the_list_etag_changes_once_its_time_passes(client, world):
    first = client.get("/api/v1/articles/")
    assert _slugs(first) == ["visible"]
    assert ContentVersion.objects.get().next_publication_at is not None

    # Time passes: the article's moment and the recorded next publication are now behind us.
    # Plain update()s, no service: nothing bumps the content version but the reader who notices.
    moment = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(slug="scheduled-one").update(published_at=moment)
    ContentVersion.objects.update(next_publication_at=moment)
    second = client.get("/api/v1/articles/")

    assert _slugs(second) == ["scheduled-one", "visible"]  # newest first
    assert second["ETag"] != first["ETag"]
    assert client.get("/api/v1/articles/scheduled-one/").status_code == 200
    assert client.get("/api/v1/articles/", headers={"if-none-match": first["ETag"]}).status_code == 200


def test_a_related_article_unpublished_or_retitled_leaves_the_cached_picks_at_once(client, world, cold):
    from articles import services
    from cms.content_version import content_changed

    other = ArticleFactory(slug="other", title_ar="قبل", tags=[TagFactory(slug="shared")])
    world["visible"].tags.add(other.tags.get())
    content_changed()  # what the admin does after changing the tags
    assert [item["title"] for item in client.get("/api/v1/articles/visible/").json()["related"]] == ["قبل"]

    other.title_ar = "بعد"
    services.article_save(article=other)
    assert [item["title"] for item in client.get("/api/v1/articles/visible/").json()["related"]] == ["بعد"]

    services.article_unpublish(article=other)
    assert client.get("/api/v1/articles/visible/").json()["related"] == []
