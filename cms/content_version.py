"""The content version: bumped explicitly by every service that changes what readers see.

Cache keys and ETags include ``current()``; so does the time of the next scheduled publication,
so that a scheduled article shows up (and ETags change) the moment it is due, with no job run.

``CMS["CONTENT_VERSION_TTL_MS"]`` (``DJANGO_CONTENT_VERSION_TTL_MS``, default 0) lets a process
reuse the state it read for that long instead of reading it on every request: a change made by
another process then shows within that time (a change made in this process, and a scheduled
article going live, still show at once). One read per request costs a cached answer about a
sixth of its throughput (see README, "Performance"), which is what the setting buys back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion
from .prepared import Prepared


@dataclass(frozen=True)
class ContentState:
    value: int
    next_publication_at: datetime | None
    changed_at: datetime

    @cached_property
    def token(self) -> str:
        """A short string for cache keys and ETags."""
        nxt = int(self.next_publication_at.timestamp()) if self.next_publication_at else 0
        return f"{self.value}.{nxt}"


def _next_publication_at():
    from articles.models import Article

    return Article.objects.next_publication_at()


# The state this process read last, and until when (monotonic clock) it may be reused.
_remembered: tuple[float, ContentState] | None = None


def _forget() -> None:
    global _remembered
    _remembered = None


def content_changed() -> None:
    """Bump the version and recompute the next scheduled publication. Call inside the write's transaction."""
    _forget()
    transaction.on_commit(_forget)
    with transaction.atomic():
        now = timezone.now()
        next_at = _next_publication_at()
        updated = ContentVersion.objects.filter(id=1).update(value=F("value") + 1, next_publication_at=next_at, changed_at=now)
        if not updated:
            ContentVersion.objects.get_or_create(
                id=1, defaults={"value": 2, "next_publication_at": next_at, "changed_at": now}
            )


# Read on every API request (cache keys, ETags): compiled once (cms.prepared).
_STATE = Prepared(lambda m: ContentVersion.objects.filter(id=1).values_list("value", "next_publication_at", "changed_at"))


def current() -> ContentState:
    """The state readers' caches depend on (one query; a second, once, when a scheduled article goes live;
    none while a state read less than ``CONTENT_VERSION_TTL_MS`` ago may be reused)."""
    global _remembered
    ttl = settings.CMS.get("CONTENT_VERSION_TTL_MS") or 0
    remembered = _remembered
    if ttl and remembered is not None and time.monotonic() < remembered[0]:
        state = remembered[1]
        if state.next_publication_at is None or state.next_publication_at > timezone.now():
            return state
    rows = _STATE.tuples()
    row = rows[0] if rows else None
    if row is None or (row[1] is not None and row[1] <= timezone.now()):
        # First use, or a scheduled article has just gone live: the first reader to notice
        # moves the version on, so caches and ETags change with nothing run.
        content_changed()
        row = _STATE.tuples()[0]
    state = ContentState(*row)
    if ttl:
        _remembered = (time.monotonic() + ttl / 1000, state)
    return state


def for_request(request) -> ContentState:
    """``current()`` once per request: every cache key of one answer uses the same state."""
    state = getattr(request, "_content_state", None)
    if state is None:
        state = current()
        request._content_state = state
    return state


class VersionMemo:
    """A per-process dict whose entries hold for one content state (a ``token``), then all go.

    For data derived from content that every change moves the version of: an entry read under a
    token is right for as long as that token is current. The dict is replaced whole when the token
    changes (readers never mix states) and when it is full (bounded).
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.state: tuple[str | None, dict] = (None, {})

    def get(self, token: str, key):
        held, entries = self.state
        return entries.get(key) if held == token else None

    def get_many(self, token: str, keys) -> dict:
        held, entries = self.state
        if held != token:
            return {}
        return {key: entries[key] for key in keys if key in entries}

    def put_many(self, token: str, items: dict) -> None:
        held, entries = self.state
        if held != token or len(entries) + len(items) > self.limit:
            entries = {}
            self.state = (token, entries)
        entries.update(items)

    def clear(self) -> None:
        self.state = (None, {})
