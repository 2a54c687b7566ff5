"""Retention of personal data (``manage.py purge_personal_data``, for cron).

- Client addresses and user agents of comments older than RETENTION_ADDRESS_DAYS are removed,
  and so are the keyed hashes of reporters' addresses of reports that old.
- Pending comments nobody decided on for RETENTION_PENDING_DAYS (since submission, or since
  readers' reports sent them back) become ``rejected`` with the held reason ``expired``.
- Spam and rejected comments are deleted RETENTION_SPAM_DAYS after their last status change;
  one with replies is blanked to a tombstone instead, so nobody else's reply goes with it.
- Idempotency keys past their expiry are deleted.

A setting of 0 turns its step off. Comments on legal hold are never touched. The dry run counts
with the same querysets the real run changes, in the same order (no step changes what a later
one selects), so both report the same numbers. A fixed number of queries, not one per row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import idempotency
from ..models import Comment, CommentReport, HeldReason, IdempotencyKey, ModerationEvent
from .base import events_for, insert_per_comment

RULE = ModerationEvent.Rule.RETENTION


@dataclass(frozen=True)
class PurgeCounts:
    addresses: int = 0
    report_addresses: int = 0
    expired: int = 0
    deleted: int = 0
    tombstoned: int = 0
    idempotency_keys: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _cutoff(setting: str, now: datetime) -> datetime | None:
    days = settings.CMS[setting]
    return now - timedelta(days=days) if days else None


def _last_change():
    return Coalesce("moderated_at", "submitted_at")


def addresses_due(now: datetime):
    cutoff = _cutoff("RETENTION_ADDRESS_DAYS", now)
    if cutoff is None:
        return Comment.objects.none(), CommentReport.objects.none()
    comments = Comment.objects.not_on_legal_hold().filter(submitted_at__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="")
    )
    reports = CommentReport.objects.filter(created_at__lt=cutoff, reporter_hash__isnull=False, comment__legal_hold=False)
    return comments, reports


def pending_due(now: datetime):
    cutoff = _cutoff("RETENTION_PENDING_DAYS", now)
    if cutoff is None:
        return Comment.objects.none()
    return Comment.objects.not_on_legal_hold().pending().alias(last=_last_change()).filter(last__lt=cutoff)


def discarded_due(now: datetime):
    """(to delete, to blank to a tombstone): spam and rejected comments past RETENTION_SPAM_DAYS."""
    cutoff = _cutoff("RETENTION_SPAM_DAYS", now)
    if cutoff is None:
        return Comment.objects.none(), Comment.objects.none()
    due = (
        Comment.objects.not_on_legal_hold()
        .filter(status__in=[Comment.Status.SPAM, Comment.Status.REJECTED])
        .exclude(Comment.objects.tombstone_q())
        .alias(last=_last_change(), has_replies=Exists(Comment.objects.filter(parent=OuterRef("pk"))))
        .filter(last__lt=cutoff)
    )
    return due.filter(has_replies=False), due.filter(has_replies=True)


def personal_data_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeCounts:
    """Apply (or, with ``dry_run``, only count) every retention rule; the counts of what changed."""
    now = now or timezone.now()
    comments, reports = addresses_due(now)
    pending = pending_due(now)
    deletable, tombstones = discarded_due(now)
    if dry_run:
        return PurgeCounts(
            addresses=comments.count(),
            report_addresses=reports.count(),
            expired=pending.count(),
            deleted=deletable.count(),
            tombstoned=tombstones.count(),
            idempotency_keys=IdempotencyKey.objects.filter(expires_at__lte=now).count(),
        )
    with transaction.atomic():
        addresses = comments.update(ip_address=None, user_agent="")
        report_addresses = reports.update(reporter_hash=None)

        expired_ids = list(pending.values_list("pk", flat=True))
        insert_per_comment(
            HeldReason, ids=expired_ids, copy={"comment": "id"},
            values={"code": HeldReason.Code.EXPIRED, "detail": f"{settings.CMS['RETENTION_PENDING_DAYS']} days", "created_at": now},
        )
        events_for(expired_ids, action=ModerationEvent.Action.STATUS, rule=RULE, to_status=Comment.Status.REJECTED,
                   note="expired unreviewed", now=now)
        Comment.objects.filter(pk__in=expired_ids, status=Comment.Status.PENDING).update(
            status=Comment.Status.REJECTED, moderated_at=now, moderated_by=None
        )

        tombstone_ids = list(tombstones.values_list("pk", flat=True))
        delete_ids = list(deletable.values_list("pk", flat=True))
        events_for(tombstone_ids, action=ModerationEvent.Action.ERASE, rule=RULE, note="retention: kept as a tombstone for its replies", now=now)
        events_for(delete_ids, action=ModerationEvent.Action.DELETE, rule=RULE, note="retention", now=now)
        Comment.objects.filter(pk__in=tombstone_ids).update(
            author_name="", author_email="", duplicate_key="", author_url="", ip_address=None, user_agent="", body="", body_text="",
            erasure=Comment.Erasure.DELETED, erased_at=now,
        )
        Comment.objects.filter(pk__in=delete_ids).delete()
        keys = idempotency.purge_expired(now=now)
    # Neither step touches approved comments: the public listing and the counts are unchanged.
    return PurgeCounts(addresses, report_addresses, len(expired_ids), len(delete_ids), len(tombstone_ids), keys)
