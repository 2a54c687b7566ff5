"""The moderation API: who may use it, the queue and its filters, decisions one by one and in bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from comments import services
from comments.models import Comment, HeldReason, ModerationEvent
from tests.comments.conftest import comments_url, many_comments
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/moderation"
LIST = f"{BASE}/comments/"
BULK = f"{BASE}/comments/bulk/"

ENDPOINTS = [
    ("get", LIST, None),
    ("get", BASE + "/comments/{id}/", None),
    ("post", BASE + "/comments/{id}/approve/", {}),
    ("post", BASE + "/comments/{id}/reject/", {"note": "off topic"}),
    ("post", BASE + "/comments/{id}/spam/", {}),
    ("post", BULK, {"ids": ["{id}"], "action": "reject"}),
    ("get", BASE + "/privacy/export/?email=perm@example.org", None),
    ("post", BASE + "/privacy/erase/", {"email": "perm@example.org"}),
]


def _call(client, method, url, body, comment_id):
    url = url.format(id=comment_id)
    if isinstance(body, dict) and body.get("ids"):
        body = {**body, "ids": [comment_id]}
    return getattr(client, method)(url, body, format="json") if method == "post" else client.get(url)


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
@pytest.mark.parametrize(("who", "expected"), [(None, 401), ("editor", 403), ("moderator", 200), ("superuser", 200)])
def test_only_moderators_and_superusers_use_the_moderation_api(request, api_client, method, url, body, who, expected):
    comment = CommentFactory(status=Comment.Status.PENDING, author_email="perm@example.org")
    if who:
        api_client.force_authenticate(request.getfixturevalue(who))

    response = _call(api_client, method, url, body, comment.pk)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["code"] in {"not_authenticated", "permission_denied"}
        comment.refresh_from_db()
        assert (comment.status, comment.author_email) == (Comment.Status.PENDING, "perm@example.org")
    else:
        assert response["Cache-Control"] == "private, no-store"


def test_anonymous_requests_are_asked_for_a_token(api_client):
    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_staff_user_without_the_permission_is_refused(api_client, django_user_model):
    api_client.force_authenticate(django_user_model.objects.create_user("staff", is_staff=True))

    assert api_client.get(LIST).status_code == 403


def test_token_authentication_works_without_csrf(moderator):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=moderator).key}")

    assert client.post(f"{BASE}/comments/{comment.pk}/approve/", {}, format="json").status_code == 200


def test_session_authentication_needs_the_csrf_token(moderator):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(moderator)

    refused = client.post(f"{BASE}/comments/{comment.pk}/approve/", {}, format="json")
    listed = client.get(LIST)

    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert listed.status_code == 200  # reads need no token
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


# --- the queue ---


def test_the_queue_lists_pending_oldest_first_with_private_fields_reasons_and_counts(moderator_api):
    article = ArticleFactory(slug="queue")
    now = timezone.now()
    newer = CommentFactory(article=article, status="pending", submitted_at=now - timedelta(hours=1))
    older = CommentFactory(
        article=article, status="pending", submitted_at=now - timedelta(hours=5), author_email="known@example.org",
        ip_address="203.0.113.5", user_agent="Agent/1",
    )
    HeldReason.objects.create(comment=older, code="too_many_links", detail="3 > 2")
    CommentFactory(article=article, author_email="known@example.org")  # approved
    CommentFactory(article=article, status="spam")

    body = moderator_api.get(LIST).json()

    assert [row["id"] for row in body["results"]] == [older.pk, newer.pk]
    assert body["count"] == 2
    assert body["counts"] == {"pending": 2, "approved": 1, "rejected": 0, "spam": 1}
    assert 5 * 3600 - 60 <= body["oldest_pending_age_seconds"] <= 5 * 3600 + 60
    row = body["results"][0]
    assert row["author_email"] == "known@example.org"
    assert (row["ip_address"], row["user_agent"]) == ("203.0.113.5", "Agent/1")
    assert row["consent"]["version"] == 1 and row["consent"]["given_at"]
    assert row["reasons"] == [{"code": "too_many_links", "detail": "3 > 2"}]
    assert row["approved_by_email"] == 1
    assert row["article"] == {"id": article.pk, "slug": "queue", "title": article.title}


def test_the_queue_filters_like_the_admin(moderator_api):
    article, other = ArticleFactory(slug="one"), ArticleFactory(slug="two")
    now = timezone.now()
    flagged = CommentFactory(article=article, status="pending", body_text="نص مميز", submitted_at=now - timedelta(days=3))
    HeldReason.objects.create(comment=flagged, code="flagged")
    recent = CommentFactory(article=other, status="pending", author_name="Findable Name", submitted_at=now)
    approved = CommentFactory(article=article)

    def ids(query):
        response = moderator_api.get(LIST + query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("?reason=flagged") == [flagged.pk]
    assert ids("?article=two") == [recent.pk]
    assert ids(f"?since={(now - timedelta(days=1)).date().isoformat()}") == [recent.pk]
    assert ids(f"?until={(now - timedelta(days=1)).date().isoformat()}") == [flagged.pk]
    assert ids("?q=findable") == [recent.pk]
    assert ids("?q=مميز") == [flagged.pk]
    assert ids("?status=approved") == [approved.pk]
    assert ids("?status=all&article=one") == [flagged.pk, approved.pk]
    assert moderator_api.get(LIST + "?article=two").json()["counts"]["approved"] == 0


@pytest.mark.parametrize("query", ["?status=deleted", "?reason=nope", "?since=yesterday", "?page=0", "?page_size=101", "?colour=red"])
def test_bad_queue_parameters_are_a_400(moderator_api, query):
    response = moderator_api.get(LIST + query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"


def test_the_queue_is_paginated(moderator_api):
    ids = many_comments(ArticleFactory(), 5)

    first = moderator_api.get(LIST + "?page_size=2").json()
    last = moderator_api.get(first["next"]).json()
    last = moderator_api.get(last["next"]).json()

    assert first["count"] == 5 and [r["id"] for r in first["results"]] == ids[:2]
    assert [r["id"] for r in last["results"]] == ids[4:] and last["next"] is None
    assert moderator_api.get(LIST + "?page=4&page_size=2").status_code == 404


def _fresh(client, user) -> None:
    """Authenticate as a new instance of the user: its permissions are read again, like in a new request."""
    client.force_authenticate(type(user).objects.get(pk=user.pk))


def test_the_queue_runs_a_fixed_number_of_queries(moderator_api, moderator, django_assert_max_num_queries):
    # The user's permissions (two), the counts per status (one aggregate), the page of rows
    # (article and moderator joined, the approved count per e-mail as a subquery) and their
    # reasons (one prefetch). Nothing per row: 5 and 50 comments cost the same.
    counts = []
    for size in (5, 50):
        article = ArticleFactory()
        for pk in many_comments(article, size):
            HeldReason.objects.create(comment_id=pk, code="first_time_commenter")
        _fresh(moderator_api, moderator)
        with django_assert_max_num_queries(5) as queries:
            response = moderator_api.get(f"{LIST}?article={article.slug}&page_size=100")
        assert response.status_code == 200 and len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_one_comment_comes_with_its_log_and_reports(moderator_api, moderator):
    comment = CommentFactory(status="pending")
    services.comment_approve(comment=comment, by=moderator, note="fine")
    CommentReportFactory(comment=comment, reason="spam")

    body = moderator_api.get(f"{BASE}/comments/{comment.pk}/").json()

    assert [(e["action"], e["from_status"], e["to_status"], e["actor"], e["note"]) for e in body["events"]] == [
        ("status", "pending", "approved", "moderator", "fine")
    ]
    assert [set(report) for report in body["reports"]] == [{"reason", "created_at"}]  # never the reporter
    assert moderator_api.get(f"{BASE}/comments/999999/").status_code == 404


# --- decisions ---


def test_approving_publishes_counts_and_logs_the_note(moderator_api, client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending")

    response = moderator_api.post(f"{BASE}/comments/{comment.pk}/approve/", {"note": "checked"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["events"][-1]["note"] == "checked"
    article.refresh_from_db()
    assert article.comment_count == 1
    assert [c["id"] for c in client.get(comments_url(article)).json()["results"]] == [comment.pk]


def test_a_decision_on_a_status_that_changed_is_a_409_and_changes_nothing(moderator_api):
    comment = CommentFactory(status="approved")

    response = moderator_api.post(f"{BASE}/comments/{comment.pk}/reject/", {}, format="json")  # expects pending

    assert response.status_code == 409
    assert response.json()["code"] == "status_changed"
    assert response.json()["current_status"] == "approved"
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert not ModerationEvent.objects.exists()


def test_expected_status_can_be_given(moderator_api):
    comment = CommentFactory(status="spam")

    response = moderator_api.post(f"{BASE}/comments/{comment.pk}/approve/", {"expected_status": "spam"}, format="json")

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == "approved"


@pytest.mark.parametrize("body", [{"note": "x" * 501}, {"expected_status": "gone"}, {"colour": "red"}, ["note"]])
def test_bad_decisions_are_a_400(moderator_api, body):
    comment = CommentFactory(status="pending")

    response = moderator_api.post(f"{BASE}/comments/{comment.pk}/approve/", body, format="json")

    assert response.status_code == 400
    assert Comment.objects.get().status == "pending"


def test_deciding_on_a_missing_comment_is_a_404(moderator_api):
    assert moderator_api.post(f"{BASE}/comments/424242/approve/", {}, format="json").status_code == 404
    assert moderator_api.post(f"{BASE}/comments/99999999999999999999/approve/", {}, format="json").status_code == 404
