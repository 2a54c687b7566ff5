"""Reads for moderators: the queue with its filters and counts, and one comment with its log.

Private fields are shown here, and only to moderators (the views check). A page costs a fixed
number of queries: its rows (article and moderator joined, the approved count per e-mail as a
subquery) and their held reasons; the counts per status and the oldest pending comment are one
aggregate.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from rest_framework.fields import DateTimeField

from .models import Comment, HeldReason

_datetime = DateTimeField()


def iso(value: datetime | None) -> str | None:
    return _datetime.to_representation(value) if value is not None else None


def filtered(*, reason: str | None = None, article: str | None = None, since: datetime | None = None,
             until: datetime | None = None, q: str | None = None) -> QuerySet:
    """Comments matching every filter but status (``article`` is a slug; ``q`` searches name, e-mail and text)."""
    qs = Comment.objects.all()
    if reason:
        qs = qs.filter(Exists(HeldReason.objects.filter(comment=OuterRef("pk"), code=reason)))
    if article:
        qs = qs.filter(article__slug=article)
    if since:
        qs = qs.filter(submitted_at__gte=since)
    if until:
        qs = qs.filter(submitted_at__lt=until)
    if q:
        qs = qs.filter(Q(author_name__icontains=q) | Q(author_email__icontains=q) | Q(body_text__icontains=q))
    return qs


def status_counts(qs: QuerySet, *, now: datetime) -> tuple[dict[str, int], int | None]:
    """({status: count}, age in seconds of the oldest pending comment or None), in one query."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in Comment.Status.values}
    row = qs.order_by().aggregate(**aggregates, oldest=Min("submitted_at", filter=Comment.objects.pending_q()))
    oldest = row.pop("oldest")
    return row, (max(0, int((now - oldest).total_seconds())) if oldest else None)


def private_fields(comment: Comment) -> dict:
    """What is stored about a comment and its author, for moderators and for the author's own export."""
    return {
        "id": comment.pk,
        "article": {"id": comment.article_id, "slug": comment.article.slug, "title": comment.article.title},
        "parent": comment.parent_id,
        "status": comment.status,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "body": comment.body,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "consent": {"given_at": iso(comment.consent_at), "version": comment.consent_version},
        "submitted_at": iso(comment.submitted_at),
        "moderated_at": iso(comment.moderated_at),
        "legal_hold": comment.legal_hold,
        "erasure": comment.erasure,
    }


def comment_row(comment: Comment) -> dict:
    """A comment with its private fields, for moderators (loaded with ``Comment.objects.for_moderation()``)."""
    return {
        **private_fields(comment),
        "thread": comment.thread_id,
        "depth": comment.depth,
        "moderated_by": comment.moderated_by.get_username() if comment.moderated_by else None,
        "reasons": [{"code": reason.code, "detail": reason.detail} for reason in comment.held_reasons.all()],
        "approved_by_email": comment.approved_by_email,
    }


def event_row(event) -> dict:
    return {
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": event.actor.get_username() if event.actor else None,
        "actor_rule": event.actor_rule,
        "note": event.note,
        "created_at": iso(event.created_at),
    }


def comment_detail(pk: int) -> dict | None:
    """One comment with its audit log and its reports (reason and time only), or None."""
    comment = (
        Comment.objects.for_moderation()
        .prefetch_related("events__actor", "reports")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        return None
    return comment_row(comment) | {
        "events": [event_row(event) for event in comment.events.all()],
        "reports": [{"reason": report.reason, "created_at": iso(report.created_at)} for report in comment.reports.all()],
    }
