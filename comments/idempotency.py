"""``Idempotency-Key``: a retry of a submission returns the first answer and creates nothing.

Only successful answers (2xx) are stored: an error created nothing, so a retry is simply run
again (and a corrected retry with the same key goes through). Requests without consent never
reach this module, so nothing is stored for them. Keys are kept as SHA-256 hashes for
``IDEMPOTENCY_KEY_TTL_HOURS`` (0 turns the feature off); expired rows are ignored and replaced,
and ``purge_expired`` deletes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyKey

KEY_MAX_LENGTH = 255


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    replayed: bool = False


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def valid_key(key: str) -> bool:
    """1 to 255 visible ASCII characters (a UUID is the usual choice)."""
    return 0 < len(key) <= KEY_MAX_LENGTH and key.isascii() and key.isprintable()


def _ttl() -> timedelta | None:
    hours = settings.CMS["IDEMPOTENCY_KEY_TTL_HOURS"]
    return timedelta(hours=hours) if hours else None


def lookup(key: str) -> Answer | None:
    """The stored, unexpired answer for this key."""
    row = (
        IdempotencyKey.objects.filter(key_hash=key_hash(key), expires_at__gt=timezone.now())
        .values_list("response_status", "response_body")
        .first()
    )
    return Answer(status=row[0], body=row[1], replayed=True) if row else None


def run_once(*, key: str | None, run: Callable[[], tuple[int, dict]]) -> Answer:
    """Answer with the stored response for ``key``, else ``run()`` and store its answer if it succeeded.

    ``run`` and the key's row commit together: when two requests with one key race, the second
    one's insert fails on the unique hash, its work is rolled back, and it answers with the first.
    Exceptions from ``run`` (errors) pass through and store nothing.
    """
    ttl = _ttl()
    if not key or ttl is None:
        status, body = run()
        return Answer(status, body)
    if stored := lookup(key):
        return stored
    digest = key_hash(key)
    try:
        with transaction.atomic():
            status, body = run()
            if 200 <= status < 300:
                now = timezone.now()
                IdempotencyKey.objects.filter(key_hash=digest, expires_at__lte=now).delete()
                IdempotencyKey.objects.create(
                    key_hash=digest, response_status=status, response_body=body, created_at=now, expires_at=now + ttl
                )
    except IntegrityError:
        if stored := lookup(key):
            return stored
        raise
    return Answer(status, body)


def purge_expired(*, now=None) -> int:
    """Delete the keys past their expiry (for the retention command)."""
    count, _per_model = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return count
