"""Slugs: readable Unicode, unique with a suffix, at most 200 characters, the same in every language."""

from __future__ import annotations

import pytest
from django.core.validators import validate_unicode_slug
from django.utils import translation

from articles import services
from articles.models import Article, Author, Tag
from articles.services import taxonomy_save
from cms.models import Page
from cms.services import page_save
from cms.slugs import SLUG_MAX_LENGTH, unique_slug

pytestmark = pytest.mark.django_db


def test_arabic_title_gives_a_readable_arabic_slug():
    article = services.article_create(title="مسؤولون أمريكيون: يجب الحفاظ على وجود قواتنا في العراق")

    assert article.slug == "مسؤولون-أمريكيون-يجب-الحفاظ-على-وجود-قواتنا-في-العراق"
    validate_unicode_slug(article.slug)


def test_slug_keeps_hamza_and_drops_punctuation_and_quotes():
    article = services.article_create(title="“التهديدات” الأميركية!")

    assert article.slug == "التهديدات-الأميركية"


def test_latin_name_gives_a_lowercase_ascii_slug():
    author = taxonomy_save(obj=Author(name="Jane Doe"))

    assert author.slug == "jane-doe"


def test_page_without_slug_gets_one_from_its_arabic_title():
    page = page_save(page=Page(title_ar="سياسة الخصوصية", title_en="Privacy policy"))

    assert page.slug == "سياسة-الخصوصية"


def test_duplicate_titles_get_numbered_suffixes():
    first = services.article_create(title="خبر عاجل")
    second = services.article_create(title="خبر عاجل")
    third = services.article_create(title="خبر عاجل")

    assert first.slug == "خبر-عاجل"
    assert second.slug == "خبر-عاجل-2"
    assert third.slug == "خبر-عاجل-3"


def test_a_given_slug_is_kept():
    article = services.article_create(title="خبر عاجل", slug="breaking")

    assert article.slug == "breaking"


def test_saving_again_keeps_the_slug():
    article = services.article_create(title="خبر عاجل")

    services.article_update(article=article, title="عنوان آخر تماما")

    article.refresh_from_db()
    assert article.slug == "خبر-عاجل"


def test_very_long_title_gives_a_slug_of_at_most_200_characters():
    title = " ".join(["كلمة"] * 59)  # 294 characters: within the title's 300, beyond the slug's 200

    first = services.article_create(title=title)
    second = services.article_create(title=title)

    assert SLUG_MAX_LENGTH == 200
    assert len(first.slug) <= 200
    assert len(second.slug) <= 200
    assert first.slug != second.slug
    assert second.slug.endswith("-2")
    assert not first.slug.endswith("-")
    validate_unicode_slug(first.slug)


def test_unique_slug_without_letters_falls_back_to_a_placeholder():
    assert unique_slug(Tag, "!!! ؟؟؟") == "item"


def test_unique_slug_ignores_the_object_being_edited():
    article = services.article_create(title="خبر عاجل")

    assert unique_slug(Article, "خبر عاجل", exclude_pk=article.pk) == "خبر-عاجل"
    assert unique_slug(Article, "خبر عاجل") == "خبر-عاجل-2"


def test_slug_is_not_translated():
    translated = {field.name for field in Article._meta.get_fields()}

    assert "title_en" in translated
    assert "slug_en" not in translated and "slug_ar" not in translated


def test_lookup_by_slug_works_with_english_active():
    article = services.article_create(title="مدينة الرقة", title_en="The city of Raqqa")

    with translation.override("en"):
        found = Article.objects.get(slug="مدينة-الرقة")
        assert found.title == "The city of Raqqa"

    with translation.override("ar"):
        found = Article.objects.get(slug="مدينة-الرقة")
        assert found.title == "مدينة الرقة"

    assert found.pk == article.pk
