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

# Slugs come back request after request (Arabic ones are slow to percent-encode).
_quoted = lru_cache(maxsize=65_536)(quote)

ROUTES = {
    "article": "articles",
    "category": "categories",
    "tag": "tags",
    "author": "authors",
    "page": "pages",
}


class LinkBuilder:
    """Builds many links for one request cheaply (settings and host read once)."""

    def __init__(self, request=None, *, base: str | None = None):
        self.templates = {kind: settings.CMS.get(f"{kind.upper()}_URL") for kind in ROUTES}
        if base is None:
            base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
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
