"""Page-number and cursor pagination for lean (dict-building) endpoints."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.utils.urls import remove_query_param, replace_query_param

from cms.content_version import VersionMemo
from cms.links import current_url

from .errors import ApiError, InvalidParameter
from .params import positive_int

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_PARAMS = {"page": positive_int(), "page_size": positive_int(maximum=MAX_PAGE_SIZE)}


def page_window(params: dict, count: int) -> tuple[int, int, int]:
    """(page, page_size, offset); a page past the end is a 404 like DRF's."""
    page = params.get("page", 1)
    size = params.get("page_size", DEFAULT_PAGE_SIZE)
    if page > 1 and (page - 1) * size >= count:
        raise ApiError(404, "not_found", _("Invalid page."))
    return page, size, (page - 1) * size


# Numbered pages deep into a listing, read after a remembered row instead of skipping rows.
#
# ``OFFSET 7980`` makes the database walk 7,980 index entries to throw them away: page 400 of the
# list cost its database six times page 1. Within one content state the rows a listing shows are
# fixed (every change to them moves the version; a scheduled article going live too), so the row
# just before a page, once read, says where that page starts for as long as the state holds: the
# page is then read like a feed page, from that row on in the ordering index. A page read by offset
# leaves the row before it and its own last row behind (one more row read), so asking for it again,
# or for the next page, as crawlers and "next" links do, skips nothing. Anchors live in this
# process and in the shared cache, keyed by the content state's token, and go with it.
_anchors = VersionMemo(limit=4096)
_ANCHOR_TIMEOUT = 300


def _anchor_key(token: str, scope: str, offset: int) -> str:
    return f"cms:anchor:{token}:{offset}:{scope}"


def _remember_anchors(token: str, anchors: dict[str, tuple]) -> None:
    new = {key: anchor for key, anchor in anchors.items() if _anchors.get(token, key) != anchor}
    if new:
        _anchors.put_many(token, new)
        cache.set_many(new, _ANCHOR_TIMEOUT)


def anchored_page(
    token: str,
    scope: str,
    offset: int,
    size: int,
    *,
    by_offset: Callable[[int, int], list[dict]],
    after: Callable[[object, int], list[dict]],
) -> list[dict]:
    """Rows ``offset`` to ``offset + size`` of an ordered listing (``scope`` names it: its order
    and filters), for the content state ``token``.

    ``by_offset(limit, offset)`` reads rows by position; ``after(published_at, pk)`` reads the
    ``size`` rows that follow the row (``published_at``, ``pk``) in the listing's order (a feed
    page's query). Pages less than ``CMS["PAGE_SEEK_FROM_OFFSET"]`` deep are read by offset: there
    skipping costs less than a cache read.
    """
    if offset == 0 or offset < settings.CMS["PAGE_SEEK_FROM_OFFSET"]:
        return by_offset(size, offset)
    key = _anchor_key(token, scope, offset)
    anchor = _anchors.get(token, key)
    if anchor is None and (anchor := cache.get(key)) is not None:
        _anchors.put_many(token, {key: anchor})
    if anchor is not None:
        rows = after(*anchor)
        found = {}
    else:
        rows = by_offset(size + 1, offset - 1)
        if not rows:
            return rows
        before, rows = rows[0], rows[1:]
        found = {key: (before["published_at"], before["id"])}
    if len(rows) == size:
        found[_anchor_key(token, scope, offset + size)] = (rows[-1]["published_at"], rows[-1]["id"])
    _remember_anchors(token, found)
    return rows


def _with_param(request, url: str, key: str, value) -> str:
    """``url`` with ``key`` set to ``value``: DRF's ``replace_query_param``, at once when there is no query."""
    if not request.META.get("QUERY_STRING"):
        return f"{url}?{key}={value}" if type(value) is int else f"{url}?{urlencode({key: value})}"
    return replace_query_param(url, key, value)


def page_links(request, page: int, size: int, count: int) -> tuple[str | None, str | None]:
    url = current_url(request)
    nxt = _with_param(request, url, "page", page + 1) if page * size < count else None
    if page <= 1:
        prev = None
    elif page == 2:
        prev = remove_query_param(url, "page")
    else:
        prev = replace_query_param(url, "page", page - 1)
    return nxt, prev


def encode_cursor(direction: str, published_at: datetime, pk: int) -> str:
    raw = json.dumps([direction, published_at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[str, datetime, int]:
    try:
        padded = value + "=" * (-len(value) % 4)
        direction, moment, pk = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        parsed = parse_datetime(moment)
        if direction not in ("n", "p") or parsed is None or timezone.is_naive(parsed) or type(pk) is not int:
            raise ValueError
        return direction, parsed, pk
    except (ValueError, TypeError, UnicodeError, json.JSONDecodeError):
        raise InvalidParameter("cursor", _("Not a cursor this API gave out.")) from None


def cursor_link(request, direction: str, published_at: datetime, pk: int) -> str:
    return _with_param(request, current_url(request), "cursor", encode_cursor(direction, published_at, pk))
