"""Writes to site-level content: pages and site settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .content_version import content_changed
from .models import Page, SiteSettings
from .sanitize import HtmlTooComplex, clean_article_html
from .slugs import unique_slug

LANGS = ("ar", "en")


def page_sanitize(page: Page) -> None:
    """Sanitise each language's body with the editors' cleaner; too large or complex is a ValidationError."""
    for lang in LANGS:
        field = f"body_{lang}"
        raw = getattr(page, field) or ""
        try:
            setattr(page, field, clean_article_html(raw) if raw else raw)
        except HtmlTooComplex as exc:
            raise ValidationError({field: str(exc)}, code=exc.code) from exc


@transaction.atomic
def page_save(*, page: Page) -> Page:
    """Sanitise each language's body with the editors' cleaner, fill the slug, save."""
    page_sanitize(page)
    if not page.slug:
        page.slug = unique_slug(Page, page.title_ar or page.title_en or "", exclude_pk=page.pk)
    page.full_clean()
    page.save()
    content_changed()
    return page


@transaction.atomic
def site_settings_save(*, site_settings: SiteSettings) -> SiteSettings:
    """Save the one settings row; the consent version goes up whenever the consent text changes."""
    site_settings.pk = 1
    previous = SiteSettings.objects.select_for_update().filter(pk=1).first()
    if previous is not None:
        changed = any(
            (getattr(previous, f"comment_consent_text_{lang}") or "") != (getattr(site_settings, f"comment_consent_text_{lang}") or "")
            for lang in LANGS
        )
        site_settings.comment_consent_version = previous.comment_consent_version + (1 if changed else 0)
    site_settings.save()
    content_changed()
    return site_settings
