"""Visibility: ``Article.objects.published()`` and ``published_q()`` are the one rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, Category
from articles.querysets import published_q
from cms import content_version
from cms.models import ContentVersion
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_published_article_with_past_date_is_published():
    article = ArticleFactory(published_at=timezone.now() - timedelta(minutes=1))

    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED])
def test_article_that_is_not_published_status_is_hidden_even_with_past_date(status):
    ArticleFactory(status=status, published_at=timezone.now() - timedelta(days=1))

    assert not Article.objects.published().exists()


def test_draft_without_date_is_hidden():
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert not Article.objects.published().exists()


def test_future_dated_published_article_is_scheduled_not_published():
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))

    assert not Article.objects.published().exists()
    assert list(Article.objects.scheduled()) == [article]
    assert list(Article.objects.not_published()) == [article]


def test_scheduled_article_is_visible_from_its_publication_moment():
    at = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(published_at=at)

    assert not Article.objects.published(now=at - timedelta(seconds=1)).exists()
    assert list(Article.objects.published(now=at)) == [article]
    assert list(Article.objects.published(now=at + timedelta(days=1))) == [article]


def test_next_publication_at_is_the_earliest_scheduled_date():
    now = timezone.now()
    ArticleFactory(published_at=now + timedelta(days=2))
    soon = ArticleFactory(published_at=now + timedelta(hours=3))
    ArticleFactory(published_at=now - timedelta(hours=3))
    ArticleFactory(status=Article.Status.DRAFT, published_at=now + timedelta(hours=1))

    assert Article.objects.next_publication_at() == soon.published_at


def test_next_publication_at_is_none_when_nothing_is_scheduled():
    ArticleFactory()

    assert Article.objects.next_publication_at() is None


def test_scheduled_article_goes_live_and_changes_content_token_with_nothing_run():
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    services.article_schedule(article=article, published_at=timezone.now() + timedelta(hours=1))
    before = content_version.current()
    assert before.next_publication_at == article.published_at
    assert not Article.objects.published().exists()

    # The clock moves past the scheduled moment: only the stored dates are moved back, no
    # service is called and no job runs.
    past = timezone.now() - timedelta(seconds=1)
    Article.objects.filter(pk=article.pk).update(published_at=past)
    ContentVersion.objects.filter(pk=1).update(next_publication_at=past)

    after = content_version.current()
    assert list(Article.objects.published()) == [article]
    assert after.value > before.value
    assert after.token != before.token
    assert after.next_publication_at is None


def test_content_token_is_stable_while_nothing_changes():
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    services.article_publish(article=ArticleFactory(status=Article.Status.DRAFT, published_at=None))

    assert content_version.current() == content_version.current()


def test_published_q_composes_through_a_relation():
    now = timezone.now()
    with_published, with_draft, with_scheduled, empty = CategoryFactory.create_batch(4)
    ArticleFactory(categories=[with_published])
    ArticleFactory(categories=[with_published, with_draft], status=Article.Status.DRAFT)
    ArticleFactory(categories=[with_scheduled], published_at=now + timedelta(hours=1))

    visible = Category.objects.filter(published_q("articles__")).distinct()

    assert list(visible) == [with_published]
    assert empty not in visible


def test_published_q_accepts_an_explicit_now():
    at = timezone.now() + timedelta(hours=1)
    category = CategoryFactory()
    ArticleFactory(categories=[category], published_at=at)

    assert not Category.objects.filter(published_q("articles__", now=at - timedelta(seconds=1))).exists()
    assert list(Category.objects.filter(published_q("articles__", now=at)).distinct()) == [category]
