"""Retention (``purge_personal_data``): each rule, legal hold, the dry run agreeing with the run, fixed queries."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments import services
from comments.models import Comment, CommentReport, HeldReason, IdempotencyKey, ModerationEvent
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.CMS = {**settings.CMS, "RETENTION_ADDRESS_DAYS": 30, "RETENTION_SPAM_DAYS": 30, "RETENTION_PENDING_DAYS": 60}


def key(expires_in_hours: float, name: str) -> IdempotencyKey:
    now = timezone.now()
    return IdempotencyKey.objects.create(key_hash=name * 64, response_status=201, response_body={"id": 1},
                                         expires_at=now + timedelta(hours=expires_in_hours))


@pytest.fixture
def old_and_new():
    """One of each case the rules look at, on either side of its limit, plus the same on legal hold."""
    article = ArticleFactory()
    rows = {
        "old_address": CommentFactory(article=article, submitted_at=days_ago(31)),
        "new_address": CommentFactory(article=article, submitted_at=days_ago(29)),
        "old_pending": CommentFactory(article=article, status="pending", submitted_at=days_ago(61), ip_address=None, user_agent=""),
        "new_pending": CommentFactory(article=article, status="pending", submitted_at=days_ago(59), ip_address=None, user_agent=""),
        "old_spam": CommentFactory(article=article, status="spam", submitted_at=days_ago(40), ip_address=None, user_agent=""),
        "new_spam": CommentFactory(article=article, status="spam", submitted_at=days_ago(40), moderated_at=days_ago(5),
                                   ip_address=None, user_agent=""),
        "old_rejected": CommentFactory(article=article, status="rejected", submitted_at=days_ago(10), moderated_at=days_ago(31),
                                       ip_address=None, user_agent=""),
        "held_address": CommentFactory(article=article, submitted_at=days_ago(90), legal_hold=True),
        "held_pending": CommentFactory(article=article, status="pending", submitted_at=days_ago(90), legal_hold=True),
        "held_spam": CommentFactory(article=article, status="spam", submitted_at=days_ago(90), legal_hold=True),
    }
    parent = CommentFactory(article=article, submitted_at=days_ago(50), ip_address=None, user_agent="")
    rows["rejected_with_reply"] = parent
    CommentFactory(parent=parent, submitted_at=days_ago(1))
    Comment.objects.filter(pk=parent.pk).update(status="rejected", moderated_at=days_ago(45))
    CommentReportFactory(comment=rows["new_address"], created_at=days_ago(31))
    CommentReportFactory(comment=rows["held_address"], created_at=days_ago(31))
    key(-1, "a"), key(+1, "b")
    return rows


def reload(rows: dict) -> dict:
    found = {c.pk: c for c in Comment.objects.all()}
    return {name: found.get(c.pk) for name, c in rows.items()}


def test_each_rule_applies_past_its_limit_and_legal_hold_wins(old_and_new):
    counts = services.personal_data_purge()

    rows = reload(old_and_new)
    assert counts.as_dict() == {"addresses": 1, "report_addresses": 1, "expired": 1, "deleted": 2, "tombstoned": 1, "idempotency_keys": 1}
    assert (rows["old_address"].ip_address, rows["old_address"].user_agent) == (None, "")
    assert rows["new_address"].ip_address == "192.0.2.1"
    assert rows["old_pending"].status == "rejected"
    assert rows["old_pending"].held_reasons.get().code == HeldReason.Code.EXPIRED
    assert rows["new_pending"].status == "pending"
    assert rows["old_spam"] is None and rows["old_rejected"] is None
    assert rows["new_spam"] is not None
    tombstone = rows["rejected_with_reply"]
    assert (tombstone.erasure, tombstone.author_email, tombstone.body) == ("deleted", "", "")
    assert tombstone.replies.count() == 1  # nobody else's reply went with it
    assert (rows["held_address"].ip_address, rows["held_pending"].status, rows["held_spam"].status) == ("192.0.2.1", "pending", "spam")
    assert list(CommentReport.objects.filter(reporter_hash__isnull=True).values_list("comment", flat=True)) == [old_and_new["new_address"].pk]
    assert list(IdempotencyKey.objects.values_list("key_hash", flat=True)) == ["b" * 64]


def test_retention_is_audited(old_and_new):
    services.personal_data_purge()

    events = {(e.comment_ref, e.action, e.from_status, e.to_status, e.actor_rule) for e in ModerationEvent.objects.all()}
    rows = old_and_new
    assert events == {
        (rows["old_pending"].pk, "status", "pending", "rejected", "retention"),
        (rows["old_spam"].pk, "delete", "spam", "spam", "retention"),
        (rows["old_rejected"].pk, "delete", "rejected", "rejected", "retention"),
        (rows["rejected_with_reply"].pk, "erase", "rejected", "rejected", "retention"),
    }


def test_the_dry_run_prints_what_the_run_then_does(old_and_new):
    before = {c.pk: (c.status, c.ip_address) for c in Comment.objects.all()}
    dry, real = StringIO(), StringIO()

    call_command("purge_personal_data", "--dry-run", stdout=dry)
    unchanged = {c.pk: (c.status, c.ip_address) for c in Comment.objects.all()}
    call_command("purge_personal_data", stdout=real)

    assert unchanged == before
    assert dry.getvalue().removeprefix("would change: ") == real.getvalue().removeprefix("changed: ")
    assert "addresses=1 report_addresses=1 expired=1 deleted=2 tombstoned=1 idempotency_keys=1" in real.getvalue()
    second = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=second)
    assert second.getvalue().strip() == "would change: " + " ".join(
        f"{name}=0" for name in ("addresses", "report_addresses", "expired", "deleted", "tombstoned", "idempotency_keys")
    )


def test_the_dry_run_changes_nothing(old_and_new):
    before = sorted(Comment.objects.values_list("pk", "status", "ip_address", "user_agent"))

    services.personal_data_purge(dry_run=True)

    assert sorted(Comment.objects.values_list("pk", "status", "ip_address", "user_agent")) == before
    assert IdempotencyKey.objects.count() == 2 and not ModerationEvent.objects.exists()


def test_a_limit_of_zero_turns_its_rule_off(old_and_new, settings):
    settings.CMS = {**settings.CMS, "RETENTION_ADDRESS_DAYS": 0, "RETENTION_SPAM_DAYS": 0, "RETENTION_PENDING_DAYS": 0}

    counts = services.personal_data_purge()

    assert counts.as_dict() == {"addresses": 0, "report_addresses": 0, "expired": 0, "deleted": 0, "tombstoned": 0, "idempotency_keys": 1}


def test_retention_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # Each rule is one UPDATE or an id query plus INSERT ... SELECT and UPDATE (or DELETE with its
    # cascades): 10 or 100 due comments of each kind cost the same.
    counts = []
    for size in (10, 100):
        article = ArticleFactory()
        for status, when in (("approved", 31), ("pending", 61), ("spam", 31)):
            for _ in range(size):
                CommentFactory(article=article, status=status, submitted_at=days_ago(when))
        with django_assert_max_num_queries(30) as queries:
            result = services.personal_data_purge()
        assert (result.addresses, result.expired, result.deleted) == (3 * size, size, size)
        counts.append(len(queries))
    assert counts[0] == counts[1]
