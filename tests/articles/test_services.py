"""Article writes: drafts first, sanitised bodies, search text, status changes, curated links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleAuthor, RelatedLink
from cms import content_version
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def _draft(**kwargs) -> Article:
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


# --- create and update ---------------------------------------------------------------------


def test_article_create_always_makes_a_draft():
    category = CategoryFactory()
    tag = TagFactory()

    article = services.article_create(
        title="خبر جديد", body="<p>نص</p>", primary_category=category, categories=[category], tags=[tag]
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert not Article.objects.published().exists()
    assert article.primary_category == category
    assert list(article.tags.all()) == [tag]


def test_article_create_refuses_fields_it_does_not_know():
    with pytest.raises(TypeError):
        services.article_create(title="خبر", status=Article.Status.PUBLISHED)

    assert not Article.objects.exists()


def test_article_create_sanitises_the_body_in_both_languages():
    article = services.article_create(
        title="خبر",
        body='<p>نص <strong>مهم</strong></p><script>alert("ar")</script>',
        body_en='<p onclick="steal()">Text</p><script>alert("en")</script>',
    )

    article.refresh_from_db()
    assert "<script" not in article.body_ar and "alert" not in article.body_ar
    assert "<strong>مهم</strong>" in article.body_ar
    assert "<script" not in article.body_en and "alert" not in article.body_en
    assert "onclick" not in article.body_en
    assert "Text" in article.body_en


def test_article_update_sanitises_the_body_in_both_languages():
    article = services.article_create(title="خبر", body="<p>قديم</p>")

    services.article_update(
        article=article,
        body_ar='<p>جديد</p><script>alert(1)</script><a href="javascript:alert(2)">رابط</a>',
        body_en="<p>New</p><iframe src='https://evil.example'></iframe>",
    )

    article.refresh_from_db()
    assert "جديد" in article.body_ar
    assert "<script" not in article.body_ar
    assert "javascript:" not in article.body_ar
    assert "New" in article.body_en
    assert "<iframe" not in article.body_en


def test_over_long_body_is_refused_and_nothing_is_stored():
    limit = settings.CMS["ARTICLE_BODY_MAX_LENGTH"]
    body = "<p>" + "ن" * limit + "</p>"

    with pytest.raises(ValidationError) as excinfo:
        services.article_create(title="خبر طويل", body=body)

    assert "body_ar" in excinfo.value.message_dict
    assert not Article.objects.exists()


def test_over_long_body_on_update_leaves_the_stored_article_unchanged():
    article = services.article_create(title="خبر", body="<p>قصير</p>")
    limit = settings.CMS["ARTICLE_BODY_MAX_LENGTH"]

    with pytest.raises(ValidationError) as excinfo:
        services.article_update(article=article, body_en="x" * (limit + 1))

    assert "body_en" in excinfo.value.message_dict
    stored = Article.objects.get(pk=article.pk)
    assert stored.body_ar == "<p>قصير</p>"
    assert stored.body_en in ("", None)


def test_body_at_the_limit_is_accepted():
    limit = settings.CMS["ARTICLE_BODY_MAX_LENGTH"]
    body = "<p>" + "ن" * (limit - len("<p></p>")) + "</p>"

    article = services.article_create(title="خبر", body=body)

    assert len(Article.objects.get(pk=article.pk).body_ar) == limit


def test_search_text_is_normalised():
    article = services.article_create(
        title="القوات الأميركية",
        excerpt="مُلخّص",
        body="<p>في <strong>سوريا</strong></p>",
        title_en="US Forces",
        body_en="<p>In <strong>Syria</strong></p>",
    )

    article.refresh_from_db()
    assert "الاميركيه" in article.search_text_ar
    assert "ملخص" in article.search_text_ar
    assert "<" not in article.search_text_ar and "سوريا" in article.search_text_ar
    assert "us forces in syria" in article.search_text_en


def test_search_text_follows_an_update():
    article = services.article_create(title="عنوان أول")

    services.article_update(article=article, title="مدينة الرقة")

    article.refresh_from_db()
    assert "الرقه" in article.search_text_ar
    assert "اول" not in article.search_text_ar


# --- status changes ------------------------------------------------------------------------


def test_article_publish_makes_it_visible_now_and_bumps_the_content_version():
    article = _draft()
    before = content_version.current().value

    services.article_publish(article=article)

    assert article.status == Article.Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert list(Article.objects.published()) == [article]
    assert content_version.current().value > before


def test_article_publish_at_a_past_moment_keeps_that_date():
    article = _draft()
    at = timezone.now() - timedelta(days=3)

    services.article_publish(article=article, at=at)

    assert article.published_at == at
    assert article in Article.objects.published()


def test_article_unpublish_returns_it_to_draft_and_bumps_the_content_version():
    article = ArticleFactory()
    before = content_version.current().value

    services.article_unpublish(article=article)

    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()
    assert content_version.current().value > before


def test_article_archive_hides_it_and_bumps_the_content_version():
    article = ArticleFactory()
    before = content_version.current().value

    services.article_archive(article=article)

    assert article.status == Article.Status.ARCHIVED
    assert not Article.objects.published().exists()
    assert content_version.current().value > before


def test_article_schedule_sets_a_future_date_and_records_the_next_publication():
    article = _draft()
    at = timezone.now() + timedelta(days=1)
    before = content_version.current().value

    services.article_schedule(article=article, published_at=at)

    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == at
    assert not Article.objects.published().exists()
    state = content_version.current()
    assert state.value > before
    assert state.next_publication_at == at


def test_article_schedule_in_the_past_is_refused():
    article = _draft()
    before = content_version.current().value

    with pytest.raises(ValidationError) as excinfo:
        services.article_schedule(article=article, published_at=timezone.now() - timedelta(minutes=1))

    assert "published_at" in excinfo.value.message_dict
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert content_version.current().value == before


def test_bulk_publish_changes_every_article_in_one_bump():
    drafts = [_draft() for _ in range(3)]
    before = content_version.current().value

    count = services.articles_publish(Article.objects.filter(pk__in=[a.pk for a in drafts]))

    assert count == 3
    assert Article.objects.published().count() == 3
    assert content_version.current().value == before + 1


def test_article_update_bumps_the_content_version():
    article = services.article_create(title="خبر")
    before = content_version.current().value

    services.article_update(article=article, title="خبر معدل")

    assert content_version.current().value > before


# --- related links and byline --------------------------------------------------------------


def test_related_links_keep_the_editor_order():
    article, first, second, third = ArticleFactory.create_batch(4)

    services.related_links_set(article=article, targets=[third, first, second])

    links = RelatedLink.objects.filter(from_article=article).order_by("position")
    assert [link.to_article for link in links] == [third, first, second]
    assert [link.position for link in links] == [0, 1, 2]


def test_related_links_set_replaces_the_previous_links():
    article, old, new = ArticleFactory.create_batch(3)
    services.related_links_set(article=article, targets=[old])

    services.related_links_set(article=article, targets=[new])

    assert [link.to_article for link in article.related_links.all()] == [new]


def test_related_link_to_itself_is_refused_and_links_are_kept():
    article, other = ArticleFactory.create_batch(2)
    services.related_links_set(article=article, targets=[other])

    with pytest.raises(ValidationError):
        services.related_links_set(article=article, targets=[article])

    assert [link.to_article for link in article.related_links.all()] == [other]


def test_duplicate_related_link_is_refused():
    article, other = ArticleFactory.create_batch(2)

    with pytest.raises(ValidationError):
        services.related_links_set(article=article, targets=[other, other])

    assert not RelatedLink.objects.exists()


def test_related_links_set_bumps_the_content_version():
    article, other = ArticleFactory.create_batch(2)
    before = content_version.current().value

    services.related_links_set(article=article, targets=[other])

    assert content_version.current().value > before


def test_byline_keeps_the_editor_order():
    first, second, third = AuthorFactory.create_batch(3)

    article = services.article_create(title="خبر", authors=[second, third, first])

    bylines = ArticleAuthor.objects.filter(article=article).order_by("position")
    assert [b.author for b in bylines] == [second, third, first]
    assert list(article.authors.order_by("bylines__position")) == [second, third, first]


def test_byline_drops_a_repeated_author():
    first, second = AuthorFactory.create_batch(2)

    article = services.article_create(title="خبر", authors=[first, second, first])

    assert [b.author for b in article.bylines.order_by("position")] == [first, second]


def test_article_update_replaces_the_byline_only_when_given():
    first, second = AuthorFactory.create_batch(2)
    article = services.article_create(title="خبر", authors=[first, second])

    services.article_update(article=article, title="خبر معدل")
    assert [b.author for b in article.bylines.order_by("position")] == [first, second]

    services.article_update(article=article, authors=[second])
    assert [b.author for b in article.bylines.order_by("position")] == [second]
