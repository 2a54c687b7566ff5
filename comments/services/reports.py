"""Readers' reports: stored anonymously, and past a threshold they send a comment back to the queue."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from .. import notifications
from ..models import Comment, CommentReport, HeldReason, ModerationEvent
from ..pseudonyms import keyed_hash
from .base import StatusChanged
from .decisions import set_status

REPORTER_PURPOSE = "report-address"


class AlreadyReported(Exception):
    """This address has already reported this comment."""


def reporter_hash(ip_address: str | None) -> str | None:
    return keyed_hash(ip_address, purpose=REPORTER_PURPOSE) if ip_address else None


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, ip_address: str | None, now: datetime | None = None) -> CommentReport:
    """Store a reader's report on a published comment; at COMMENT_REPORT_THRESHOLD reports (0: never)
    since its last approval, an approved comment goes back to pending with reason ``flagged``.

    One report per address and comment (AlreadyReported); the address is kept only as a keyed
    hash. The flag is audited (rule ``reports``), invalidates the public listing and e-mails the
    moderators after commit. Call with a comment readers can see (``Comment.objects.reportable()``).
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reason=reason, reporter_hash=reporter_hash(ip_address), created_at=now)
    except IntegrityError:
        raise AlreadyReported() from None
    threshold = settings.CMS["COMMENT_REPORT_THRESHOLD"]
    if not threshold or comment.status != Comment.Status.APPROVED:
        return report
    reports = comment.reports.all()
    if comment.moderated_at is not None:
        # A moderator who approves a flagged comment again has answered the reports before.
        reports = reports.filter(created_at__gt=comment.moderated_at)
    by_reason = dict(reports.order_by().values_list("reason").annotate(n=Count("pk")))
    total = sum(by_reason.values())
    if total < threshold:
        return report
    detail = ", ".join(f"{reason} {n}" for reason, n in sorted(by_reason.items()))
    try:
        set_status(comment=comment, status=Comment.Status.PENDING, expected_status=Comment.Status.APPROVED,
                   rule=ModerationEvent.Rule.REPORTS, note=f"{total} reports: {detail}", now=now)
    except StatusChanged:
        return report  # a moderator (or a concurrent report) moved it meanwhile
    HeldReason.objects.create(comment=comment, code=HeldReason.Code.FLAGGED, detail=f"{total} reports: {detail}", created_at=now)
    notifications.comment_held(comment, reasons=[HeldReason.Code.FLAGGED])
    return report
