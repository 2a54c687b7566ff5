"""Page-number and cursor pagination for lean (dict-building) endpoints."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.utils.urls import remove_query_param, replace_query_param

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


def _with_param(request, url: str, key: str, value) -> str:
    """``url`` with ``key`` set to ``value``: DRF's ``replace_query_param``, at once when there is no query."""
    if not request.META.get("QUERY_STRING"):
        return f"{url}?{urlencode({key: value})}"
    return replace_query_param(url, key, value)


def page_links(request, page: int, size: int, count: int) -> tuple[str | None, str | None]:
    url = request.build_absolute_uri()
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
    return _with_param(request, request.build_absolute_uri(), "cursor", encode_cursor(direction, published_at, pk))
