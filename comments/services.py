"""Writes to comments, shared by the API and the admin: submission and moderation decisions.

Every function that changes the set of approved comments recounts ``Article.comment_count`` and
bumps the content version, explicitly (no signals). Status changes all go through
``_set_status``, the one place a later audit log hooks into.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.detail import comments_open as article_comments_open
from articles.models import Article
from cms.content_version import content_changed
from cms.models import SiteSettings

from . import cleaning, moderation
from .models import Comment, HeldReason


class SubmissionRefused(Exception):
    """A submission that is well-formed but not accepted (the API answers each with its own code)."""


class ConsentRequired(SubmissionRefused):
    pass


class ConsentVersionChanged(SubmissionRefused):
    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


class CommentsClosed(SubmissionRefused):
    pass


class DuplicateComment(SubmissionRefused):
    """The same e-mail address already posted this body on this article."""


class TooSoon(SubmissionRefused):
    """Under a minimum interval; ``wait`` is the whole number of seconds left."""

    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


class StatusChanged(Exception):
    """The comment's status is no longer the one the decision was made on."""

    def __init__(self, current: str | None):
        super().__init__(current)
        self.current = current


# --- rules around a submission ---


def comments_open(article: Article) -> bool:
    """Enabled and not older than COMMENTS_CLOSE_AFTER_DAYS: the same rule the article detail shows."""
    return article_comments_open(comments_enabled=article.comments_enabled, published_at=article.published_at)


def _reply_target(article: Article, parent_id: int | None) -> Comment | None:
    """The approved comment of the same article being replied to, within the depth limit."""
    if parent_id is None:
        return None
    parent = Comment.objects.approved().filter(pk=parent_id, article=article).only("pk", "thread_id", "depth").first()
    if parent is None:
        raise ValidationError({"parent": ValidationError(_("Reply to a published comment of this article."), code="invalid_parent")})
    max_depth = settings.CMS["COMMENT_MAX_DEPTH"]
    if max_depth and parent.depth + 1 > max_depth:
        raise ValidationError({"parent": ValidationError(_("Replies nest at most %(max)d levels.") % {"max": max_depth}, code="too_deep")})
    return parent


def _check_flood(*, email: str, ip_address: str | None, now: datetime) -> None:
    """TooSoon when this address or e-mail submitted within its minimum interval (0: no limit).

    Measured from stored comments, so it holds across workers with no personal data in the cache.
    """
    waits = []
    for field, value, setting in (
        ("ip_address", ip_address, "COMMENT_MIN_INTERVAL_PER_ADDRESS"),
        ("author_email", email, "COMMENT_MIN_INTERVAL_PER_EMAIL"),
    ):
        interval = settings.CMS[setting]
        if not interval or not value:
            continue
        last = Comment.objects.filter(**{field: value}).aggregate(last=Max("submitted_at"))["last"]
        if last is not None:
            remaining = (last + timedelta(seconds=interval) - now).total_seconds()
            if remaining > 0:
                waits.append(remaining)
    if waits:
        raise TooSoon(math.ceil(max(waits)))


def _approved_set_changed(article_ids: Iterable[int]) -> None:
    """Recount ``comment_count`` of these articles (one UPDATE) and bump the content version."""
    approved = (
        Comment.objects.approved().filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk")).values("n")
    )
    Article.objects.filter(pk__in=set(article_ids)).update(comment_count=Coalesce(Subquery(approved), 0))
    content_changed()


# --- services ---


@transaction.atomic
def comment_submit(
    *,
    article: Article,
    author_name: str,
    author_email: str,
    body: str,
    consent: bool,
    consent_version: int | None = None,
    author_url: str = "",
    parent_id: int | None = None,
    honeypot: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    now: datetime | None = None,
) -> Comment:
    """Store a reader's comment with its consent record and the moderation policy's decision.

    Checked in this order, before anything is written: consent (ConsentRequired,
    ConsentVersionChanged), the article accepting comments (CommentsClosed), the fields and the
    parent (ValidationError naming each field), the same e-mail, article and body already
    stored (DuplicateComment), the minimum intervals (TooSoon). Then ``moderation.decide``
    gives the status and the reasons, stored as HeldReason rows.
    """
    now = now or timezone.now()
    if consent is not True:
        raise ConsentRequired()
    current_version = SiteSettings.load().comment_consent_version
    if consent_version is not None and consent_version != current_version:
        raise ConsentVersionChanged(current_version)
    if not article.is_published or not comments_open(article):
        raise CommentsClosed()
    fields = cleaning.field_errors(
        author_name=(cleaning.clean_author_name, author_name),
        author_email=(cleaning.clean_author_email, author_email),
        author_url=(cleaning.clean_author_url, author_url),
        body=(cleaning.sanitise_body, body),
    )
    email, (clean_body, body_text) = fields["author_email"], fields["body"]
    parent = _reply_target(article, parent_id)
    if Comment.objects.filter(article=article, author_email=email, body=clean_body).exists():
        raise DuplicateComment()
    address = cleaning.client_address(ip_address)
    _check_flood(email=email, ip_address=address, now=now)

    decision = moderation.decide(
        moderation.Candidate(
            article_premoderated=article.comments_premoderated,
            author_name=fields["author_name"],
            author_email=email,
            author_url=fields["author_url"],
            body=clean_body,
            body_text=body_text,
            ip_address=address,
            honeypot=bool(honeypot),
        )
    )
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread_id=parent.thread_id if parent else None,
        depth=parent.depth + 1 if parent else 1,
        author_name=fields["author_name"],
        author_email=email,
        author_url=fields["author_url"],
        body=clean_body,
        body_text=body_text,
        status=decision.status,
        consent_at=now,
        consent_version=current_version,
        ip_address=address,
        user_agent=cleaning.user_agent(user_agent),
        submitted_at=now,
    )
    if parent is None:
        comment.thread_id = comment.pk
        Comment.objects.filter(pk=comment.pk).update(thread=comment.pk)
    HeldReason.objects.bulk_create(
        HeldReason(comment=comment, code=reason.code, detail=reason.detail, created_at=now) for reason in decision.reasons
    )
    if comment.status == Comment.Status.APPROVED:
        _approved_set_changed([article.pk])
    return comment


def _set_status(*, comment: Comment, status: str, by=None, expected_status: str | None = None) -> Comment:
    """Move one comment to ``status`` if it is still in ``expected_status`` (default: the status it was read with).

    A conditional UPDATE, so two moderators deciding at once cannot both win: the loser gets
    StatusChanged with the current status and nothing changes.
    """
    expected = expected_status or comment.status
    if expected == status and comment.status == status:
        return comment
    now = timezone.now()
    updated = Comment.objects.filter(pk=comment.pk, status=expected).update(status=status, moderated_at=now, moderated_by=by)
    if not updated:
        raise StatusChanged(Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first())
    comment.status, comment.moderated_at, comment.moderated_by = status, now, by
    if Comment.Status.APPROVED in (expected, status):
        _approved_set_changed([comment.article_id])
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, by=None, expected_status: str | None = None) -> Comment:
    """Publish a comment: it shows in the listing and counts in ``comment_count``."""
    return _set_status(comment=comment, status=Comment.Status.APPROVED, by=by, expected_status=expected_status)


@transaction.atomic
def comment_reject(*, comment: Comment, by=None, expected_status: str | None = None) -> Comment:
    return _set_status(comment=comment, status=Comment.Status.REJECTED, by=by, expected_status=expected_status)


@transaction.atomic
def comment_mark_spam(*, comment: Comment, by=None, expected_status: str | None = None) -> Comment:
    return _set_status(comment=comment, status=Comment.Status.SPAM, by=by, expected_status=expected_status)


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by=None) -> Comment:
    """Replace a comment's body (a moderator's edit), sanitised and limited like a submission."""
    try:
        comment.body, comment.body_text = cleaning.sanitise_body(body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.error_list}) from exc
    comment.save(update_fields=["body", "body_text"])
    if comment.status == Comment.Status.APPROVED:
        content_changed()
    return comment


@transaction.atomic
def comments_delete(*, comments: Iterable[Comment]) -> int:
    """Delete comments (with their replies) and recount the articles they belonged to."""
    comments = list(comments)
    article_ids = {comment.article_id for comment in comments}
    count, _per_model = Comment.objects.filter(pk__in=[comment.pk for comment in comments]).delete()
    if article_ids:
        _approved_set_changed(article_ids)
    return count
