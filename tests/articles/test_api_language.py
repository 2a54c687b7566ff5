"""Languages: translated items wholly in the requested language, others wholly in Arabic; canonical URLs."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from cms.models import SiteSettings
from cms.services import site_settings_save
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PageFactory, TagFactory

pytestmark = pytest.mark.django_db

ARABIC_SLUG = "الأميركيون-في-العراق"
ENGLISH = {"lang": "en"}
ACCEPT_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.8,ar;q=0.5"}


@pytest.fixture
def articles():
    category = CategoryFactory(slug="politics", name_ar="سياسة", name_en="Politics")
    tag = TagFactory(slug="iraq", name_ar="العراق", name_en="Iraq")
    common = {"primary_category": category, "categories": [category], "tags": [tag], "authors": [AuthorFactory(name="سامر")]}
    translated = ArticleFactory(
        slug=ARABIC_SLUG, title_ar="عنوان", title_en="US troops in Iraq", excerpt_ar="ملخص", excerpt_en="Summary",
        body_ar="<p>نص</p>", body_en="<p>Text</p>", source_line_ar="فرات بوست", source_line_en="Furat Post",
        meta_description_ar="وصف", meta_description_en="Description", **common,
    )
    arabic_only = ArticleFactory(slug="arabic-only", title_ar="خبر عربي", excerpt_ar="ملخص عربي", source_line_ar="مصدر", **common)
    return translated, arabic_only


def _detail(client, slug, **extra):
    response = client.get(f"/api/v1/articles/{quote(slug)}/", **extra)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(("query", "headers"), [(ENGLISH, {}), ({}, ACCEPT_ENGLISH)])
def test_translated_article_is_served_wholly_in_english(client, articles, query, headers):
    data = _detail(client, ARABIC_SLUG, data=query, **headers)

    assert (data["title"], data["excerpt"], data["body"], data["source_line"]) == ("US troops in Iraq", "Summary", "<p>Text</p>", "Furat Post")
    assert data["meta_description"] == "Description"
    assert data["primary_category"] == {"name": "Politics", "slug": "politics"}
    assert [c["name"] for c in data["categories"]] == ["Politics"]
    assert [t["name"] for t in data["tags"]] == ["Iraq"]
    assert (data["language"], data["dir"]) == ("en", "ltr")
    assert data["available_languages"] == ["ar", "en"]
    assert data["url"].endswith(f"/en/articles/{quote(ARABIC_SLUG)}/")


@pytest.mark.parametrize(("query", "headers"), [(ENGLISH, {}), ({}, ACCEPT_ENGLISH)])
def test_untranslated_article_is_served_wholly_in_arabic_even_when_english_is_asked(client, articles, query, headers):
    data = _detail(client, "arabic-only", data=query, **headers)

    assert (data["title"], data["excerpt"], data["source_line"]) == ("خبر عربي", "ملخص عربي", "مصدر")
    assert data["primary_category"]["name"] == "سياسة"
    assert [t["name"] for t in data["tags"]] == ["العراق"]
    assert (data["language"], data["dir"], data["available_languages"]) == ("ar", "rtl", ["ar"])
    assert data["url"].endswith("/ar/articles/arabic-only/")


def test_list_mixes_languages_item_by_item(client, articles):
    items = {item["slug"]: item for item in client.get("/api/v1/articles/", ENGLISH).json()["results"]}

    assert (items[ARABIC_SLUG]["title"], items[ARABIC_SLUG]["language"], items[ARABIC_SLUG]["dir"]) == ("US troops in Iraq", "en", "ltr")
    assert (items["arabic-only"]["title"], items["arabic-only"]["language"], items["arabic-only"]["dir"]) == ("خبر عربي", "ar", "rtl")


def test_query_parameter_wins_over_accept_language(client, articles):
    data = _detail(client, ARABIC_SLUG, data={"lang": "ar"}, **ACCEPT_ENGLISH)

    assert (data["title"], data["language"]) == ("عنوان", "ar")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_arabic_slug_lookup_works_percent_encoded_in_both_languages(client, articles, lang):
    data = _detail(client, ARABIC_SLUG, data={"lang": lang})

    assert data["slug"] == ARABIC_SLUG


def test_categories_and_tags_are_served_in_english_when_named_in_it(client, articles):
    CategoryFactory(slug="local", name_ar="محلي")

    nodes = {node["slug"]: node for node in client.get("/api/v1/categories/", ENGLISH).json()}
    tags = client.get("/api/v1/tags/", ENGLISH).json()["results"]

    assert (nodes["politics"]["name"], nodes["politics"]["language"], nodes["politics"]["dir"]) == ("Politics", "en", "ltr")
    assert (nodes["local"]["name"], nodes["local"]["language"], nodes["local"]["dir"]) == ("محلي", "ar", "rtl")
    assert (tags[0]["name"], tags[0]["language"]) == ("Iraq", "en")


def test_page_in_both_languages(client):
    PageFactory(slug="privacy", title_ar="الخصوصية", body_ar="<p>نص</p>", title_en="Privacy", body_en="<p>Text</p>")
    PageFactory(slug="about", title_ar="من نحن", body_ar="<p>عنا</p>")

    english = client.get("/api/v1/pages/privacy/", ENGLISH).json()
    arabic = client.get("/api/v1/pages/privacy/").json()
    fallback = client.get("/api/v1/pages/about/", ENGLISH).json()

    assert (english["title"], english["body"], english["language"], english["dir"]) == ("Privacy", "<p>Text</p>", "en", "ltr")
    assert (arabic["title"], arabic["language"], arabic["dir"]) == ("الخصوصية", "ar", "rtl")
    assert (fallback["title"], fallback["language"], fallback["available_languages"]) == ("من نحن", "ar", ["ar"])


def test_unpublished_page_is_a_404(client):
    PageFactory(slug="secret", status="draft")

    assert client.get("/api/v1/pages/secret/").status_code == 404


def test_site_settings_in_both_languages(client):
    policy = PageFactory(slug="privacy-cookies")
    site = SiteSettings.load()
    site.name_en, site.tagline_en = "Furat Post", "News and follow-ups"
    site.cookie_notice_ar, site.cookie_notice_en = "نستخدم الكوكيز", "We use cookies"
    site.comment_consent_text_ar, site.comment_consent_text_en = "أوافق على حفظ بياناتي", "I agree to my data being stored"
    site.cookie_policy_page = policy
    site_settings_save(site_settings=site)
    version = SiteSettings.load().comment_consent_version

    arabic = client.get("/api/v1/site/").json()
    english = client.get("/api/v1/site/", ENGLISH).json()

    assert (arabic["name"], arabic["tagline"]) == ("فرات بوست", "أخبار ومتابعات")
    assert (english["name"], english["tagline"]) == ("Furat Post", "News and follow-ups")
    # Each language is named in itself, whatever language the answer is in.
    assert arabic["languages"] == english["languages"] == [
        {"code": "ar", "name": "العربيّة", "dir": "rtl"}, {"code": "en", "name": "English", "dir": "ltr"}]
    assert arabic["default_language"] == english["default_language"] == "ar"
    assert arabic["cookie_notice"]["text"] == "نستخدم الكوكيز"
    assert english["cookie_notice"] == {"text": "We use cookies", "policy_page": "privacy-cookies", "policy_url": english["cookie_notice"]["policy_url"]}
    assert english["cookie_notice"]["policy_url"].endswith("/pages/privacy-cookies/")
    assert arabic["comment_consent"] == {"text": "أوافق على حفظ بياناتي", "version": version}
    assert english["comment_consent"] == {"text": "I agree to my data being stored", "version": version}
    assert (english["language"], english["dir"]) == ("en", "ltr")


def test_site_does_not_link_an_unpublished_policy_page(client):
    site = SiteSettings.load()
    site.cookie_policy_page = PageFactory(slug="draft-policy", status="draft")
    site_settings_save(site_settings=site)

    notice = client.get("/api/v1/site/").json()["cookie_notice"]

    assert (notice["policy_page"], notice["policy_url"]) == (None, None)


def test_site_without_a_settings_row_answers_with_the_defaults(client):
    data = client.get("/api/v1/site/").json()

    assert data["name"] == "فرات بوست"
    assert data["cookie_notice"]["policy_page"] is None
    assert data["comment_consent"]["version"] == 1


# --- canonical URLs ---------------------------------------------------------------------------


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "example.test"]
    return {"HTTP_HOST": "example.test:8123"}


def test_default_links_are_absolute_on_the_host_that_served_the_request(client, articles, other_host):
    item = client.get("/api/v1/articles/", **other_host).json()["results"][0]
    detail = _detail(client, "arabic-only", **other_host)
    author = client.get("/api/v1/authors/", **other_host).json()["results"][0]
    category = client.get("/api/v1/categories/politics/", **other_host).json()

    assert item["url"].startswith("http://example.test:8123/ar/articles/")
    assert detail["url"] == "http://example.test:8123/ar/articles/arabic-only/"
    assert detail["related"][0]["url"] == f"http://example.test:8123/ar/articles/{quote(ARABIC_SLUG)}/"
    assert author["url"].startswith("http://example.test:8123/ar/authors/")
    assert category["url"] == "http://example.test:8123/ar/categories/politics/"


def test_cached_answers_keep_the_host_of_each_request(client, articles, other_host):
    first = client.get("/api/v1/articles/").json()["results"][0]["url"]
    second = client.get("/api/v1/articles/", **other_host).json()["results"][0]["url"]

    assert first.startswith("http://testserver/")
    assert second.startswith("http://example.test:8123/")


def test_article_url_setting_is_used_by_list_detail_feeds_and_sitemap(client, articles, settings):
    settings.CMS = {**settings.CMS, "ARTICLE_URL": "https://news.example/{lang}/a/{slug}/"}
    expected = "https://news.example/ar/a/arabic-only/"

    item = {i["slug"]: i for i in client.get("/api/v1/articles/").json()["results"]}["arabic-only"]
    feed = {i["slug"]: i for i in client.get("/api/v1/feed/").json()["results"]}["arabic-only"]
    detail = _detail(client, "arabic-only")
    english = _detail(client, ARABIC_SLUG, data=ENGLISH)
    rss = client.get("/feeds/articles/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert item["url"] == feed["url"] == detail["url"] == expected
    assert english["url"] == f"https://news.example/en/a/{quote(ARABIC_SLUG)}/"
    assert expected in rss
    assert expected in sitemap
    assert f"https://news.example/en/a/{quote(ARABIC_SLUG)}/" in sitemap


def test_url_templates_for_categories_tags_authors_and_pages(client, articles, settings):
    settings.CMS = {
        **settings.CMS,
        "CATEGORY_URL": "https://news.example/{lang}/section/{slug}/",
        "TAG_URL": "https://news.example/{lang}/topic/{slug}/",
        "AUTHOR_URL": "https://news.example/{lang}/by/{slug}/",
        "PAGE_URL": "https://news.example/{lang}/p/{slug}/",
    }
    PageFactory(slug="about")
    author = client.get("/api/v1/authors/").json()["results"][0]

    assert client.get("/api/v1/categories/politics/", ENGLISH).json()["url"] == "https://news.example/en/section/politics/"
    assert client.get("/api/v1/tags/").json()["results"][0]["url"] == "https://news.example/ar/topic/iraq/"
    assert author["url"] == f"https://news.example/ar/by/{author['slug']}/"
    assert client.get("/api/v1/pages/about/").json()["url"] == "https://news.example/ar/p/about/"


@pytest.mark.parametrize(
    ("title_en", "body_en", "served"),
    [
        ("Title", "", "ar"),
        ("Title", None, "ar"),
        ("", "<p>Body</p>", "ar"),
        ("Title", "<p>" + "A long English body, stored compressed. " * 400 + "</p>", "en"),
    ],
)
def test_an_article_is_translated_only_with_both_title_and_body(client, title_en, body_en, served):
    ArticleFactory(slug="half", title_ar="عنوان", body_ar="<p>نص</p>", title_en=title_en, body_en=body_en)

    [item] = client.get("/api/v1/articles/", ENGLISH).json()["results"]
    detail = _detail(client, "half", data=ENGLISH)

    assert item["language"] == detail["language"] == served
