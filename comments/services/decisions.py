"""Moderators' writes: status decisions (one or many), edits, deletes, legal hold, blocking a sender.

Every status change goes through ``set_status`` (one comment) or ``comments_decide`` (many):
conditional UPDATEs, so two moderators deciding at once cannot both win, each with its audit
row in the same transaction. When the set of approved comments changes, the articles are
recounted and the content version is bumped, explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.content_version import content_changed

from .. import cleaning
from ..models import BlockedSender, Comment, ModerationEvent
from .base import StatusChanged, approved_set_changed, clean_note, events_for, record_event

Status = Comment.Status
Action = ModerationEvent.Action
DECISIONS = {"approve": Status.APPROVED, "reject": Status.REJECTED, "spam": Status.SPAM}


def set_status(*, comment: Comment, status: str, by=None, rule: str = "", note: str = "",
               expected_status: str | None = None, now: datetime | None = None) -> Comment:
    """Move one comment to ``status`` if it is still in ``expected_status`` (default: the status it was read with).

    Raises StatusChanged with the current status (None: deleted) and changes nothing otherwise.
    Call inside a transaction.
    """
    expected = expected_status or comment.status
    if expected == status and comment.status == status:
        return comment
    note = clean_note(note)
    now = now or timezone.now()
    updated = Comment.objects.filter(pk=comment.pk, status=expected).update(status=status, moderated_at=now, moderated_by=by)
    if not updated:
        raise StatusChanged(Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first())
    record_event(comment=comment, action=Action.STATUS, by=by, rule=rule, note=note, from_status=expected, to_status=status, now=now)
    comment.status, comment.moderated_at, comment.moderated_by = status, now, by
    if Status.APPROVED in (expected, status):
        approved_set_changed([comment.article_id])
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, by=None, expected_status: str | None = None, note: str = "") -> Comment:
    """Publish a comment: it shows in the listing and counts in ``comment_count``."""
    return set_status(comment=comment, status=Status.APPROVED, by=by, expected_status=expected_status, note=note)


@transaction.atomic
def comment_reject(*, comment: Comment, by=None, expected_status: str | None = None, note: str = "") -> Comment:
    return set_status(comment=comment, status=Status.REJECTED, by=by, expected_status=expected_status, note=note)


@transaction.atomic
def comment_mark_spam(*, comment: Comment, by=None, expected_status: str | None = None, note: str = "") -> Comment:
    return set_status(comment=comment, status=Status.SPAM, by=by, expected_status=expected_status, note=note)


@dataclass(frozen=True)
class Outcome:
    """What became of one id in a bulk decision: its new status, or why not."""

    id: int
    status: str | None = None
    error: str | None = None  # "not_found" or "status_changed"
    current_status: str | None = None

    def as_dict(self) -> dict:
        if self.error is None:
            return {"id": self.id, "status": self.status}
        if self.error == "status_changed":
            return {"id": self.id, "error": self.error, "current_status": self.current_status}
        return {"id": self.id, "error": self.error}


@transaction.atomic
def comments_decide(*, ids: Iterable[int], status: str, by=None, expected_status: str | None = Status.PENDING,
                    note: str = "", now: datetime | None = None) -> list[Outcome]:
    """Move many comments to ``status``, each only if it is still in ``expected_status`` (None: whatever it is).

    Answers per id, in the order given (repeats dropped). A fixed number of queries whatever the
    number of comments: the rows read and locked (``SELECT ... FOR UPDATE``, by id, so two bulk
    decisions cannot deadlock), one INSERT ... SELECT of audit rows, one UPDATE, and when the
    approved set changes one recount of the affected articles and one content-version bump.
    """
    if status not in Status.values or (expected_status is not None and expected_status not in Status.values):
        raise ValueError(f"unknown status: {status!r} / {expected_status!r}")
    note = clean_note(note)
    now = now or timezone.now()
    ids = list(dict.fromkeys(ids))
    rows = Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "article_id", "status")
    current = {pk: (article_id, current_status) for pk, article_id, current_status in rows}
    changing = [
        pk for pk, (_article, current_status) in current.items()
        if current_status != status and expected_status in (None, current_status)
    ]
    if changing:
        events_for(changing, action=Action.STATUS, by=by, note=note, to_status=status, now=now)
        # The status condition repeats what the lock guarantees (SQLite has no FOR UPDATE: its
        # write transactions are serialised at BEGIN instead).
        conditional = Comment.objects.filter(pk__in=changing)
        if expected_status is not None:
            conditional = conditional.filter(status=expected_status)
        conditional.update(status=status, moderated_at=now, moderated_by=by)
        recount = {current[pk][0] for pk in changing if Status.APPROVED in (status, current[pk][1])}
        if recount:
            approved_set_changed(recount)
    # Already in the target status and expected to be: nothing to do, and not a conflict.
    unchanged = {
        pk for pk, (_article, current_status) in current.items() if current_status == status and expected_status in (None, status)
    }
    done = unchanged.union(changing)
    outcomes = []
    for pk in ids:
        if pk not in current:
            outcomes.append(Outcome(pk, error="not_found"))
        elif pk in done:
            outcomes.append(Outcome(pk, status=status))
        else:
            outcomes.append(Outcome(pk, error="status_changed", current_status=current[pk][1]))
    return outcomes


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by=None, note: str = "") -> Comment:
    """Replace a comment's body (a moderator's edit), sanitised and limited like a submission; audited."""
    note = clean_note(note)
    try:
        comment.body, comment.body_text = cleaning.sanitise_body(body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.error_list}) from exc
    comment.save(update_fields=["body", "body_text"])
    record_event(comment=comment, action=Action.EDIT, by=by, note=note, from_status=comment.status, to_status=comment.status,
                 now=timezone.now())
    if comment.status == Status.APPROVED:
        content_changed()
    return comment


@transaction.atomic
def comments_delete(*, comments: Iterable[Comment], by=None, rule: str = "", note: str = "") -> int:
    """Delete comments (with their replies) and recount their articles; a ``delete`` audit row each.

    The audit rows outlive the comments (``comment`` becomes NULL, ``comment_ref`` keeps the id).
    """
    note = clean_note(note)
    comments = list(comments)
    ids = [comment.pk for comment in comments]
    article_ids = {comment.article_id for comment in comments}
    events_for(ids, action=Action.DELETE, by=by, rule=rule, note=note, now=timezone.now())
    count, _per_model = Comment.objects.filter(pk__in=ids).delete()
    if article_ids:
        approved_set_changed(article_ids)
    return count


@transaction.atomic
def comment_set_legal_hold(*, comment: Comment, legal_hold: bool, by=None, note: str = "") -> Comment:
    """Put a comment on legal hold (out of erasure and retention) or lift it; audited when it changes.

    Decided on the stored value, not the instance's (a form may already have set it).
    """
    note = clean_note(note)
    updated = Comment.objects.filter(pk=comment.pk, legal_hold=not legal_hold).update(legal_hold=legal_hold)
    comment.legal_hold = legal_hold
    if updated:
        label = str(_("Legal hold placed") if legal_hold else _("Legal hold lifted"))
        record_event(comment=comment, action=Action.LEGAL_HOLD, by=by, note=f"{label}. {note}" if note else label,
                     from_status=comment.status, to_status=comment.status, now=timezone.now())
    return comment


@transaction.atomic
def blocked_sender_add(*, comment: Comment, kind: str, action: str = BlockedSender.Action.HOLD, by=None) -> BlockedSender:
    """Block this comment's e-mail address, e-mail domain or client address (or change the action of an existing block).

    The block's note names the comment, never the value: the value is personal data already on it.
    """
    if kind == BlockedSender.Kind.EMAIL:
        value = comment.author_email
    elif kind == BlockedSender.Kind.DOMAIN:
        value = comment.author_email.rpartition("@")[2]
    elif kind == BlockedSender.Kind.ADDRESS:
        value = comment.ip_address or ""
    else:
        raise ValidationError({"kind": _("Choose e-mail, domain or address.")})
    if not value:
        raise ValidationError({"kind": _("This comment has no such value any more (it was erased or purged).")})
    if action not in BlockedSender.Action.values:
        raise ValidationError({"action": _("Choose hold or reject.")})
    block = BlockedSender(kind=kind, value=value, action=action, note=_("From comment #%(id)s") % {"id": comment.pk})
    block.clean()
    existing = BlockedSender.objects.filter(kind=block.kind, value=block.value).first()
    if existing is not None:
        if existing.action != action:
            existing.action = action
            existing.save(update_fields=["action"])
        return existing
    block.save()
    return block
