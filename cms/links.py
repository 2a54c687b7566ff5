"""Canonical URLs of articles, categories, tags, authors and pages.

One setting decides them: ``CMS["ARTICLE_URL"]`` (and CATEGORY_URL, TAG_URL, AUTHOR_URL, PAGE_URL),
templates such as ``https://example.org/{lang}/articles/{slug}/``. Unset, links point at the
reader's routes on the host that served the request, so they work on any port.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings

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
            return template.format(lang=lang, slug=quote(slug))
        return f"{self.base}/{lang}/{ROUTES[kind]}/{quote(slug)}/"

    def media(self, name: str) -> str | None:
        if not name:
            return None
        from django.core.files.storage import default_storage

        url = default_storage.url(name)
        return url if url.startswith(("http://", "https://")) else f"{self.base}{url}"
