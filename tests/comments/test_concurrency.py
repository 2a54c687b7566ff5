"""No lost update: two moderators deciding at once in real concurrent transactions (PostgreSQL only).

SQLite takes the write lock at BEGIN (``transaction_mode="IMMEDIATE"``), so its transactions
never overlap and there is nothing to race; these tests skip there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from cms import content_version
from comments import services
from comments.models import Comment, ModerationEvent
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite never runs two write transactions at once")
    content_version.current()  # the row a running site has; not created by both threads


def run_together(*jobs):
    """Run each job in its own thread, with its own connection; return what each returned or raised."""
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_moderators_deciding_the_same_comment_one_wins_one_gets_status_changed(moderator, superuser):
    comment = CommentFactory(status="pending")
    both_read = threading.Barrier(2, timeout=10)

    def decide(service, user):
        def job():
            with transaction.atomic():
                mine = Comment.objects.get(pk=comment.pk)  # both read "pending"...
                both_read.wait()  # ...before either decides
                return service(comment=mine, by=user, expected_status="pending", note=user.username)
        return job

    results = run_together(decide(services.comment_approve, moderator), decide(services.comment_mark_spam, superuser))

    winners = [r for r in results if isinstance(r, Comment)]
    losers = [r for r in results if isinstance(r, services.StatusChanged)]
    assert len(winners) == 1 and len(losers) == 1, results
    final = Comment.objects.get(pk=comment.pk)
    assert final.status == winners[0].status
    assert losers[0].current == final.status
    [event] = ModerationEvent.objects.all()  # only the winner's decision is logged
    assert event.to_status == final.status


def test_two_api_requests_one_200_one_409(moderator, superuser):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending")
    start = threading.Barrier(2, timeout=10)

    def request(user, action):
        def job():
            client = APIClient()
            client.force_authenticate(user)
            start.wait()
            return client.post(f"/api/v1/moderation/comments/{comment.pk}/{action}/", {}, format="json")
        return job

    answers = run_together(request(moderator, "approve"), request(superuser, "reject"))

    assert sorted(a.status_code for a in answers) == [200, 409], [a.content for a in answers]
    loser = next(a for a in answers if a.status_code == 409).json()
    final = Comment.objects.get(pk=comment.pk)
    assert (loser["code"], loser["current_status"]) == ("status_changed", final.status)
    article.refresh_from_db()
    assert article.comment_count == (1 if final.status == "approved" else 0)


def test_two_overlapping_bulk_decisions_never_both_change_a_comment(moderator, superuser):
    article = ArticleFactory()
    ids = [c.pk for c in CommentFactory.create_batch(20, article=article, status="pending")]
    start = threading.Barrier(2, timeout=10)

    def bulk(user, status, chosen):
        def job():
            start.wait()
            return services.comments_decide(ids=chosen, status=status, by=user)
        return job

    # Overlapping selections in opposite orders: the rows are locked by id, so no deadlock either.
    first, second = run_together(bulk(moderator, "approved", ids[:15]), bulk(superuser, "spam", list(reversed(ids[5:]))))

    won = {o.id for o in first if o.error is None} | {o.id for o in second if o.error is None}
    lost = [o for o in first + second if o.error == "status_changed"]
    assert won == set(ids)
    assert len(lost) == 10  # the overlap: each comment decided once
    assert ModerationEvent.objects.count() == 20
    article.refresh_from_db()
    assert article.comment_count == Comment.objects.filter(status="approved").count()
