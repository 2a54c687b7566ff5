"""A reader's submission: the checks before anything is stored, then the policy's decision."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.detail import comments_open as article_comments_open
from articles.models import Article
from cms.models import SiteSettings
from cms.prepared import Prepared, PreparedInsert, statement_cursor

from .. import cleaning, moderation, notifications
from ..models import Comment, HeldReason, ModerationEvent, ModerationSettings
from ..models.comment import duplicate_key
from .base import approved_set_changed, record_event


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


# --- what every submission reads, compiled once (cms.prepared) ---

_RULE_FIELDS = ("max_links", "moderation_words", "disallowed_words", "hold_first_time_commenters", "premoderate_all")
# The moderation rules and the consent text's version, in one query.
_SETTINGS = Prepared(
    lambda m: ModerationSettings.objects.filter(id=1).order_by()
    .annotate(consent_version=Subquery(SiteSettings.objects.filter(id=1).values("comment_consent_version")[:1]))
    .values(*_RULE_FIELDS, "consent_version")
)
_DUPLICATE = Prepared(lambda m: Comment.objects.filter(duplicate_key=m.text("key")).order_by().values_list("pk")[:1])


# A submission's rows, inserted without the ORM's per-call work (cms.prepared).
_INSERT_COMMENT = PreparedInsert(Comment)
_INSERT_REASONS = PreparedInsert(HeldReason)


def _start_thread(comment_id: int) -> None:
    """A top-level comment heads its own thread: its id is known only once the row is stored."""
    qn, meta = connection.ops.quote_name, Comment._meta
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"UPDATE {qn(meta.db_table)} SET {qn(meta.get_field('thread').column)} = %s WHERE {qn(meta.pk.column)} = %s",
            [comment_id, comment_id],
        )


def _submission_settings() -> tuple[ModerationSettings, int]:
    """(the moderation rules, the current consent version); the rows are created on first use."""
    rows = _SETTINGS.dicts()
    row = rows[0] if rows else {}
    if row.get("consent_version") is None:
        consent_version = SiteSettings.load().comment_consent_version
    else:
        consent_version = row.pop("consent_version")
    rules = ModerationSettings(id=1, **{name: row[name] for name in _RULE_FIELDS}) if rows else ModerationSettings.load()
    return rules, consent_version


# --- rules around a submission ---


def comments_open(article: Article) -> bool:
    """Enabled and not older than COMMENTS_CLOSE_AFTER_DAYS: the same rule the article detail shows."""
    return article_comments_open(comments_enabled=article.comments_enabled, published_at=article.published_at)


def _reply_target(article: Article, parent_id: int | None) -> Comment | None:
    """The approved comment of the same article being replied to, within the depth limit."""
    if parent_id is None:
        return None
    # Not a tombstone: an erased comment stays only to hold the replies it already has.
    parent = (
        Comment.objects.approved().exclude(Comment.objects.tombstone_q()).filter(pk=parent_id, article=article)
        .only("pk", "thread_id", "depth").first()
    )
    if parent is None:
        raise ValidationError({"parent": ValidationError(_("Reply to a published comment of this article."), code="invalid_parent")})
    max_depth = settings.CMS["COMMENT_MAX_DEPTH"]
    if max_depth and parent.depth + 1 > max_depth:
        raise ValidationError({"parent": ValidationError(_("Replies nest at most %(max)d levels.") % {"max": max_depth}, code="too_deep")})
    return parent


# The last submission from an e-mail address, compiled once. (Not for the client address: its
# field adapts the value for PostgreSQL's inet type, so no marker can stand for it.)
_LAST_FROM_EMAIL = Prepared(
    lambda m: Comment.objects.filter(author_email=m.text("email")).order_by()
    .values("author_email").annotate(last=Max("submitted_at")).values_list("last")
)


def _last_submitted(field: str, value: str):
    if field == "author_email":
        rows = _LAST_FROM_EMAIL.tuples(email=value)
        return rows[0][0] if rows else None
    return Comment.objects.filter(**{field: value}).aggregate(last=Max("submitted_at"))["last"]


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
        last = _last_submitted(field, value)
        if last is not None:
            remaining = (last + timedelta(seconds=interval) - now).total_seconds()
            if remaining > 0:
                waits.append(remaining)
    if waits:
        raise TooSoon(math.ceil(max(waits)))


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
    gives the status and the reasons, stored as HeldReason rows, with the policy's audit row;
    moderators are e-mailed after commit when the comment is held (pending).
    """
    now = now or timezone.now()
    if consent is not True:
        raise ConsentRequired()
    rules, current_version = _submission_settings()
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
    key = duplicate_key(article.pk, email, clean_body)
    if _DUPLICATE.tuples(key=key):
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
        ),
        rules=rules,
    )
    values = {
        "article_id": article.pk,
        "parent_id": parent.pk if parent else None,
        "thread_id": parent.thread_id if parent else None,
        "depth": parent.depth + 1 if parent else 1,
        "author_name": fields["author_name"],
        "author_email": email,
        "author_url": fields["author_url"],
        "body": clean_body,
        "body_text": body_text,
        "status": decision.status,
        "consent_at": now,
        "consent_version": current_version,
        "ip_address": address,
        "user_agent": cleaning.user_agent(user_agent),
        "submitted_at": now,
        "duplicate_key": key,
    }
    comment = Comment(pk=_INSERT_COMMENT.one(**values), **values)
    if parent is None:
        comment.thread_id = comment.pk
        _start_thread(comment.pk)
    _INSERT_REASONS.many(
        [{"comment_id": comment.pk, "code": reason.code, "detail": reason.detail, "created_at": now} for reason in decision.reasons]
    )
    codes = [reason.code for reason in decision.reasons]
    # The reasons' codes only: details may quote the commenter's own words.
    record_event(
        comment=comment, action=ModerationEvent.Action.STATUS, rule=ModerationEvent.Rule.POLICY,
        to_status=comment.status, note=", ".join(codes), now=now,
    )
    if comment.status == Comment.Status.APPROVED:
        approved_set_changed([article.pk])
    elif comment.status == Comment.Status.PENDING:
        notifications.comment_held(comment, reasons=codes)
    return comment
