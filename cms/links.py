"""Canonical URLs of articles, categories, tags, authors and pages.

One setting decides them: ``CMS["ARTICLE_URL"]`` (and CATEGORY_URL, TAG_URL, AUTHOR_URL, PAGE_URL),
templates such as ``https://example.org/{lang}/articles/{slug}/``. Unset, links point at the
reader's routes on the host that served the request, so they work on any port.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.utils.encoding import escape_uri_path, iri_to_uri

# Slugs come back request after request (Arabic ones are slow to percent-encode).
_quoted = lru_cache(maxsize=65_536)(quote)

ROUTES = {
    "article": "articles",
    "category": "categories",
    "tag": "tags",
    "author": "authors",
    "page": "pages",
}


def request_origin(request) -> str:
    """``scheme://host`` of the request (the host checked against ALLOWED_HOSTS by ``get_host``), worked
    out once per request: the answer's cache key, its page links and its item links all need it."""
    origin = getattr(request, "_cms_origin", None)
    if origin is None:
        origin = request._cms_origin = f"{request.scheme}://{request.get_host()}"
    return origin


# The same request URLs come again and again (the front page, a story's comments): quoting one is
# several Python calls over every character.
_as_uri = lru_cache(maxsize=4096)(iri_to_uri)
_path_as_uri = lru_cache(maxsize=4096)(escape_uri_path)


def current_url(request) -> str:
    """The request's absolute URL, as ``request.build_absolute_uri()`` gives it."""
    if "/./" in request.path or "/../" in request.path:
        return request.build_absolute_uri()  # resolved by urljoin there
    query = request.META.get("QUERY_STRING", "")
    return _as_uri(f"{request_origin(request)}{_path_as_uri(request.path)}{'?' + _as_uri(query) if query else ''}")


class LinkBuilder:
    """Builds many links for one request cheaply (settings and host read once)."""

    def __init__(self, request=None, *, base: str | None = None):
        self.templates = {kind: settings.CMS.get(f"{kind.upper()}_URL") for kind in ROUTES}
        if base is None:
            base = _as_uri(request_origin(request)) if request is not None else ""
        self.base = base

    def url(self, kind: str, slug: str, lang: str) -> str:
        template = self.templates.get(kind)
        if template:
            return template.format(lang=lang, slug=_quoted(slug))
        return f"{self.base}/{lang}/{ROUTES[kind]}/{_quoted(slug)}/"

    def media(self, name: str) -> str | None:
        if not name:
            return None
        url = _storage_url(name)
        return url if url.startswith(("http://", "https://")) else f"{self.base}{url}"


# Django's own storages build a URL from MEDIA_URL and the name alone (urljoin and quoting, a few
# microseconds each, twenty times a list): those are remembered, per base URL. Any other storage
# (signed or expiring URLs) is asked every time.
_PLAIN_URLS = (FileSystemStorage.url, InMemoryStorage.url)
_urls: dict[tuple[str, str], str] = {}


def _storage_url(name: str) -> str:
    storage = storages["default"]
    if getattr(type(storage), "url", None) not in _PLAIN_URLS:
        return storage.url(name)
    key = (storage.base_url, name)
    url = _urls.get(key)
    if url is None:
        if len(_urls) > 10_000:
            _urls.clear()
        url = _urls[key] = storage.url(name)
    return url
