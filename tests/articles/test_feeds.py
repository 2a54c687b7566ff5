"""RSS feeds (site-wide and per category, per language) and the sitemap with hreflang alternates."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from cms.models import SiteSettings
from cms.services import site_settings_save
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def articles():
    world = CategoryFactory(slug="world", name_ar="العالم", name_en="World")
    iraq = CategoryFactory(slug="iraq", name_ar="العراق", parent=world)
    now = timezone.now()
    ArticleFactory(slug="translated", title_ar="عنوان", title_en="Title", body_en="<p>Body</p>", excerpt_en="Summary",
                   primary_category=iraq, published_at=now - timedelta(hours=1))
    ArticleFactory(slug="arabic", title_ar="خبر عربي", excerpt_ar="ملخص", primary_category=world, published_at=now - timedelta(hours=2))
    ArticleFactory(slug="elsewhere", title_ar="خبر آخر", published_at=now - timedelta(hours=3))


def _channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content).find("channel")


def _items(channel) -> list[tuple[str, str]]:
    return [(item.findtext("title"), item.findtext("link")) for item in channel.findall("item")]


def test_site_feed_lists_published_articles_newest_first_in_arabic(client, articles):
    channel = _channel(client.get("/feeds/articles/"))

    assert channel.findtext("title") == "فرات بوست"
    assert channel.findtext("language") == "ar"
    assert _items(channel) == [
        ("عنوان", "http://testserver/ar/articles/translated/"),
        ("خبر عربي", "http://testserver/ar/articles/arabic/"),
        ("خبر آخر", "http://testserver/ar/articles/elsewhere/"),
    ]
    first = channel.find("item")
    assert first.findtext("pubDate")
    assert first.findtext("guid") == "http://testserver/ar/articles/translated/"
    assert channel.findall("item")[1].findtext("description") == "ملخص"


def test_english_feed_serves_translated_articles_in_english_and_others_in_arabic(client, articles):
    site = SiteSettings.load()
    site.name_en = "Furat Post"
    site_settings_save(site_settings=site)

    response = client.get("/feeds/articles/?lang=en")
    channel = _channel(response)

    assert response["Content-Language"] == "en"
    assert (channel.findtext("title"), channel.findtext("language")) == ("Furat Post", "en")
    assert _items(channel)[:2] == [("Title", "http://testserver/en/articles/translated/"), ("خبر عربي", "http://testserver/ar/articles/arabic/")]
    assert channel.find("item").findtext("description") == "Summary"


def test_category_feed_includes_descendant_categories(client, articles):
    world = _channel(client.get("/feeds/categories/world/"))
    iraq = _channel(client.get("/feeds/categories/iraq/?lang=en"))

    assert [link for _title, link in _items(world)] == ["http://testserver/ar/articles/translated/", "http://testserver/ar/articles/arabic/"]
    assert world.findtext("title") == "فرات بوست — العالم"
    assert world.findtext("link") == "http://testserver/ar/categories/world/"
    assert _items(iraq) == [("Title", "http://testserver/en/articles/translated/")]


def test_feed_of_an_unknown_category_is_a_404(client, articles):
    assert client.get("/feeds/categories/nothing/").status_code == 404


def test_feed_answers_on_the_host_that_served_it(client, articles, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "example.test"]

    channel = _channel(client.get("/feeds/articles/", HTTP_HOST="example.test:8123"))

    assert channel.findtext("link") == "http://example.test:8123/"
    assert _items(channel)[0][1] == "http://example.test:8123/ar/articles/translated/"


def test_feed_requests_do_not_leak_their_language_into_each_other(client, articles):
    client.get("/feeds/articles/?lang=en")

    channel = _channel(client.get("/feeds/articles/"))

    assert (channel.findtext("language"), _items(channel)[0][0]) == ("ar", "عنوان")


def test_sitemap_lists_every_served_language_with_hreflang_alternates(client, articles):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    entries = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }
    both = {"ar": "http://testserver/ar/articles/translated/", "en": "http://testserver/en/articles/translated/"}
    assert entries == {
        "http://testserver/ar/articles/translated/": both,
        "http://testserver/en/articles/translated/": both,
        "http://testserver/ar/articles/arabic/": {"ar": "http://testserver/ar/articles/arabic/"},
        "http://testserver/ar/articles/elsewhere/": {"ar": "http://testserver/ar/articles/elsewhere/"},
    }
    assert all(url.findtext("s:lastmod", namespaces=SITEMAP_NS) for url in root.findall("s:url", SITEMAP_NS))
