"""Keyed hashes standing in for addresses and e-mails that must still be recognised but not kept.

HMAC-SHA256 keyed with SECRET_KEY: the same input gives the same hash, so a reporter's second
report or an erased sender's next comment is recognised, but the value cannot be read back, and
without the key a list of candidate addresses cannot be tried against it. Rotating SECRET_KEY
forgets them (one report per address starts again; pseudonymised blocks stop matching).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

PREFIX = "hmac:"


def keyed_hash(value: str, *, purpose: str) -> str:
    """64 hex characters; ``purpose`` keeps hashes made for different uses apart."""
    message = f"comments.{purpose}:{value}".encode("utf-8", "surrogatepass")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def pseudonym(value: str, *, purpose: str) -> str:
    """``hmac:<hash>``: how a pseudonymised value is stored in a text column that may also hold plain values."""
    return PREFIX + keyed_hash(value, purpose=purpose)


def is_pseudonym(value: str) -> bool:
    return value.startswith(PREFIX)
