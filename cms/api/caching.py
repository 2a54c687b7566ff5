"""HTTP and server-side caching of anonymous reads.

The cache key (and the ETag) is made of the path, the parsed query, the served language and the
content state (version + next scheduled publication), so any content change, or a scheduled
article going live, gives new keys and ETags with no invalidation job.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import lru_cache

import orjson
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from cms import content_version
from cms.links import request_origin

from .errors import InvalidParameter
from .language import request_language

JSON = "application/json"
# Last-Modified is the content version's time: the same for every answer until content changes.
_http_date = lru_cache(maxsize=64)(http_date)


def dumps(data) -> bytes:
    """JSON as the API writes it: datetimes in ISO 8601 with ``Z`` for UTC, as DRF's own renderer writes them.

    Keys that are not strings (a field's errors by list index) are written as strings, as the
    standard library does; orjson's option for them doubles the cost of every other answer, so
    it is only asked for when the plain call refuses such a key.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_UTC_Z)
    except orjson.JSONEncodeError:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z)


def _settings():
    return settings.CMS


def response_cache_enabled() -> bool:
    return bool(_settings()["RESPONSE_CACHE"])


def json_response(data, *, status: int = 200, lang: str | None = None) -> HttpResponse:
    response = HttpResponse(dumps(data), content_type=JSON, status=status)
    if lang:
        response["Content-Language"] = lang
        response["Vary"] = "Accept-Language"
    return response


@lru_cache(maxsize=16)
def _cache_control(max_age: int) -> str:
    return f"public, max-age={max_age}"


def _headers(response: HttpResponse, *, etag: str, last_modified: float, lang: str) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = _http_date(last_modified)
    response["Cache-Control"] = _cache_control(_settings()["CACHE_MAX_AGE"])
    response["Vary"] = "Accept-Language"
    response["Content-Language"] = lang
    return response


def _not_modified(request, etag: str, last_modified: float) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and int(last_modified) <= since


# The answers this process gave last, ready to send, in front of the shared cache. Keyed by the
# request as it came (host, path, raw query, ``Accept-Language``) and held for one content state:
# a hit skips parsing the query and the language, hashing the key and the shared cache's read (a
# network round trip with Redis), which on a warm front page cost more than everything else the
# view does. An entry is made only from an answer ``cached_read`` gave to that very request, so
# every check it passed (allowed host, valid parameters) holds for a hit; it lives no longer than
# the shared cache's entry (``RESPONSE_CACHE_TIMEOUT``), and a change to the content state drops
# them all. Entries: (expires at, body, etag, last modified, language).
_answers = content_version.VersionMemo(limit=1024)


def _remember_answer(token: str, raw: tuple, *, body: bytes, etag: str, last_modified: float, lang: str) -> None:
    expires = time.monotonic() + _settings()["RESPONSE_CACHE_TIMEOUT"]
    _answers.put_many(token, {raw: (expires, body, etag, last_modified, lang)})


def _remembered_answer(token: str, raw: tuple):
    entry = _answers.get(token, raw)
    return entry if entry is not None and entry[0] >= time.monotonic() else None


def _raw_key(request, extra: str = "") -> tuple:
    """What the answer's key and links are made of, as the request brought it (no parsing)."""
    meta = request.META
    return (
        meta.get("HTTP_HOST", ""), meta.get("SERVER_NAME", ""), meta.get("SERVER_PORT", ""), meta.get("wsgi.url_scheme", ""),
        meta.get("HTTP_X_FORWARDED_HOST", ""), meta.get("HTTP_X_FORWARDED_PROTO", ""), request.path,
        meta.get("QUERY_STRING", ""), meta.get("HTTP_ACCEPT_LANGUAGE", ""), extra,
    )


def _from_memo(request, entry) -> HttpResponse:
    _expires, body, etag, last_modified, lang = entry
    if "HTTP_IF_NONE_MATCH" in request.META and _not_modified(request, etag, last_modified):
        return _headers(HttpResponseNotModified(), etag=etag, last_modified=last_modified, lang=lang)
    return _headers(HttpResponse(body, content_type=JSON), etag=etag, last_modified=last_modified, lang=lang)


def cache_key(request, lang: str, state_token: str, extra: str = "") -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if k != "lang")
    # The scheme and host are part of the key: cached bodies hold absolute links on the origin that served them.
    raw = f"{request_origin(request)}{request.path}?{query}|{lang}|{state_token}|{extra}"
    return "api:" + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def cached_read(request, *, lang: str, build: Callable[[], object], extra: str = "") -> HttpResponse:
    """Answer an anonymous read: 304 when the client is current, else cached or freshly built JSON.

    ``build`` returns the data to render; it may raise API errors (a 404), which are not cached.
    """
    state = content_version.for_request(request)
    key = cache_key(request, lang, state.token, extra)
    etag = quote_etag(key[4:])
    last_modified = state.changed_at.timestamp()
    if _not_modified(request, etag, last_modified):
        return _headers(HttpResponseNotModified(), etag=etag, last_modified=last_modified, lang=lang)
    knobs = _settings()
    body = cache.get(key) if knobs["RESPONSE_CACHE"] else None
    if body is None:
        body = dumps(build())
        if knobs["RESPONSE_CACHE"]:
            cache.set(key, body, knobs["RESPONSE_CACHE_TIMEOUT"])
    if knobs["RESPONSE_CACHE"] and request.method == "GET" and not has_credentials(request):
        _remember_answer(state.token, _raw_key(request, extra), body=body, etag=etag, last_modified=last_modified, lang=lang)
    response = HttpResponse(body, content_type=JSON)
    return _headers(response, etag=etag, last_modified=last_modified, lang=lang)


def has_credentials(request) -> bool:
    """An ``Authorization`` header, a session cookie, or DRF's test-client ``force_authenticate``."""
    return (
        "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or getattr(request, "_force_auth_user", None) is not None
        or getattr(request, "_force_auth_token", None) is not None
    )


def accepts_json(request) -> bool:
    """Whether DRF's negotiation would pick its JSON renderer (any other Accept is its 406)."""
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return any(kind in accept for kind in ("*/*", "application/json", "application/*"))


def cached_answer(request) -> HttpResponse | None:
    """The answer ``cached_read`` would give an anonymous GET without building anything: a 304 for a
    current ``If-None-Match``, or the stored body; ``None`` when the view has to run.

    Run before the view is even set up (``ApiView.as_view``), so a cache hit costs the content
    version and a look in this process's memo of answers, else a hash and a cache read. Safe for any view: a key only has a stored body, and an ETag
    only exists, if ``cached_read`` answered that very request (host, path, query, language,
    content state) before. Requests with credentials, repeated parameters, an invalid ``lang`` or
    only ``If-Modified-Since`` are left to the view.
    """
    meta = request.META
    if request.method != "GET" or has_credentials(request):
        return None
    if "HTTP_IF_NONE_MATCH" not in meta and not _settings()["RESPONSE_CACHE"]:
        return None  # nothing stored to answer with, no ETag to compare: the view answers
    if not accepts_json(request):
        return None
    if _settings()["RESPONSE_CACHE"] and ("HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" not in meta):
        entry = _remembered_answer(content_version.for_request(request).token, _raw_key(request))
        if entry is not None:
            return _from_memo(request, entry)
    if any(len(values) > 1 for _name, values in request.GET.lists()):
        return None
    try:
        lang = request_language(request)
    except InvalidParameter:
        return None
    state = content_version.for_request(request)
    key = cache_key(request, lang, state.token)
    etag = quote_etag(key[4:])
    last_modified = state.changed_at.timestamp()
    if "HTTP_IF_NONE_MATCH" in meta:
        if _not_modified(request, etag, last_modified):
            return _headers(HttpResponseNotModified(), etag=etag, last_modified=last_modified, lang=lang)
    elif "HTTP_IF_MODIFIED_SINCE" in meta:
        return None
    body = cache.get(key) if _settings()["RESPONSE_CACHE"] else None
    if body is None:
        return None
    _remember_answer(state.token, _raw_key(request), body=body, etag=etag, last_modified=last_modified, lang=lang)
    return _headers(HttpResponse(body, content_type=JSON), etag=etag, last_modified=last_modified, lang=lang)


def private_response(data, *, lang: str) -> HttpResponse:
    """For previews and other per-user answers: never stored by any cache."""
    response = json_response(data, lang=lang)
    response["Cache-Control"] = "private, no-store"
    return response
