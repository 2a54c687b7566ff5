"""GET /api/v1/articles/{slug}/comments/: approved threads only, paginated, cached, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from cms import content_version
from comments import services
from comments.models import Comment
from tests.comments.conftest import comments_url, payload, post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

# "deleted" (issue 5): a tombstone of an erased comment, kept so that its replies keep their thread.
FIELDS = {"id", "author_name", "author_url", "body", "submitted_at", "parent", "deleted", "replies"}


def listing(client, article, query: str = "") -> dict:
    response = client.get(comments_url(article) + query)
    assert response.status_code == 200, response.content
    return response.json()


def ids(nodes: list[dict]) -> list[int]:
    return [node["id"] for node in nodes]


def test_threads_are_nested_oldest_first(client):
    article = ArticleFactory()
    first = CommentFactory(article=article)
    second = CommentFactory(article=article)
    reply_a = CommentFactory(parent=first)
    reply_b = CommentFactory(parent=first)
    nested = CommentFactory(parent=reply_a)

    data = listing(client, article)

    assert ids(data["results"]) == [first.pk, second.pk]
    assert ids(data["results"][0]["replies"]) == [reply_a.pk, reply_b.pk]
    assert ids(data["results"][0]["replies"][0]["replies"]) == [nested.pk]
    assert data["results"][0]["replies"][0]["replies"][0]["parent"] == reply_a.pk
    assert data["results"][1]["replies"] == []
    assert (data["count"], data["total"]) == (2, 5)


def test_each_comment_has_exactly_the_public_fields(client):
    article = ArticleFactory()
    comment = CommentFactory(
        article=article, author_name="ليلى", author_email="layla.secret@example.org", author_url="https://layla.example",
        ip_address="203.0.113.77", user_agent="SecretAgent/1.0",
    )
    CommentFactory(parent=comment)

    response = client.get(comments_url(article))

    node = response.json()["results"][0]
    assert set(node) == FIELDS
    assert set(node["replies"][0]) == FIELDS
    assert node["author_name"] == "ليلى" and node["author_url"] == "https://layla.example"
    assert node["body"] == comment.body and node["parent"] is None
    assert node["submitted_at"].endswith("Z")
    text = response.content.decode()
    for private in ("layla.secret", "example.org", "203.0.113.77", "SecretAgent", "gravatar", "md5", "hash"):
        assert private not in text


def test_pending_rejected_and_spam_comments_are_never_listed(client):
    article = ArticleFactory()
    shown = CommentFactory(article=article)
    for status in (Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM):
        CommentFactory(article=article, status=status)
        CommentFactory(parent=shown, status=status)
    CommentFactory(article=ArticleFactory())  # another article's

    data = listing(client, article)

    assert ids(data["results"]) == [shown.pk]
    assert data["results"][0]["replies"] == []
    assert (data["count"], data["total"]) == (1, 1)


def test_a_reply_whose_parent_was_rejected_is_not_shown(client):
    article = ArticleFactory()
    root = CommentFactory(article=article)
    rejected = CommentFactory(parent=root, status=Comment.Status.REJECTED)
    CommentFactory(parent=rejected)

    assert listing(client, article)["results"][0]["replies"] == []


def test_replies_deeper_than_the_setting_join_their_deepest_shown_ancestor(client, settings):
    article = ArticleFactory()
    root = CommentFactory(article=article)
    second = CommentFactory(parent=root)
    third = CommentFactory(parent=second)
    settings.CMS = {**settings.CMS, "COMMENT_MAX_DEPTH": 2}

    data = listing(client, article)

    assert ids(data["results"][0]["replies"]) == [second.pk, third.pk]
    assert data["results"][0]["replies"][1]["parent"] == second.pk


def test_threads_are_paginated(client):
    article = ArticleFactory()
    threads = [CommentFactory(article=article) for _ in range(25)]
    CommentFactory(parent=threads[0])

    first = listing(client, article)
    second = listing(client, article, "?page=2")
    small = listing(client, article, "?page_size=10&page=3")

    assert (first["count"], first["total"]) == (25, 26)
    assert ids(first["results"]) == [c.pk for c in threads[:20]]
    assert ids(second["results"]) == [c.pk for c in threads[20:]]
    assert first["previous"] is None and first["next"].endswith("?page=2")
    assert second["next"] is None and second["previous"] is not None
    assert ids(small["results"]) == [c.pk for c in threads[20:]]
    assert listing(client, article, "?page_size=100")["next"] is None


def test_replies_stay_with_their_thread_whatever_their_time(client):
    """A page holds whole threads: a reply posted after later threads began is on its thread's page."""
    article = ArticleFactory()
    first, second, third = (CommentFactory(article=article) for _ in range(3))
    late_reply = CommentFactory(parent=first)  # newer than every thread
    late_nested = CommentFactory(parent=late_reply)

    pages = [listing(client, article, f"?page_size=1&page={n}")["results"] for n in (1, 2, 3)]

    assert [ids(page) for page in pages] == [[first.pk], [second.pk], [third.pk]]
    assert ids(pages[0][0]["replies"]) == [late_reply.pk]
    assert ids(pages[0][0]["replies"][0]["replies"]) == [late_nested.pk]
    assert pages[1][0]["replies"] == pages[2][0]["replies"] == []


def test_threads_begun_at_the_same_moment_are_each_on_exactly_one_page(client):
    """Threads are ordered by their start, then by id: a page boundary between threads of the same
    microsecond (an import, a clock's resolution) neither repeats nor drops one."""
    article = ArticleFactory()
    moment = timezone.now() - timedelta(hours=1)
    threads = [CommentFactory(article=article, submitted_at=moment) for _ in range(5)]
    replies = [CommentFactory(parent=thread) for thread in threads]

    pages = [listing(client, article, f"?page_size=2&page={n}")["results"] for n in (1, 2, 3)]

    assert [ids(page) for page in pages] == [[t.pk for t in threads[0:2]], [t.pk for t in threads[2:4]], [threads[4].pk]]
    assert [ids(node["replies"]) for page in pages for node in page] == [[reply.pk] for reply in replies]


def test_every_page_lists_the_threads_and_replies_the_orm_finds(client):
    """Each page against the threads read plainly (oldest first, ties by id) with their approved
    replies: pending replies, and threads whose top-level comment is not approved, stay out."""
    article = ArticleFactory()
    base = timezone.now() - timedelta(days=1)
    for n in range(13):
        # Starts out of id order, some shared; a rejected thread's approved reply must not show.
        thread = CommentFactory(article=article, submitted_at=base + timedelta(minutes=(7 * n) % 5))
        CommentFactory(parent=thread)
        CommentFactory(parent=thread, status=Comment.Status.PENDING)
        if n % 4 == 0:
            CommentFactory(parent=CommentFactory(article=article, status=Comment.Status.REJECTED, submitted_at=thread.submitted_at))
    expected = [
        (thread.pk, [reply.pk for reply in Comment.objects.approved().filter(parent=thread).order_by("submitted_at", "id")])
        for thread in Comment.objects.approved().filter(article=article, parent=None).order_by("submitted_at", "id")
    ]

    shown = []
    for page in (1, 2, 3):
        shown += [(node["id"], ids(node["replies"])) for node in listing(client, article, f"?page_size=5&page={page}")["results"]]

    assert shown == expected and len(shown) == 13


@pytest.mark.parametrize(("query", "status", "code"), [
    ("?page=3", 404, "not_found"),
    ("?page_size=101", 400, "invalid_parameter"),
    ("?page=0", 400, "invalid_parameter"),
    ("?sort=new", 400, "invalid_parameter"),
])
def test_bad_pages_and_parameters(client, query, status, code):
    article = ArticleFactory()
    CommentFactory(article=article)

    response = client.get(comments_url(article) + query)

    assert response.status_code == status
    assert response.json()["code"] == code


def test_an_article_without_comments_lists_nothing(client):
    assert listing(client, ArticleFactory()) == {"count": 0, "total": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(hours=1)},
    ],
)
def test_comments_of_an_article_outside_published_are_a_404(client, state):
    article = ArticleFactory(**state)
    CommentFactory(article=article)

    response = client.get(comments_url(article))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _article_with(count: int) -> Article:
    """``count`` approved comments: a third top-level, the rest replies two levels deep."""
    article = ArticleFactory()
    roots = []
    for n in range(count):
        if n % 3 == 0 or not roots:
            roots.append(CommentFactory(article=article))
        else:
            parent = roots[-1] if n % 3 == 1 else roots[-1].replies.first()
            CommentFactory(parent=parent)
    return article


def test_the_listing_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    few, many = _article_with(1), _article_with(60)
    content_version.current()  # the version row exists, as it does once the site has run
    # 5 queries, whatever the number of comments: the content version (cache key and ETag), the
    # article (published), the two counts in one aggregate, the page of thread ids, and every
    # approved comment of those threads in one query; the tree is built in Python. (When every
    # thread fits on the page, the page of ids is skipped: at most 5, never more.)
    with django_assert_max_num_queries(5):
        assert listing(client, few)["total"] == 1
    with django_assert_max_num_queries(5):
        data = listing(client, many)
    assert (data["count"], data["total"]) == (20, 60)


def test_a_cached_listing_costs_one_query(client, django_assert_max_num_queries):
    article = _article_with(10)
    listing(client, article)

    # Only the content version, to build the cache key.
    with django_assert_max_num_queries(1):
        listing(client, article)


def test_etag_gives_304_until_a_comment_is_approved(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=Comment.Status.PENDING)

    first = client.get(comments_url(article))
    etag = first["ETag"]
    unchanged = client.get(comments_url(article), HTTP_IF_NONE_MATCH=etag)
    services.comment_approve(comment=comment)
    changed = client.get(comments_url(article), HTTP_IF_NONE_MATCH=etag)

    assert first.json()["results"] == []
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert ids(changed.json()["results"]) == [comment.pk]
    assert changed["ETag"] != etag
    assert "public" in changed["Cache-Control"]


def test_an_approved_submission_shows_at_once_and_counts(client, open_policy, no_floods):
    article = ArticleFactory()
    assert listing(client, article)["total"] == 0  # cached empty listing

    response = post(client, article, payload())
    held = post(client, article, payload(body="<p>ثان</p>", company="bot"))

    data = listing(client, article)
    assert ids(data["results"]) == [response.json()["id"]]
    assert held.json()["id"] not in ids(data["results"])
    article.refresh_from_db()
    assert article.comment_count == 1


def test_comment_count_follows_moderation(client, no_floods):
    article = ArticleFactory()
    for n in range(3):
        post(client, article, payload(body=f"<p>{n}</p>"))
    comments = list(Comment.objects.order_by("id"))
    assert {c.status for c in comments} == {Comment.Status.PENDING}

    for comment in comments:
        services.comment_approve(comment=comment)
    services.comment_reject(comment=comments[0])
    services.comment_mark_spam(comment=comments[1])

    article.refresh_from_db()
    assert article.comment_count == 1
    assert listing(client, article)["total"] == 1


def test_with_the_response_cache_off_the_cached_counts_still_follow_every_change(client, settings, no_floods):
    from articles import services as article_services

    settings.CMS = {**settings.CMS, "RESPONSE_CACHE": False}
    article = ArticleFactory()
    first = CommentFactory(article=article, status=Comment.Status.PENDING)
    content_version.content_changed()
    assert (listing(client, article)["count"], listing(client, article)["total"]) == (0, 0)

    services.comment_approve(comment=first)
    assert (listing(client, article)["count"], listing(client, article)["total"]) == (1, 1)

    services.comment_reject(comment=first)
    assert listing(client, article)["total"] == 0

    article_services.article_unpublish(article=article)
    assert client.get(comments_url(article)).status_code == 404
