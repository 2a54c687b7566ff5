"""Bulk decisions in the moderation API: answers per id, and a fixed number of queries for 100, 1,000 or 10,000 comments."""

from __future__ import annotations

import pytest
from django.db import connection

from cms import content_version
from comments.models import Comment, ModerationEvent
from tests.comments.conftest import many_comments
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

BULK = "/api/v1/moderation/comments/bulk/"


def _fresh(client, user) -> None:
    """Authenticate as a new instance of the user: its permissions are read again, like in a new request."""
    client.force_authenticate(type(user).objects.get(pk=user.pk))


def test_bulk_answers_per_id(moderator_api):
    article = ArticleFactory()
    pending = CommentFactory(article=article, status="pending")
    approved = CommentFactory(article=article, status="approved")

    response = moderator_api.post(
        BULK, {"ids": [pending.pk, approved.pk, 999999, pending.pk], "action": "approve", "note": "batch"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": pending.pk, "status": "approved"},
        {"id": approved.pk, "error": "status_changed", "current_status": "approved"},
        {"id": 999999, "error": "not_found"},
    ]
    article.refresh_from_db()
    assert article.comment_count == 2
    event = ModerationEvent.objects.get()
    assert (event.comment_id, event.from_status, event.to_status, event.note) == (pending.pk, "pending", "approved", "batch")


@pytest.mark.parametrize("body", [
    {"ids": [], "action": "approve"},
    {"ids": [1], "action": "publish"},
    {"ids": ["1"], "action": "approve"},
    {"ids": [1] * 10_001, "action": "approve"},
    {"ids": [1], "action": "approve", "expected_status": "nope"},
])
def test_bad_bulk_requests_are_a_400(moderator_api, body):
    assert moderator_api.post(BULK, body, format="json").status_code == 400


def _bulk(client, user, ids, django_assert_max_num_queries, limit):
    _fresh(client, user)
    with django_assert_max_num_queries(limit) as queries:
        response = client.post(BULK, {"ids": ids, "action": "approve"}, format="json")
    assert response.status_code == 200
    assert all(row.get("status") == "approved" for row in response.json()["results"])
    return len(queries)


# The user's permissions (two), the rows read and locked (one), one INSERT ... SELECT of audit
# rows, one UPDATE, the recount of the articles (one UPDATE), the content version (two), and the
# savepoints around them (four). The same for 100 comments, 1,000 or 10,000.
BULK_QUERIES = 12


def test_bulk_decisions_run_a_fixed_number_of_queries(moderator_api, moderator, django_assert_max_num_queries):
    content_version.current()  # the version row a running site has
    small = _bulk(moderator_api, moderator, many_comments(ArticleFactory(), 100), django_assert_max_num_queries, BULK_QUERIES)
    large = _bulk(moderator_api, moderator, many_comments(ArticleFactory(), 1000), django_assert_max_num_queries, BULK_QUERIES)

    assert small == large
    assert Comment.objects.approved().count() == 1100
    assert ModerationEvent.objects.filter(to_status="approved").count() == 1100


@pytest.mark.postgres
def test_ten_thousand_comments_are_decided_in_one_request(moderator_api, moderator, django_assert_max_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: 10,000 rows in one request is the production case")
    content_version.current()
    article = ArticleFactory()
    ids = many_comments(article, 10_000)

    _bulk(moderator_api, moderator, ids, django_assert_max_num_queries, BULK_QUERIES)

    article.refresh_from_db()
    assert article.comment_count == 10_000
    assert ModerationEvent.objects.count() == 10_000
