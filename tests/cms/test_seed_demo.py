"""``seed_demo``: the demo newsroom, loaded idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag
from cms.demo import content
from cms.models import Page, SiteSettings

pytestmark = pytest.mark.django_db

COUNTED = {
    "articles": Article,
    "bylines": ArticleAuthor,
    "authors": Author,
    "categories": Category,
    "tags": Tag,
    "related links": RelatedLink,
    "pages": Page,
    "site settings": SiteSettings,
    "users": get_user_model(),
    "groups": Group,
}


def _counts() -> dict[str, int]:
    counts = {name: model.objects.count() for name, model in COUNTED.items()}
    counts["article categories"] = Article.categories.through.objects.count()
    counts["article tags"] = Article.tags.through.objects.count()
    return counts


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    _seed()


def test_seed_demo_twice_gives_the_same_rows():
    _seed()
    first = _counts()
    first_articles = dict(Article.objects.values_list("slug", "updated_at"))

    _seed()

    assert _counts() == first
    assert dict(Article.objects.values_list("slug", "updated_at")) == first_articles
    assert first["articles"] == 1 + len(content.OTHER_ARTICLES) + 2


def test_seed_demo_prints_the_local_admin_user():
    output = _seed()

    assert content.ADMIN_USERNAME in output
    user = get_user_model().objects.get(username=content.ADMIN_USERNAME)
    assert user.is_superuser
    assert user.check_password(content.ADMIN_PASSWORD)


def test_seed_demo_without_admin_creates_no_user():
    call_command("seed_demo", "--no-admin", stdout=StringIO())

    assert not get_user_model().objects.exists()


def test_reference_article_is_published_with_its_categories(seeded):
    article = Article.objects.published().get(slug=content.REFERENCE_SLUG)

    assert article.primary_category.name_ar == "العراق"
    assert [c.name_ar for c in article.categories.all()] == ["مخيم الهول"]


def test_reference_article_has_its_byline_source_line_and_body(seeded):
    article = Article.objects.get(slug=content.REFERENCE_SLUG)

    assert [b.author.slug for b in article.bylines.order_by("position")] == ["editor2"]
    assert article.source_line_ar == "فرات بوست: أخبار ومتابعات"
    assert article.title_ar.startswith("مسؤولون أمريكيون")
    assert article.body_ar.count("<p>") == 5
    assert "جو بايدن" in article.body_ar
    assert "الاميركي" in article.search_text_ar


def test_reference_article_has_an_english_translation(seeded):
    article = Article.objects.get(slug=content.REFERENCE_SLUG)

    assert article.title_en == content.REFERENCE_ARTICLE["title_en"]
    with translation.override("en"):
        assert Article.objects.get(slug=content.REFERENCE_SLUG).title.startswith("US officials")


def test_reference_article_has_its_curated_related_links_in_order(seeded):
    article = Article.objects.get(slug=content.REFERENCE_SLUG)

    links = [link.to_article.slug for link in article.related_links.order_by("position")]

    assert links == content.REFERENCE_RELATED
    assert all(Article.objects.published().filter(slug=slug).exists() for slug in links)


def test_other_articles_are_published_and_share_categories_and_tags(seeded):
    published = Article.objects.published()
    reference = published.get(slug=content.REFERENCE_SLUG)

    assert published.count() >= 5
    others = published.exclude(pk=reference.pk)
    assert others.filter(primary_category=reference.primary_category).count() >= 2
    assert others.filter(tags__in=reference.tags.all()).distinct().count() >= 3


def test_draft_is_not_published(seeded):
    draft = Article.objects.get(slug=content.DRAFT_ARTICLE["slug"])

    assert draft.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_scheduled_article_is_not_visible_yet(seeded):
    scheduled = Article.objects.get(slug=content.SCHEDULED_ARTICLE["slug"])

    assert scheduled.status == Article.Status.PUBLISHED
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    assert list(Article.objects.scheduled()) == [scheduled]
    assert Article.objects.published(now=scheduled.published_at).filter(pk=scheduled.pk).exists()


def test_site_settings_have_the_corrected_texts_and_the_policy_page(seeded):
    site = SiteSettings.load()

    assert site.name_ar == "فرات بوست"
    assert site.tagline_ar == "أخبار ومتابعات"
    assert "بياناتك" in site.comment_consent_text_ar
    assert "بيناتك" not in site.comment_consent_text_ar
    assert "باستخدامك" in site.comment_consent_text_ar
    assert "الكوكيز" in site.cookie_notice_ar
    assert site.comment_consent_text_en
    assert site.cookie_policy_page.slug == content.POLICY_PAGE["slug"]
    assert site.cookie_policy_page in Page.objects.published()


def test_seed_demo_creates_the_roles(seeded):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Moderators"}


def test_seed_demo_keeps_an_editors_changes():
    _seed()
    article = Article.objects.get(slug=content.REFERENCE_SLUG)
    Article.objects.filter(pk=article.pk).update(title_ar="عنوان عدله المحرر")

    _seed()

    assert Article.objects.get(pk=article.pk).title_ar == "عنوان عدله المحرر"
