"""Readers' comments, the reasons one was held, the moderation settings and blocked senders.

Every write goes through ``comments.services``; nothing here has side effects in ``save()``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import CommentManager

NAME_MAX_LENGTH = 100
URL_MAX_LENGTH = 200
USER_AGENT_MAX_LENGTH = 500


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level comment), so that a page of
    # threads loads with one ``thread_id IN (...)`` query.
    thread = models.ForeignKey(
        "self", verbose_name=_("thread"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
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

    objects = CommentManager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            # The public listing: approved threads of an article, oldest first, and their replies.
            models.Index(fields=["article", "status", "thread", "submitted_at"], name="comment_listing_idx"),
            # Known commenters, duplicates and the per-e-mail flood interval.
            models.Index(fields=["author_email", "status"], name="comment_email_status_idx"),
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


class ModerationSettings(models.Model):
    """The one row of moderation settings (``load()``), with WordPress-like defaults."""

    max_links = models.PositiveSmallIntegerField(
        _("links allowed"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Hold a comment with more links than this (0 holds any link; empty: no limit)."),
    )
    moderation_words = models.TextField(
        _("moderation words"), blank=True, help_text=_("One word or phrase per line: a comment containing one is held.")
    )
    disallowed_words = models.TextField(
        _("disallowed words"), blank=True, help_text=_("One word or phrase per line: a comment containing one is spam.")
    )
    hold_first_time_commenters = models.BooleanField(
        _("hold first-time commenters"),
        default=True,
        help_text=_("Hold a comment unless its e-mail address already has an approved comment."),
    )
    premoderate_all = models.BooleanField(_("pre-moderate every comment"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="moderationsettings_single_row")]

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    @classmethod
    def load(cls) -> "ModerationSettings":
        obj, _created = cls.objects.get_or_create(id=1)
        return obj


class BlockedSender(models.Model):
    """An e-mail address, an e-mail domain (and its subdomains) or a client address whose comments are held or rejected."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail address")
        DOMAIN = "domain", _("E-mail domain")
        ADDRESS = "address", _("IP address")

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        REJECT = "reject", _("Reject")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices, default=Action.HOLD)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="blockedsender_unique_value")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        """Normalise the value (lower case, canonical address) and check it fits its kind."""
        value = (self.value or "").strip().lower()
        if self.kind == self.Kind.EMAIL:
            validate_email(value)
        elif self.kind == self.Kind.DOMAIN:
            value = value.lstrip("@").rstrip(".")
            if not value or "@" in value or any(ch.isspace() for ch in value) or "." not in value:
                raise ValidationError({"value": _("Enter a domain such as example.com.")})
        elif self.kind == self.Kind.ADDRESS:
            try:
                value = str(ipaddress.ip_address(value))
            except ValueError:
                raise ValidationError({"value": _("Enter a valid IPv4 or IPv6 address.")}) from None
        self.value = value


class IdempotencyKey(models.Model):
    """The first successful answer to a submission, replayed for retries carrying the same key.

    Only a SHA-256 of the client's key is stored; the answer holds no personal data (id, status,
    message). Rows past ``expires_at`` are ignored and may be purged at any time.
    """

    key_hash = models.CharField(max_length=64, unique=True)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"idempotency key {self.key_hash[:12]}…"
