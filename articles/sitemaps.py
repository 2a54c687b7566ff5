"""The sitemap: published articles in every language they are served in, with hreflang alternates."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from cms.links import LinkBuilder

from . import selectors


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def __init__(self, request=None):
        self.links = LinkBuilder(request)

    def items(self):
        return list(selectors.published_rows().order_by("-published_at", "-id").values("slug", "updated_at", "translated_en"))

    def lastmod(self, item):
        return item["updated_at"]

    def _get_urls(self, page, site, protocol):
        urls = []
        for item in self.paginator.page(page).object_list:
            langs = ["ar", "en"] if item["translated_en"] else ["ar"]
            alternates = [{"lang_code": lang, "location": self.links.url("article", item["slug"], lang)} for lang in langs]
            for lang in langs:
                urls.append({
                    "item": item,
                    "location": self.links.url("article", item["slug"], lang),
                    "lastmod": item["updated_at"],
                    "changefreq": self.changefreq,
                    "priority": "",
                    "alternates": alternates,
                })
        return urls

    def get_urls(self, page=1, site=None, protocol=None):
        return self._get_urls(page, site, protocol)


def sitemap_view(request):
    from django.contrib.sitemaps.views import sitemap

    return sitemap(request, {"articles": ArticleSitemap(request)}, template_name="sitemap.xml")
