"""Every read endpoint runs a fixed number of queries, whatever the number of items.

Measured on the cold path (the response cache off, ``cold`` fixture), with the same bound for
1 and 100 articles (or 1 and 50 categories, authors, tags).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms import content_version
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, RelatedLinkFactory, TagFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 100]


def _articles(count: int) -> list:
    """``count`` articles, each with two authors, a primary and two other categories, two tags, an image."""
    categories = [CategoryFactory(), CategoryFactory()]
    child = CategoryFactory(parent=categories[0])
    tags = [TagFactory(), TagFactory()]
    authors = [AuthorFactory(), AuthorFactory()]
    start = timezone.now() - timedelta(days=10)
    articles = [
        ArticleFactory(
            slug=f"a{i}", published_at=start + timedelta(minutes=i), primary_category=child, categories=categories,
            tags=tags, authors=authors, image="articles/2024/01/photo.png", image_width=3, image_height=2,
        )
        for i in range(count)
    ]
    content_version.content_changed()  # the row exists, as after any service call
    return articles


@pytest.mark.parametrize("count", SIZES)
def test_article_list_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    _articles(count)

    # 4: the content version, the count, the page of rows (primary category joined), and ONE
    # UNION ALL for the bylines, categories and tags of every item on the page.
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/articles/?page_size=100")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_filtered_and_searched_list_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    articles = _articles(count)
    category = articles[0].categories.first()

    # 5: as above, plus the category tree (slug -> ids of it and its descendants), which is then
    # cached with the content version; the search is a condition on the same page query.
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/articles/?page_size=100&category={category.slug}&q=خبر")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("endpoint", ["articles", "feed"])
@pytest.mark.parametrize("narrowed", ["category", "tag", "author"])
def test_category_tag_and_author_pages_queries_do_not_grow(client, cold, count, endpoint, narrowed, django_assert_max_num_queries):
    article = _articles(count)[0]
    slug = {"category": article.categories.first(), "tag": article.tags.first(), "author": article.authors.first()}[narrowed].slug

    # 5 at most: the content version, the category tree (for a category), the count (the list
    # only), one compiled page query and one UNION ALL.
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/{endpoint}/?page_size=100&{narrowed}={slug}")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_feed_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    _articles(count)

    # 3: the content version, one page of rows (cursor pagination counts nothing), one UNION ALL.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/feed/?page_size=100")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_article_detail_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    articles = _articles(count + 1)
    main = articles[-1]
    for position, target in enumerate(articles[:-1][:2]):
        RelatedLinkFactory(from_article=main, to_article=target, position=position)

    # 6: the content version, the article row, one UNION ALL for its relations, the curated
    # links, the automatic picks (one scored query), the lean rows of the related items.
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/articles/{main.slug}/")

    assert len(response.json()["related"]) == min(count, 4)


@pytest.mark.parametrize("count", [1, 50])
def test_category_tree_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    parents = [CategoryFactory() for _ in range(count)]
    for parent in parents:
        ArticleFactory(primary_category=CategoryFactory(parent=parent), categories=[parent])
    content_version.content_changed()

    # 3: the content version, every category, and one UNION of (category, article) pairs of
    # published articles; counts with descendants are summed in Python.
    with django_assert_max_num_queries(3):
        tree = client.get("/api/v1/categories/").json()
    with django_assert_max_num_queries(3):
        client.get(f"/api/v1/categories/{parents[0].slug}/")

    assert len(tree) == count
    assert {node["article_count"] for node in tree} == {1}


@pytest.mark.parametrize("count", [1, 50])
def test_author_list_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    authors = [AuthorFactory() for _ in range(count)]
    ArticleFactory(authors=authors)
    content_version.content_changed()

    # 4: the content version, the count, the page of authors, their published-article counts.
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/authors/?page_size=100").json()
    # 3 for one author: the content version, the author, the count.
    with django_assert_max_num_queries(3):
        client.get(f"/api/v1/authors/{authors[0].slug}/")

    assert len(data["results"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_tag_list_queries_do_not_grow(client, cold, count, django_assert_max_num_queries):
    for _ in range(count):
        TagFactory()
    content_version.content_changed()

    # 3: the content version, the count, the page of tags.
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/tags/?page_size=100").json()

    assert len(data["results"]) == count
