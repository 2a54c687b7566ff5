"""Readers' comments and the reasons one was held.

Every write goes through ``comments.services``; nothing here has side effects in ``save()``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import CommentManager

NAME_MAX_LENGTH = 100
URL_MAX_LENGTH = 200
USER_AGENT_MAX_LENGTH = 500


def duplicate_key(article_id: int, email: str, body: str) -> str:
    """What the duplicate check looks up: this article, e-mail address and (sanitised) body, hashed."""
    return hashlib.blake2b(f"{article_id}\x00{email}\x00{body}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    class Erasure(models.TextChoices):
        NONE = "", _("Not erased")
        ANONYMISED = "anonymised", _("Anonymised")
        # A tombstone: kept (with its status) only so that its replies keep their thread.
        DELETED = "deleted", _("Deleted")

    # No index of its own: comment_page_idx (and comment_roots_idx) start with the article.
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level comment).
    thread = models.ForeignKey(
        "self", verbose_name=_("thread"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # When the thread began (its top-level comment's ``submitted_at``), on every comment of it: the
    # threads' order is then in each row, and a page of threads is one range of comment_page_idx,
    # in the listing's order, with no look-up per thread. Set once, when the row is stored.
    thread_started_at = models.DateTimeField(_("thread started"), editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False, help_text=_("1 for a top-level comment."))
    author_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    author_email = models.EmailField(_("e-mail"), help_text=_("Private: never shown to readers."))
    author_url = models.URLField(_("website"), max_length=URL_MAX_LENGTH, blank=True)
    body = models.TextField(_("body"), help_text=_("HTML; sanitised whenever it is saved."))
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    consent_at = models.DateTimeField(_("consent given"))
    consent_version = models.PositiveIntegerField(_("consent text version"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Kept out of erasure and retention (e.g. evidence for a court) until lifted."),
    )
    erasure = models.CharField(_("erased"), max_length=16, choices=Erasure.choices, blank=True, default=Erasure.NONE, editable=False)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # ``duplicate_key(article, e-mail, body)``, cleared with the e-mail address. The duplicate check
    # is then one lookup in an index no other query shares: by (article, e-mail), PostgreSQL with
    # statistics from before a breaking story's burst of comments took the article's listing index
    # instead and read every comment of the story on each submission.
    duplicate_key = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = CommentManager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            # The public listing: a page of an article's approved threads (oldest first), each
            # comment after its parent, in this order; and the approved comments counted per article.
            models.Index(
                fields=["article", "status", "thread_started_at", "thread", "depth", "submitted_at", "id"], name="comment_page_idx"
            ),
            # The page of threads (top-level comments, oldest first) and their count, from the index
            # alone. Partial: with "parent IS NULL" as a column, PostgreSQL read and sorted all of a
            # story's threads for each page (IS NULL does not fix a column's order as = does).
            models.Index(fields=["article", "status", "submitted_at", "id"], condition=Q(parent__isnull=True), name="comment_roots_idx"),
            # Known commenters and the per-e-mail flood interval.
            models.Index(fields=["author_email", "status"], name="comment_email_status_idx"),
            # The duplicate check of every submission (duplicate_key).
            models.Index(fields=["duplicate_key"], name="comment_duplicate_key_idx"),
            # The per-address flood interval.
            models.Index(fields=["ip_address", "submitted_at"], name="comment_address_idx"),
            models.Index(fields=["status", "submitted_at"], name="comment_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="comment_not_own_parent"),
        ]

    def __str__(self) -> str:
        # No personal data: this string ends up in the admin's log and in messages.
        return f"Comment #{self.pk} on article {self.article_id}"


class HeldReason(models.Model):
    """Why the policy (or, later, a reader report or retention) held a comment; one row per reason."""

    class Code(models.TextChoices):
        TOO_MANY_LINKS = "too_many_links", _("Too many links")
        MODERATION_WORD = "moderation_word", _("Moderation word")
        DISALLOWED_WORD = "disallowed_word", _("Disallowed word")
        FIRST_TIME_COMMENTER = "first_time_commenter", _("First-time commenter")
        PREMODERATION = "premoderation", _("Pre-moderation")
        BLOCKED_SENDER = "blocked_sender", _("Blocked sender")
        HONEYPOT = "honeypot", _("Honeypot filled")
        FLAGGED = "flagged", _("Flagged by readers")
        EXPIRED = "expired", _("Expired unreviewed")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="held_reasons")
    code = models.CharField(_("reason"), max_length=32, choices=Code.choices, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("held reason")
        verbose_name_plural = _("held reasons")

    def __str__(self) -> str:
        return f"{self.code} (comment #{self.comment_id})"
