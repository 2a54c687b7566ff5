"""RSS feeds per language (``?lang=``): site-wide and per category. Only published articles."""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed

from cms.links import LinkBuilder
from cms.models import SiteSettings

from . import selectors
from .models import Category

FEED_SIZE = 30


class ArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request (it is built once in urls.py): the per-request state
        # (language, host, site settings) goes on a copy, never on the shared instance.
        feed = copy.copy(self)
        lang = request.GET.get("lang", "ar")
        feed.lang = lang if lang in ("ar", "en") else "ar"
        feed.language = feed.lang
        feed.links = LinkBuilder(request)
        feed.site = SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)
        response = Feed.__call__(feed, request, *args, **kwargs)
        response["Content-Language"] = feed.lang
        return response

    def get_object(self, request, slug: str | None = None):
        if slug is None:
            return None
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise Http404
        return category

    def title(self, obj):
        site = getattr(self.site, f"name_{self.lang}", None) or self.site.name_ar or ""
        if obj is None:
            return site
        name = getattr(obj, f"name_{self.lang}", None) or obj.name_ar
        return f"{site} — {name}"

    def link(self, obj):
        if obj is None:
            return self.links.base + "/"
        return self.links.url("category", obj.slug, self.lang)

    def description(self, obj):
        return getattr(self.site, f"tagline_{self.lang}", None) or self.site.tagline_ar or ""

    def items(self, obj):
        qs = selectors.published_rows().order_by("-published_at", "-id")
        if obj is not None:
            qs = selectors.filter_articles(qs, {"category": obj.slug}, self.lang)
        rows = list(qs.values(*selectors.LIST_FIELDS)[:FEED_SIZE])
        return selectors.list_items(rows, self.lang, self.links)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["excerpt"]

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return item["url"]

    def item_pubdate(self, item):
        return item["published_at"]

    def item_updateddate(self, item):
        return item["updated_at"]

    def item_author_name(self, item):
        return "، ".join(a["name"] for a in item["authors"]) or None

    def item_categories(self, item):
        return [c["name"] for c in item["categories"]]
