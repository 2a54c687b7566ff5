"""E-mail to moderators when a comment waits for them: held at submission, or flagged by readers.

Sent with Django's e-mail framework after the transaction commits (``on_commit``, robust: a
failing mail server is logged, never undoes or fails the request), and only when
``CMS["MODERATION_NOTIFY"]`` is on. Recipients are ``CMS["MODERATION_NOTIFY_EMAILS"]`` when
set, else the active members of the Moderators group who have an e-mail address; the
commenter's own address is always left out, and the message carries no personal data of the
commenter (no name, e-mail, address or user agent).

A burst of held comments (a breaking story) must not become a burst of e-mails: at most one
message per ``CMS["MODERATION_NOTIFY_INTERVAL"]`` seconds (0: one per comment) for held comments,
and one for flagged ones, counted in the shared cache so every worker agrees. The message names
the comment that sent it and how many comments wait in the queue, which covers the ones held
after it; a submission that sends nothing costs one cache operation and no query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cms.roles import MODERATORS

logger = logging.getLogger(__name__)
EXCERPT_LENGTH = 300


def recipients(*, exclude: str = "") -> list[str]:
    configured = settings.CMS["MODERATION_NOTIFY_EMAILS"]
    if configured:
        addresses = list(configured)
    else:
        users = get_user_model().objects.filter(is_active=True, groups__name=MODERATORS).exclude(email="")
        addresses = list(users.values_list("email", flat=True).distinct())
    excluded = exclude.strip().lower()
    return sorted({address for address in addresses if address.strip().lower() != excluded})


def comment_held(comment, *, reasons: Iterable[str]) -> None:
    """Queue the message for after commit; nothing when notifications are off."""
    if not settings.CMS["MODERATION_NOTIFY"]:
        return
    transaction.on_commit(partial(_send, comment.pk, tuple(reasons)), robust=True)


def _claim_slot(flagged: bool) -> bool:
    """Whether this worker may send now: the first claim of the interval wins (``cache.add`` is atomic)."""
    interval = settings.CMS.get("MODERATION_NOTIFY_INTERVAL") or 0
    if interval <= 0:
        return True
    return cache.add(f"cms:notify:{'flagged' if flagged else 'held'}", 1, interval)


def _send(comment_id: int, reasons: tuple[str, ...]) -> None:
    from .models import Comment

    flagged = "flagged" in reasons
    if not _claim_slot(flagged):
        return  # a message went out less than an interval ago; the queue shows this comment too
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return
    to = recipients(exclude=comment.author_email)
    if not to:
        logger.info("No moderator address to notify about comment #%s", comment_id)
        return
    template = _("Comment #%(id)s flagged by readers") if flagged else _("Comment #%(id)s awaits moderation")
    waiting = Comment.objects.pending().count()
    body = "\n".join([
        _("Article: %(title)s") % {"title": comment.article.title},
        _("Reasons: %(reasons)s") % {"reasons": ", ".join(reasons) or "-"},
        _("Comments waiting for moderation: %(count)d") % {"count": waiting},
        "",
        Truncator(comment.body_text).chars(EXCERPT_LENGTH),
        "",
        _("Review it: %(path)s") % {"path": reverse("admin:comments_comment_change", args=[comment.pk])},
    ])
    send_mail(f"[{_('Comments')}] " + template % {"id": comment.pk}, body, settings.DEFAULT_FROM_EMAIL, to)
