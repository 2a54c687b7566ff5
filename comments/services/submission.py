"""A reader's submission: the checks before anything is stored, then the policy's decision."""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.detail import comments_open as article_comments_open
from articles.models import Article
from cms.models import SiteSettings
from cms.prepared import Prepared, PreparedInsert, statement_cursor

from .. import cleaning, moderation, notifications
from ..models import Comment, HeldReason, ModerationEvent, ModerationSettings
from ..models.comment import duplicate_key
from .base import INSERT_EVENT, approved_set_changed, event_values


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


def _with_consent_version(queryset):
    return queryset.annotate(consent_version=Subquery(SiteSettings.objects.filter(id=1).values("comment_consent_version")[:1]))


# The moderation rules and the consent text's version, in one query.
_SETTINGS = Prepared(lambda m: _with_consent_version(ModerationSettings.objects.filter(id=1).order_by()).values(*_RULE_FIELDS, "consent_version"))


def _last_submissions(m, by_address: bool, by_email: bool) -> dict:
    """When this client address and this e-mail address last submitted (for the minimum
    intervals), as subqueries over the marker values of ``moderation.sender_values``."""
    def latest(**lookup):
        return Subquery(Comment.objects.filter(**lookup).order_by("-submitted_at").values("submitted_at")[:1])

    last = {}
    if by_address:
        # The value reaches PostgreSQL's inet column through a cast of the plain text, so it stays a marker.
        last["last_from_address"] = latest(ip_address=Cast(Value(m.text("address")), output_field=Comment._meta.get_field("ip_address")))
    if by_email:
        last["last_from_email"] = latest(author_email=m.text("author_email"))
    return last


@lru_cache(maxsize=64)
def _inputs_query(domains: int, with_address: bool, by_address: bool = False, by_email: bool = False) -> Prepared:
    """Everything a valid submission reads before it is stored, in one query: the moderation rules,
    the consent text's version, whether the same comment is stored already, what is on record
    about the sender (``moderation.sender_checks``) and, for the minimum intervals that are on,
    when the same client address (``by_address``) and e-mail address (``by_email``) last
    submitted. Compiled once per shape of the sender and of the intervals."""

    def build(m):
        last = _last_submissions(m, by_address, by_email)
        queryset = _with_consent_version(ModerationSettings.objects.filter(id=1).order_by()).annotate(
            duplicate=Exists(Comment.objects.order_by().filter(duplicate_key=m.text("key"))),
            **moderation.sender_checks(m, domains, with_address),
            **last,
        )
        return queryset.values(*_RULE_FIELDS, "consent_version", "duplicate", *moderation.SENDER_CHECKS, *last)

    return Prepared(build)


@dataclass(frozen=True)
class _Inputs:
    rules: ModerationSettings
    consent_version: int
    duplicate: bool | None = None  # None: not read (the fields were not valid)
    sender: moderation.Sender | None = None
    # The last submission from the client address and from the e-mail address, for the minimum
    # intervals that are on (None: none on record, or the interval is off).
    last_from_address: datetime | None = None
    last_from_email: datetime | None = None


def _rules_and_version(row: dict | None) -> tuple[ModerationSettings, int]:
    """The rules and consent version from a row of ``_SETTINGS`` or ``_inputs_query``; the rows are created on first use."""
    row = row or {}
    consent_version = row.get("consent_version")
    if consent_version is None:
        consent_version = SiteSettings.load().comment_consent_version
    rules = ModerationSettings(id=1, **{name: row[name] for name in _RULE_FIELDS}) if row else ModerationSettings.load()
    return rules, consent_version


def _submission_inputs(*, email: str | None, ip_address: str | None, key: str | None) -> _Inputs:
    """What the checks and the policy need; with ``email`` and ``key`` (valid fields), all of it in one query."""
    if email is None or key is None:
        rows = _SETTINGS.dicts()
        return _Inputs(*_rules_and_version(rows[0] if rows else None))
    shape, values = moderation.sender_values(email, ip_address)
    intervals = settings.CMS
    by_address = bool(ip_address and intervals["COMMENT_MIN_INTERVAL_PER_ADDRESS"])
    by_email = bool(intervals["COMMENT_MIN_INTERVAL_PER_EMAIL"])
    query = _inputs_query(*shape, by_address, by_email)
    rows = query.dicts(key=key, **values)
    if not rows:  # the very first submission: no settings row yet
        ModerationSettings.load()
        rows = query.dicts(key=key, **values)
    row = rows[0]
    return _Inputs(
        *_rules_and_version(row), duplicate=row["duplicate"], sender=moderation.Sender.from_row(row),
        last_from_address=row.get("last_from_address"), last_from_email=row.get("last_from_email"),
    )


# A submission's rows, inserted without the ORM's per-call work (cms.prepared).
_INSERT_COMMENT = PreparedInsert(Comment)
_INSERT_REASONS = PreparedInsert(HeldReason)
# An id handed out by the comment table's own sequence in the statement's WITH (``_store_at_once``).
_NEW_ID = "(SELECT id FROM new_comment)"


def _stores_at_once() -> bool:
    """Whether the comment and its rows go in as one statement (data-modifying WITH: PostgreSQL)."""
    return connection.vendor == "postgresql"


def _store_at_once(values: dict, reasons: list[dict], event: dict) -> int:
    """PostgreSQL: the comment, its held reasons and its audit row in one statement, so one round
    trip (and no transaction of several) stores a submission. The id comes from the table's
    sequence first, so the head of a new thread names itself as its thread."""
    qn, meta = connection.ops.quote_name, Comment._meta
    own = {"id": _NEW_ID, **({"thread_id": _NEW_ID} if values["thread_id"] is None else {})}
    parts = ["new_comment AS (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id)"]
    params = [qn(meta.db_table), meta.pk.column]
    if reasons:
        sql, more = _INSERT_REASONS.fragment(reasons, expressions={"comment_id": _NEW_ID})
        parts.append(f"held AS ({sql})")
        params += more
    sql, more = INSERT_EVENT.fragment([event], expressions={"comment_id": _NEW_ID, "comment_ref": _NEW_ID})
    parts.append(f"audit AS ({sql})")
    params += more
    sql, more = _INSERT_COMMENT.fragment([values], expressions=own)
    with statement_cursor(connection) as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {sql} RETURNING {qn(meta.pk.column)}", [*params, *more])
        return cursor.fetchone()[0]


def _store_in_steps(values: dict, reasons: list[dict], event: dict) -> int:
    """Any other database: the same rows, one statement each (call inside a transaction)."""
    comment_id = _INSERT_COMMENT.one(**values)
    if values["thread_id"] is None:
        _start_thread(comment_id)
    _INSERT_REASONS.many([{**reason, "comment_id": comment_id} for reason in reasons])
    INSERT_EVENT.one(**{**event, "comment_id": comment_id, "comment_ref": comment_id})
    return comment_id


def _start_thread(comment_id: int) -> None:
    """A top-level comment heads its own thread: its id is known only once the row is stored."""
    qn, meta = connection.ops.quote_name, Comment._meta
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"UPDATE {qn(meta.db_table)} SET {qn(meta.get_field('thread').column)} = %s WHERE {qn(meta.pk.column)} = %s",
            [comment_id, comment_id],
        )


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
        .only("pk", "thread_id", "thread_started_at", "depth").first()
    )
    if parent is None:
        raise ValidationError({"parent": ValidationError(_("Reply to a published comment of this article."), code="invalid_parent")})
    max_depth = settings.CMS["COMMENT_MAX_DEPTH"]
    if max_depth and parent.depth + 1 > max_depth:
        raise ValidationError({"parent": ValidationError(_("Replies nest at most %(max)d levels.") % {"max": max_depth}, code="too_deep")})
    return parent


def _check_flood(*, last_from_address: datetime | None, last_from_email: datetime | None, now: datetime) -> None:
    """TooSoon when this address or e-mail submitted within its minimum interval (0: no limit).

    Measured from stored comments (read with the rest of the submission's inputs), so it holds
    across workers with no personal data in the cache.
    """
    waits = []
    for last, setting in ((last_from_address, "COMMENT_MIN_INTERVAL_PER_ADDRESS"), (last_from_email, "COMMENT_MIN_INTERVAL_PER_EMAIL")):
        interval = settings.CMS[setting]
        if interval and last is not None:
            remaining = (last + timedelta(seconds=interval) - now).total_seconds()
            if remaining > 0:
                waits.append(remaining)
    if waits:
        raise TooSoon(math.ceil(max(waits)))


# --- services ---


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

    The fields are cleaned first, so that the rules, the consent version, the duplicate check and
    what the policy knows of the sender are read in one query; their errors are raised in the
    order above all the same. The rows are stored together: in one statement on PostgreSQL, else
    in one transaction (and in one transaction with the recount when the comment is approved).
    """
    now = now or timezone.now()
    if consent is not True:
        raise ConsentRequired()
    address = cleaning.client_address(ip_address)
    try:
        fields = cleaning.field_errors(
            author_name=(cleaning.clean_author_name, author_name),
            author_email=(cleaning.clean_author_email, author_email),
            author_url=(cleaning.clean_author_url, author_url),
            body=(cleaning.sanitise_body, body),
        )
    except ValidationError as invalid:
        fields, invalid_fields = None, invalid
    else:
        invalid_fields = None
    key = duplicate_key(article.pk, fields["author_email"], fields["body"][0]) if fields else None
    inputs = _submission_inputs(email=fields and fields["author_email"], ip_address=address, key=key)
    if consent_version is not None and consent_version != inputs.consent_version:
        raise ConsentVersionChanged(inputs.consent_version)
    if not article.is_published or not comments_open(article):
        raise CommentsClosed()
    if invalid_fields is not None:
        raise invalid_fields
    email, (clean_body, body_text) = fields["author_email"], fields["body"]
    parent = _reply_target(article, parent_id)
    if inputs.duplicate:
        raise DuplicateComment()
    _check_flood(last_from_address=inputs.last_from_address, last_from_email=inputs.last_from_email, now=now)

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
        rules=inputs.rules,
        sender=inputs.sender,
    )
    values = {
        "article_id": article.pk,
        "parent_id": parent.pk if parent else None,
        "thread_id": parent.thread_id if parent else None,
        "thread_started_at": parent.thread_started_at if parent else now,
        "depth": parent.depth + 1 if parent else 1,
        "author_name": fields["author_name"],
        "author_email": email,
        "author_url": fields["author_url"],
        "body": clean_body,
        "body_text": body_text,
        "status": decision.status,
        "consent_at": now,
        "consent_version": inputs.consent_version,
        "ip_address": address,
        "user_agent": cleaning.user_agent(user_agent),
        "submitted_at": now,
        "duplicate_key": key,
    }
    reasons = [{"code": reason.code, "detail": reason.detail, "created_at": now} for reason in decision.reasons]
    codes = [reason.code for reason in decision.reasons]
    # The reasons' codes only: details may quote the commenter's own words.
    event = event_values(
        comment_id=None, action=ModerationEvent.Action.STATUS, rule=ModerationEvent.Rule.POLICY,
        to_status=decision.status, note=", ".join(codes), now=now,
    )
    approved = decision.status == Comment.Status.APPROVED
    at_once = _stores_at_once()
    with transaction.atomic() if approved or not at_once else nullcontext():
        comment_id = (_store_at_once if at_once else _store_in_steps)(values, reasons, event)
        if approved:
            approved_set_changed([article.pk])
    comment = Comment(pk=comment_id, **{**values, "thread_id": values["thread_id"] or comment_id})
    if decision.status == Comment.Status.PENDING:
        notifications.comment_held(comment, reasons=codes)
    return comment
