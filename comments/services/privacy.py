"""Erasure of a commenter's personal data, on request (by e-mail address).

``ERASURE_MODE`` "anonymise": the comments stay, by "مجهول" / "Anonymous", with e-mail, URL,
address and user agent blanked. "delete": the comments go; one that still has replies by
others (or on legal hold) stays as a tombstone, personal fields and body blanked, so the
thread holds. Either way the erased values are also scrubbed from the audit notes, the
held-reason details, the blocked senders (a block becomes a keyed hash: it keeps working), the
admin's log and the idempotency keys of those comments. Comments on legal hold are left as
they are.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import cleaning
from ..models import BlockedSender, Comment, HeldReason, IdempotencyKey, ModerationEvent
from ..pseudonyms import is_pseudonym, pseudonym
from .base import approved_set_changed, events_for

MODES = ("anonymise", "delete")
ANONYMOUS = {"ar": "مجهول", "en": "Anonymous"}
ERASED = "[erased]"


@dataclass(frozen=True)
class ErasureResult:
    anonymised: int = 0
    deleted: int = 0
    tombstoned: int = 0
    on_legal_hold: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def anonymous_name(language: str | None = None) -> str:
    return ANONYMOUS.get(language or settings.LANGUAGE_CODE, ANONYMOUS["ar"])


def normalise_email(email: str) -> str:
    try:
        return cleaning.clean_author_email(email or "")
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None


def _removable(targets: set[int]) -> set[int]:
    """The targets whose whole subtree is targets too (deleting them loses nobody else's reply)."""
    threads = Comment.objects.filter(pk__in=targets).values_list("thread_id", flat=True)
    rows = list(Comment.objects.filter(Q(thread_id__in=threads) | Q(pk__in=targets)).values_list("pk", "parent_id", "depth"))
    children: dict[int, list[int]] = {}
    for pk, parent_id, _depth in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    removable: set[int] = set()
    for pk, _parent, _depth in sorted(rows, key=lambda row: -row[2]):  # replies before their parents
        if pk in targets and all(child in removable for child in children.get(pk, ())):
            removable.add(pk)
    return removable


def _scrub(text: str, values: list[str]) -> str:
    for value in values:
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    return text


def _contains_any(fields: tuple[str, ...], values: list[str]) -> Q:
    q = Q(pk__in=[])
    for field in fields:
        for value in values:
            q |= Q(**{f"{field}__icontains": value})
    return q


def _scrub_records(*, ids: list[int], email: str, own: list[str], distinctive: list[str], addresses: set[str]) -> None:
    """Take the erased values out of every other table. ``own``: every value, scrubbed from the rows
    about these comments; ``distinctive`` (e-mail, addresses, user agents, URLs): scrubbed everywhere."""
    events = ModerationEvent.objects.filter(
        (Q(comment_ref__in=ids) & _contains_any(("note",), own)) | _contains_any(("note",), distinctive)
    )
    events = list(events)
    for event in events:
        event.note = _scrub(event.note, own)[:500]
    ModerationEvent.objects.bulk_update(events, ["note"], batch_size=500)
    reasons = list(HeldReason.objects.filter(Q(comment_id__in=ids) & _contains_any(("detail",), own)))
    for reason in reasons:
        reason.detail = _scrub(reason.detail, own)[:300]
    HeldReason.objects.bulk_update(reasons, ["detail"], batch_size=500)

    blocks = BlockedSender.objects.filter(
        Q(kind=BlockedSender.Kind.EMAIL, value=email) | Q(kind=BlockedSender.Kind.ADDRESS, value__in=addresses)
        | _contains_any(("note",), distinctive)
    )
    for block in blocks:
        if block.kind != BlockedSender.Kind.DOMAIN and not is_pseudonym(block.value) and block.value in {email, *addresses}:
            value = pseudonym(block.value, purpose=f"blocked-{block.kind}")
            BlockedSender.objects.filter(kind=block.kind, value=value).exclude(pk=block.pk).delete()
            block.value = value
        block.note = _scrub(block.note, distinctive)
        block.save(update_fields=["value", "note"])

    comment_type = ContentType.objects.get_for_model(Comment)
    entries = LogEntry.objects.filter(
        _contains_any(("object_repr", "change_message"), distinctive)
        | (Q(content_type=comment_type, object_id__in=[str(pk) for pk in ids]) & _contains_any(("object_repr", "change_message"), own))
    )
    changed = []
    for entry in entries:
        entry.object_repr = _scrub(entry.object_repr, own)[:200]
        entry.change_message = _scrub(entry.change_message, own)
        changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["object_repr", "change_message"], batch_size=500)
    # The stored answers hold only id, status and a message; dropped anyway, nothing ties to them now.
    IdempotencyKey.objects.filter(response_body__id__in=ids).delete()


@transaction.atomic
def personal_data_erase(*, email: str, mode: str | None = None, language: str | None = None, by=None,
                        now: datetime | None = None) -> ErasureResult:
    """Erase what is stored about this e-mail address, by ``mode`` (default ``CMS["ERASURE_MODE"]``).

    ``language`` picks the anonymous name (default: the site's language). Every touched comment
    gets an ``erase`` audit row (user ``by``, else rule ``privacy_request``) holding none of the
    erased values. Counts what was done; comments on legal hold are counted and left alone.
    """
    email = normalise_email(email)
    mode = mode or settings.CMS["ERASURE_MODE"]
    if mode not in MODES:
        raise ValidationError({"mode": _("Must be one of: %(choices)s.") % {"choices": ", ".join(MODES)}})
    now = now or timezone.now()
    rows = list(
        Comment.objects.select_for_update().filter(author_email=email).order_by("pk")
        .values("pk", "article_id", "status", "legal_hold", "author_name", "author_url", "ip_address", "user_agent")
    )
    held = sum(1 for row in rows if row["legal_hold"])
    targets = [row for row in rows if not row["legal_hold"]]
    if not targets:
        return ErasureResult(on_legal_hold=held)
    ids = [row["pk"] for row in targets]
    addresses = {row["ip_address"] for row in targets if row["ip_address"]}
    distinctive = {email, *addresses} | {row[f] for row in targets for f in ("user_agent", "author_url") if row[f]}
    own = distinctive | {row["author_name"] for row in targets if row["author_name"]}
    by_length = lambda values: sorted(values, key=len, reverse=True)  # noqa: E731 - longer values first
    _scrub_records(ids=ids, email=email, own=by_length(own), distinctive=by_length(distinctive), addresses=addresses)

    rule = "" if by else ModerationEvent.Rule.PRIVACY_REQUEST
    blank = {"author_email": "", "duplicate_key": "", "author_url": "", "ip_address": None, "user_agent": "", "erased_at": now}
    approved_articles = {row["article_id"] for row in targets if row["status"] == Comment.Status.APPROVED}
    if mode == "anonymise":
        events_for(ids, action=ModerationEvent.Action.ERASE, by=by, rule=rule, note="anonymised", now=now)
        Comment.objects.filter(pk__in=ids).update(author_name=anonymous_name(language), erasure=Comment.Erasure.ANONYMISED, **blank)
        result = ErasureResult(anonymised=len(ids), on_legal_hold=held)
    else:
        removable = _removable(set(ids))
        tombstones = [pk for pk in ids if pk not in removable]
        events_for(tombstones, action=ModerationEvent.Action.ERASE, by=by, rule=rule, note="deleted (kept as a tombstone for its replies)", now=now)
        events_for(sorted(removable), action=ModerationEvent.Action.ERASE, by=by, rule=rule, note="deleted", now=now)
        Comment.objects.filter(pk__in=tombstones).update(
            author_name="", body="", body_text="", erasure=Comment.Erasure.DELETED, **blank
        )
        Comment.objects.filter(pk__in=removable).delete()
        result = ErasureResult(deleted=len(removable), tombstoned=len(tombstones), on_legal_hold=held)
    if approved_articles:
        approved_set_changed(approved_articles)  # names, bodies or whole comments changed in the public listing
    return result
