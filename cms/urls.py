from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from django.urls import re_path

from articles.feeds import ArticlesFeed
from articles.sitemaps import sitemap_view
from cms.api.errors import json_404, json_500
from cms.reader import reader_asset, reader_index

urlpatterns = [
    path("api/", include("cms.api.urls")),  # first: the busiest routes by far
    path("admin/", admin.site.urls),
    path("feeds/articles/", ArticlesFeed(), name="feed-articles"),
    path("feeds/categories/<str:slug>/", ArticlesFeed(), name="feed-category"),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    # The reader's routes (the API's default `url` fields point here): one index.html for all.
    path("", reader_index, name="reader-home"),
    path("reader/<str:name>", reader_asset, name="reader-asset"),
    re_path(r"^(?P<lang>ar|en)/(?:(?:articles|categories|tags|authors|pages)/[^/]+/|search/)?$", reader_index, name="reader"),
]

handler404 = "cms.urls.not_found"
handler500 = "cms.urls.server_error"


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_404(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_500(request)
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request)


admin.site.site_header = "فرات بوست"
admin.site.site_title = "فرات بوست"

if settings.CMS.get("BENCH_FLOOR"):
    # The benchmark's floor row (cms.settings.bench only): never routed in production.
    from cms.bench_floor import floor

    urlpatterns.append(path("bench/floor/", floor, name="bench-floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
