"""Records kept around comments: idempotency keys, the moderation audit log and readers' reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .comment import Comment


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


class ModerationEvent(models.Model):
    """One line of the audit log: a status change, an edit, a legal-hold change, an erasure or a deletion.

    Written by the services only, in the same transaction as the change. The actor is a user or,
    when a rule acted, ``actor_rule``. ``comment_ref`` keeps the comment's id after the comment
    is deleted (``comment`` becomes NULL). Never holds the commenter's personal data: notes
    are the moderator's words, and erasure scrubs the erased values out of them.
    """

    class Action(models.TextChoices):
        STATUS = "status", _("Status change")
        EDIT = "edit", _("Body edited")
        LEGAL_HOLD = "legal_hold", _("Legal hold changed")
        ERASE = "erase", _("Personal data erased")
        DELETE = "delete", _("Deleted")

    class Rule(models.TextChoices):
        POLICY = "policy", _("Moderation policy at submission")
        REPORTS = "reports", _("Readers' reports")
        RETENTION = "retention", _("Retention")
        PRIVACY_REQUEST = "privacy_request", _("Privacy request (command line)")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    comment_ref = models.PositiveBigIntegerField(_("comment id"), db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices, default=Action.STATUS)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_rule = models.CharField(_("by rule"), max_length=16, choices=Rule.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.action} on comment #{self.comment_ref}"

    @property
    def actor_label(self) -> str:
        """The user's name, or the rule that acted."""
        if self.actor_id:
            return self.actor.get_username() if self.actor else ""
        return self.actor_rule


class CommentReport(models.Model):
    """A reader's report on a published comment. Reporters are anonymous and never shown.

    ``reporter_hash`` is an HMAC-SHA256 (keyed with SECRET_KEY) of the reporter's address: enough
    to take one report per address and comment, useless without the key, and still blanked
    after RETENTION_ADDRESS_DAYS like any address.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse")
        OFF_TOPIC = "off_topic", _("Off topic")
        ILLEGAL = "illegal", _("Illegal content")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    reporter_hash = models.CharField(_("reporter (keyed hash)"), max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # NULL hashes (no address, or blanked by retention) never collide.
            models.UniqueConstraint(fields=["comment", "reporter_hash"], name="commentreport_one_per_address"),
        ]
        indexes = [models.Index(fields=["comment", "created_at"], name="commentreport_comment_idx")]

    def __str__(self) -> str:
        return f"{self.reason} report on comment #{self.comment_id}"
