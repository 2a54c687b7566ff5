"""Readable, unique Unicode slugs: an Arabic title gives an Arabic slug."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify

SLUG_MAX_LENGTH = 200


def unique_slug(model: type[models.Model], source: str, *, exclude_pk=None, max_length: int = SLUG_MAX_LENGTH) -> str:
    """``slugify(source)`` made unique in ``model`` with ``-2``, ``-3``... suffixes.

    Slugs are not translated, so one slug identifies the item in every language.
    """
    base = slugify(source or "", allow_unicode=True)[:max_length].strip("-") or "item"
    taken_qs = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken_qs = taken_qs.exclude(pk=exclude_pk)
    taken = set(taken_qs.values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        if candidate not in taken:
            return candidate
        n += 1
