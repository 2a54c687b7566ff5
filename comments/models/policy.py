"""What the moderation policy reads: the one settings row and the blocked senders."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    """An e-mail address, an e-mail domain (and its subdomains) or a client address whose comments are held or rejected.

    When the owner of a blocked e-mail or address has their data erased, ``value`` becomes
    ``hmac:<keyed hash>`` (``comments.pseudonyms``): the block keeps working, the value is gone.
    """

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
        if self.is_pseudonymised:
            self.value = value
            return
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

    @property
    def is_pseudonymised(self) -> bool:
        from ..pseudonyms import is_pseudonym

        return is_pseudonym(self.value or "")
