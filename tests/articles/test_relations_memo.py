"""The list's bylines, categories and tags come from a per-process memo for one content version:
read once per change, never stale after one (the response cache is off here, so the memo alone
decides what a second request shows)."""

from __future__ import annotations

import pytest

from articles import services
from cms import content_version
from tests.factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(cold):
    article = ArticleFactory(slug="story", tags=[TagFactory(slug="iraq", name_ar="العراق")], authors=[AuthorFactory(slug="editor2", name="editor2")])
    content_version.content_changed()
    return article


def _item(client, path="/api/v1/articles/"):
    return client.get(path).json()["results"][0]


def test_a_second_list_under_the_same_version_reads_no_relations(client, article, django_assert_num_queries):
    first = _item(client)

    with django_assert_num_queries(2):  # the content version and the page: the relations are known
        second = _item(client)

    assert second == first
    assert [tag["slug"] for tag in second["tags"]] == ["iraq"]


def test_a_renamed_tag_shows_at_once(client, article):
    _item(client)
    tag = article.tags.get()
    tag.name_ar = "العراق اليوم"

    services.taxonomy_save(obj=tag)

    assert [tag["name"] for tag in _item(client)["tags"]] == ["العراق اليوم"]


def test_changed_tags_and_byline_show_at_once_in_list_feed_and_detail(client, article):
    for path in ("/api/v1/articles/", "/api/v1/feed/"):
        _item(client, path)
    client.get("/api/v1/articles/story/")

    article.tags.set([TagFactory(slug="camp", name_ar="مخيم الهول")])
    article.authors.set([AuthorFactory(slug="editor3", name="editor3")])
    content_version.content_changed()  # what the admin's save_related does

    for path in ("/api/v1/articles/", "/api/v1/feed/"):
        item = _item(client, path)
        assert ([t["slug"] for t in item["tags"]], [a["slug"] for a in item["authors"]]) == (["camp"], ["editor3"])
    detail = client.get("/api/v1/articles/story/").json()
    assert [t["slug"] for t in detail["tags"]] == ["camp"]


def test_a_preview_never_uses_nor_fills_the_memo(client, article):
    from articles.preview import preview_path

    draft = ArticleFactory(slug="draft", status="draft", tags=[TagFactory(slug="secret")])
    response = client.get(preview_path(draft))
    assert [t["slug"] for t in response.json()["tags"]] == ["secret"]

    draft.tags.set([TagFactory(slug="public")])  # a draft's edit moves no version

    assert [t["slug"] for t in client.get(preview_path(draft)).json()["tags"]] == ["public"]


def test_the_count_is_remembered_for_the_version_and_moves_with_it(client, article):
    from django.core.cache import cache

    assert client.get("/api/v1/articles/").json()["count"] == 1
    cache.clear()  # the shared cache's copy gone: this process still knows the count for this version
    ArticleFactory(slug="second")  # written without a version bump: nothing may show it yet

    assert client.get("/api/v1/articles/").json()["count"] == 1
    assert client.get("/api/v1/articles/?category=missing").json()["count"] == 0

    content_version.content_changed()
    page = client.get("/api/v1/articles/").json()
    assert page["count"] == 2 and [item["slug"] for item in page["results"]] == ["second", "story"]


def test_the_primary_category_comes_with_the_relations_and_shows_renamed_at_once(client, cold):
    from tests.factories import CategoryFactory

    camp = CategoryFactory(slug="al-hol", name_ar="مخيم الهول", name_en="Al-Hol camp")
    iraq = CategoryFactory(slug="iraq", name_ar="العراق")
    ArticleFactory(slug="story", primary_category=camp, categories=[iraq])  # the primary one not among the others
    ArticleFactory(slug="plain", primary_category=None)
    content_version.content_changed()

    items = {item["slug"]: item for item in client.get("/api/v1/articles/").json()["results"]}
    assert items["story"]["primary_category"] == {"name": "مخيم الهول", "slug": "al-hol"}
    assert [c["slug"] for c in items["story"]["categories"]] == ["al-hol", "iraq"]
    assert items["plain"]["primary_category"] is None

    camp.name_ar = "مخيم الهول للنازحين"
    services.taxonomy_save(obj=camp)

    for path in ("/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/"):
        data = client.get(path).json()
        story = data if "results" not in data else next(item for item in data["results"] if item["slug"] == "story")
        assert story["primary_category"]["name"] == "مخيم الهول للنازحين", path


def test_remembered_relations_show_in_each_language_asked_for(client, cold):
    from tests.factories import CategoryFactory

    camp = CategoryFactory(slug="al-hol", name_ar="مخيم الهول", name_en="Al-Hol camp")
    ArticleFactory(
        slug="story", title_en="The story", body_en="<p>Text.</p>", primary_category=camp,
        tags=[TagFactory(slug="iraq", name_ar="العراق", name_en="Iraq")],
    )
    content_version.content_changed()

    def names(lang):
        item = client.get(f"/api/v1/articles/?lang={lang}").json()["results"][0]
        return item["language"], item["primary_category"]["name"], [c["name"] for c in item["categories"]], [t["name"] for t in item["tags"]]

    arabic = ("ar", "مخيم الهول", ["مخيم الهول"], ["العراق"])
    english = ("en", "Al-Hol camp", ["Al-Hol camp"], ["Iraq"])
    # one content version throughout: the second and third answers come from the memo
    assert [names("ar"), names("en"), names("ar"), names("en")] == [arabic, english, arabic, english]
