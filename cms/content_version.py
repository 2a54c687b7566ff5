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
    changed_at: datetime

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
        now = timezone.now()
        next_at = _next_publication_at()
        updated = ContentVersion.objects.filter(id=1).update(value=F("value") + 1, next_publication_at=next_at, changed_at=now)
        if not updated:
            ContentVersion.objects.get_or_create(
                id=1, defaults={"value": 2, "next_publication_at": next_at, "changed_at": now}
            )


def current() -> ContentState:
    """The state readers' caches depend on (one query; a second, once, when a scheduled article goes live)."""
    fields = ("value", "next_publication_at", "changed_at")
    row = ContentVersion.objects.filter(id=1).values_list(*fields).first()
    if row is None or (row[1] is not None and row[1] <= timezone.now()):
        # First use, or a scheduled article has just gone live: the first reader to notice
        # moves the version on, so caches and ETags change with nothing run.
        content_changed()
        row = ContentVersion.objects.filter(id=1).values_list(*fields).get()
    return ContentState(*row)


def for_request(request) -> ContentState:
    """``current()`` once per request: every cache key of one answer uses the same state."""
    state = getattr(request, "_content_state", None)
    if state is None:
        state = current()
        request._content_state = state
    return state
