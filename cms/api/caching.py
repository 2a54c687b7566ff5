"""HTTP and server-side caching of anonymous reads.

The cache key (and the ETag) is made of the path, the parsed query, the served language and the
content state (version + next scheduled publication), so any content change, or a scheduled
article going live, gives new keys and ETags with no invalidation job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import orjson
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from cms import content_version

JSON = "application/json"


def dumps(data) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


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


def _headers(response: HttpResponse, *, etag: str, last_modified: float, lang: str) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={_settings()['CACHE_MAX_AGE']}"
    response["Vary"] = "Accept-Language"
    response["Content-Language"] = lang
    return response


def _not_modified(request, etag: str, last_modified: float) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified) <= since


def cache_key(request, lang: str, state_token: str, extra: str = "") -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if k != "lang")
    # The host is part of the key: cached bodies hold absolute links on the host that served them.
    raw = f"{request.get_host()}{request.path}?{query}|{lang}|{state_token}|{extra}"
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
    body = cache.get(key) if response_cache_enabled() else None
    if body is None:
        body = dumps(build())
        if response_cache_enabled():
            cache.set(key, body, _settings()["RESPONSE_CACHE_TIMEOUT"])
    response = HttpResponse(body, content_type=JSON)
    return _headers(response, etag=etag, last_modified=last_modified, lang=lang)


def private_response(data, *, lang: str) -> HttpResponse:
    """For previews and other per-user answers: never stored by any cache."""
    response = json_response(data, lang=lang)
    response["Cache-Control"] = "private, no-store"
    return response
