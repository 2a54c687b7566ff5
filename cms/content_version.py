"""The content version: bumped explicitly by every service that changes what readers see.

Cache keys and ETags include ``current()``; so does the time of the next scheduled publication,
so that a scheduled article shows up (and ETags change) the moment it is due, with no job run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion


@dataclass(frozen=True)
class ContentState:
    value: int
    next_publication_at: datetime | None

    @property
    def token(self) -> str:
        """A short string for cache keys and ETags."""
        nxt = int(self.next_publication_at.timestamp()) if self.next_publication_at else 0
        return f"{self.value}.{nxt}"


def _next_publication_at():
    from articles.models import Article

    return Article.objects.next_publication_at()


def content_changed() -> None:
    """Bump the version and recompute the next scheduled publication. Call inside the write's transaction."""
    with transaction.atomic():
        updated = ContentVersion.objects.filter(id=1).update(
            value=F("value") + 1, next_publication_at=_next_publication_at()
        )
        if not updated:
            ContentVersion.objects.get_or_create(id=1, defaults={"value": 2, "next_publication_at": _next_publication_at()})


def current() -> ContentState:
    """The state readers' caches depend on (one query; a second, once, when a scheduled article goes live)."""
    row = ContentVersion.objects.filter(id=1).values_list("value", "next_publication_at").first()
    if row is None:
        content_changed()
        row = ContentVersion.objects.filter(id=1).values_list("value", "next_publication_at").get()
    value, next_at = row
    if next_at is not None and next_at <= timezone.now():
        # A scheduled article has just gone live: the first reader to notice moves the version on.
        content_changed()
        value, next_at = ContentVersion.objects.filter(id=1).values_list("value", "next_publication_at").get()
    return ContentState(value=value, next_publication_at=next_at)
