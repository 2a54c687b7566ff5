"""Everything stored about an e-mail address, as one JSON-ready document (access requests).

Used by ``manage.py export_personal_data``, the admin action and the moderation API. Readers'
reports are stored with a keyed hash of the reporter's address and no e-mail, so reports a
person made cannot be found by their e-mail; reports about their comments are included
(reason and time, never the reporters).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import BlockedSender, Comment
from .pseudonyms import pseudonym
from .queue import iso, private_fields
from .services.privacy import normalise_email

NOT_INCLUDED = [
    "Reports this person made: stored with a keyed hash of the reporter's address only, not linked to an e-mail.",
    "Web server and proxy logs outside this application.",
]


def _event(event) -> dict:
    # Moderators are named by role only: their user names are their own personal data.
    return {
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "by": "moderator" if event.actor_id else event.actor_rule,
        "note": event.note,
        "created_at": iso(event.created_at),
    }


def _comment(comment: Comment) -> dict:
    return {
        **private_fields(comment),
        "held_reasons": [
            {"code": reason.code, "detail": reason.detail, "created_at": iso(reason.created_at)}
            for reason in comment.held_reasons.all()
        ],
        "moderation_log": [_event(event) for event in comment.events.all()],
        "reports_received": [{"reason": report.reason, "created_at": iso(report.created_at)} for report in comment.reports.all()],
    }


def personal_data_export(*, email: str) -> dict:
    """The document for one address (normalised like a submission; ValidationError when invalid)."""
    email = normalise_email(email)
    comments = list(
        Comment.objects.filter(author_email=email)
        .select_related("article")
        .prefetch_related("held_reasons", "events", "reports")
        .order_by("submitted_at", "pk")
    )
    addresses = sorted({comment.ip_address for comment in comments if comment.ip_address})
    blocks = BlockedSender.objects.filter(
        Q(kind=BlockedSender.Kind.EMAIL, value__in=[email, pseudonym(email, purpose="blocked-email")])
        | Q(kind=BlockedSender.Kind.DOMAIN, value=email.rpartition("@")[2])
        | Q(kind=BlockedSender.Kind.ADDRESS, value__in=addresses + [pseudonym(a, purpose="blocked-address") for a in addresses])
    )
    return {
        "email": email,
        "generated_at": iso(timezone.now()),
        "comments": [_comment(comment) for comment in comments],
        "blocked_sender_rules": [
            {"kind": block.kind, "value": block.value, "action": block.action, "created_at": iso(block.created_at)}
            for block in blocks
        ],
        "not_included": NOT_INCLUDED,
    }
