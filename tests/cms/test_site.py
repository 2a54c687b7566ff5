"""Site content: the settings row and its consent version, static pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms import content_version
from cms.models import Page, SiteSettings
from cms.services import page_save, site_settings_save
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


# --- site settings -------------------------------------------------------------------------


def test_load_creates_the_one_row_with_defaults():
    assert not SiteSettings.objects.exists()

    site = SiteSettings.load()

    assert site.pk == 1
    assert site.name == "فرات بوست"
    assert site.tagline == "أخبار ومتابعات"
    assert site.comment_consent_version == 1


def test_load_returns_the_same_row_every_time():
    first = SiteSettings.load()
    first.name_ar = "اسم آخر"
    site_settings_save(site_settings=first)

    second = SiteSettings.load()

    assert second.pk == first.pk
    assert second.name_ar == "اسم آخر"
    assert SiteSettings.objects.count() == 1


def test_saving_a_new_settings_object_replaces_the_one_row():
    SiteSettings.load()

    site_settings_save(site_settings=SiteSettings(name_ar="موقع"))

    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().name_ar == "موقع"


def test_consent_version_stays_when_other_texts_change():
    site = SiteSettings.load()
    site.comment_consent_text_ar = "أوافق"
    site_settings_save(site_settings=site)
    version = SiteSettings.load().comment_consent_version

    site = SiteSettings.load()
    site.name_ar = "اسم جديد"
    site.cookie_notice_en = "We use cookies."
    site_settings_save(site_settings=site)

    assert SiteSettings.load().comment_consent_version == version


def test_consent_version_goes_up_when_the_arabic_consent_text_changes():
    site = SiteSettings.load()
    site.comment_consent_text_ar = "باستخدامك لهذا النموذج"
    site_settings_save(site_settings=site)
    version = SiteSettings.load().comment_consent_version

    site = SiteSettings.load()
    site.comment_consent_text_ar = "باستخدامك لهذا النموذج أنت توافق على حفظ بياناتك"
    site_settings_save(site_settings=site)

    assert SiteSettings.load().comment_consent_version == version + 1


def test_consent_version_goes_up_when_the_english_consent_text_changes():
    site = SiteSettings.load()
    version = site.comment_consent_version

    site.comment_consent_text_en = "I agree to the storage of my data."
    site_settings_save(site_settings=site)

    assert SiteSettings.load().comment_consent_version == version + 1


def test_consent_version_goes_up_once_per_save_even_when_both_languages_change():
    site = SiteSettings.load()
    version = site.comment_consent_version

    site.comment_consent_text_ar = "نص"
    site.comment_consent_text_en = "text"
    site_settings_save(site_settings=site)

    assert SiteSettings.load().comment_consent_version == version + 1


def test_saving_unchanged_consent_text_keeps_the_version():
    site = SiteSettings.load()
    site.comment_consent_text_ar = "نص الموافقة"
    site_settings_save(site_settings=site)
    version = SiteSettings.load().comment_consent_version

    site_settings_save(site_settings=SiteSettings.load())
    site_settings_save(site_settings=SiteSettings.load())

    assert SiteSettings.load().comment_consent_version == version


def test_consent_version_cannot_be_lowered_by_a_stale_object():
    stale = SiteSettings.load()
    fresh = SiteSettings.load()
    fresh.comment_consent_text_ar = "نص جديد"
    site_settings_save(site_settings=fresh)

    stale.name_ar = "اسم"
    stale.comment_consent_text_ar = "نص جديد"
    site_settings_save(site_settings=stale)

    assert SiteSettings.load().comment_consent_version == 2


def test_site_settings_save_bumps_the_content_version():
    before = content_version.current().value

    site_settings_save(site_settings=SiteSettings.load())

    assert content_version.current().value > before


# --- pages ---------------------------------------------------------------------------------


def test_page_save_sanitises_the_body_in_both_languages():
    page = Page(
        title_ar="سياسة الخصوصية",
        body_ar='<h2>ما نجمعه</h2><p onmouseover="x()">الاسم</p><script>alert(1)</script>',
        body_en='<p>Name</p><img src="javascript:alert(2)"><style>p{}</style>',
    )

    page_save(page=page)

    stored = Page.objects.get(pk=page.pk)
    assert "<h2>ما نجمعه</h2>" in stored.body_ar
    assert "الاسم" in stored.body_ar
    assert "<script" not in stored.body_ar and "onmouseover" not in stored.body_ar
    assert "Name" in stored.body_en
    assert "javascript:" not in stored.body_en and "<style" not in stored.body_en


def test_page_save_sanitises_an_existing_page_on_edit():
    page = PageFactory()

    page.body_ar = "<p>نص</p><iframe src='https://example.org'></iframe>"
    page_save(page=page)

    assert "<iframe" not in Page.objects.get(pk=page.pk).body_ar


def test_page_save_refuses_a_page_without_arabic_title():
    with pytest.raises(ValidationError):
        page_save(page=Page(title_ar="", body_ar="<p>نص</p>"))

    assert not Page.objects.exists()


def test_only_published_pages_are_published():
    shown = PageFactory(status=Page.Status.PUBLISHED)
    PageFactory(status=Page.Status.DRAFT)

    assert list(Page.objects.published()) == [shown]
