"""Site-level content: static pages and the one row of site settings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SLUG_MAX_LENGTH = 200


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(self.published_q())

    @staticmethod
    def published_q(prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": Page.Status.PUBLISHED})


class Page(models.Model):
    """A static page such as the privacy & cookies policy."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; sanitised whenever it is saved."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title


class SiteSettings(models.Model):
    """One row, edited in the admin (``SiteSettings.load()`` returns it, creating it if needed)."""

    name = models.CharField(_("site name"), max_length=150, default="فرات بوست")
    tagline = models.CharField(_("tagline"), max_length=300, blank=True, default="أخبار ومتابعات")
    cookie_notice = models.TextField(_("cookie notice"), blank=True)
    cookie_policy_page = models.ForeignKey(
        Page,
        verbose_name=_("cookie policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment_consent_text = models.TextField(_("comment consent text"), blank=True)
    comment_consent_version = models.PositiveIntegerField(
        _("comment consent version"),
        default=1,
        editable=False,
        help_text=_("Goes up by itself whenever the consent text changes."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sitesettings_single_row")]

    def __str__(self) -> str:
        return str(_("Site settings"))

    @classmethod
    def load(cls) -> "SiteSettings":
        obj, _created = cls.objects.get_or_create(id=1)
        return obj


class ContentVersion(models.Model):
    """A counter that services bump on every content change; part of cache keys and ETags.

    Kept in the database, not the cache, so that several workers with a process-local cache
    still agree on it. ``next_publication_at`` is when the next scheduled article goes live.
    """

    value = models.PositiveBigIntegerField(default=1)
    next_publication_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="contentversion_single_row")]

    def __str__(self) -> str:
        return f"content v{self.value}"
