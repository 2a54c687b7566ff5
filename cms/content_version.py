"""The content version: bumped explicitly by every service that changes what readers see.

Cache keys and ETags include ``current()``; so does the time of the next scheduled publication,
so that a scheduled article shows up (and ETags change) the moment it is due, with no job run.

Reading it is one query per request, which costs a cold answer about a tenth of its throughput
and a cached one about a third. Two ways save it:

- On PostgreSQL, a worker whose connection is kept between requests (``DJANGO_CONN_MAX_AGE``)
  LISTENs on the ``cms_content_version`` channel, and a trigger on the version's table NOTIFYs it
  on every change, at commit (migration ``cms.0003``). The state read last on that connection
  then holds until a notification arrives, which is checked on the connection's socket without
  a round trip: exact, with no query. ``DJANGO_CONTENT_VERSION_LISTEN=0`` turns it off (a pooler
  in transaction mode, such as PgBouncer's, does not deliver notifications).
- ``CMS["CONTENT_VERSION_TTL_MS"]`` (``DJANGO_CONTENT_VERSION_TTL_MS``, default 0) lets a process
  reuse the state it read for that long: a change made by another process then shows within that
  time (one made in this process, and a scheduled article going live, still show at once).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
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
    listener = getattr(connections["default"], "_content_listener", None)
    if listener is not None:
        listener.notified()


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


def _holds(state: ContentState) -> bool:
    """Whether a state read earlier may still be used: no scheduled article has gone live since."""
    return state.next_publication_at is None or state.next_publication_at > timezone.now()


def current() -> ContentState:
    """The state readers' caches depend on (one query; a second, once, when a scheduled article goes live;
    none while the state read last is known to hold: see the module's docstring)."""
    global _remembered
    ttl = settings.CMS.get("CONTENT_VERSION_TTL_MS") or 0
    remembered = _remembered
    if ttl and remembered is not None and time.monotonic() < remembered[0] and _holds(remembered[1]):
        return remembered[1]
    listener = _listener()
    if listener is not None:
        state = listener.held()
        if state is not None and _holds(state):
            return state
        generation = listener.generation
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
    if listener is not None:
        listener.hold(state, generation)
    return state


CHANNEL = "cms_content_version"


class Listener:
    """A PostgreSQL connection LISTENing on ``CHANNEL``: the state read on it holds until a
    notification arrives. Notifications come on the connection's socket, so ``held()`` looks
    there (no round trip) and psycopg hands over those it meets while running queries."""

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.state: ContentState | None = None
        self.generation = 0  # moved by every notification: a read that one overtook is not kept
        raw_connection.add_notify_handler(self.notified)

    def notified(self, _notify=None) -> None:
        self.generation += 1
        self.state = None

    def held(self) -> ContentState | None:
        if self.state is not None:
            pgconn = self.raw.pgconn
            try:
                pgconn.consume_input()
                while pgconn.notifies() is not None:
                    self.notified()
            except Exception:  # noqa: BLE001 - a broken connection: read, and let the query say why
                self.state = None
        return self.state

    def hold(self, state: ContentState, generation: int) -> None:
        if generation == self.generation:
            self.state = state


def _listener() -> Listener | None:
    """The default connection's listener, LISTENing first when the connection is new; None where
    notifications cannot be relied on: not PostgreSQL, turned off, a connection closed after each
    request (``CONN_MAX_AGE`` 0), or inside a transaction (notifications wait for its end)."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or connection.in_atomic_block or not settings.CMS.get("CONTENT_VERSION_LISTEN"):
        return None
    if connection.settings_dict.get("CONN_MAX_AGE") == 0:
        return None
    connection.ensure_connection()
    listener = getattr(connection, "_content_listener", None)
    if listener is None or listener.raw is not connection.connection:
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        listener = connection._content_listener = Listener(connection.connection)
    return listener


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

    made: list[VersionMemo] = []  # every memo of the process, for clear_all()

    def __init__(self, limit: int):
        self.limit = limit
        self.state: tuple[str | None, dict] = (None, {})
        VersionMemo.made.append(self)

    @classmethod
    def clear_all(cls) -> None:
        """Empty every memo (tests: rolled-back rows reuse ids under one content version)."""
        for memo in cls.made:
            memo.clear()

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


# Values derived from content (counts, category trees, related picks), for the content state they
# were made under: in this process first, then the shared cache.
_derived = VersionMemo(limit=8192)


def remembered(token: str, cache_key: str, compute, timeout: int):
    """``compute()`` for the content state ``token``, kept in the shared cache under ``cache_key``
    (which must contain ``token``) and in this process: a busy page asks for the same value on
    every request, and a dict look-up costs a fraction of a cache read (a round trip with Redis)."""
    value = _derived.get(token, cache_key)
    if value is None:
        value = cache.get_or_set(cache_key, compute, timeout)
        if value is not None:
            _derived.put_many(token, {cache_key: value})
    return value


def remembered_many(token: str, cache_keys: list[str], compute, timeout: int) -> tuple:
    """``remembered`` for several values that ``compute()`` gives together (in the keys' order)."""
    known = _derived.get_many(token, cache_keys)
    if len(known) < len(cache_keys):
        known = cache.get_many(cache_keys)
        if len(known) < len(cache_keys):
            known = dict(zip(cache_keys, compute()))
            cache.set_many(known, timeout)
        _derived.put_many(token, known)
    return tuple(known[key] for key in cache_keys)
