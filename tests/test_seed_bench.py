"""``manage.py seed_bench``: the benchmark's data set, small, so the command does not rot."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from articles.management.commands.seed_bench import HOT_COMMENTS, HOT_SLUG, PREFIX, TAG_COUNT
from articles.models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag
from articles.services import article_search_text
from cms import content_version
from comments.models import Comment

pytestmark = pytest.mark.django_db

ARTICLES, COMMENTS = 30, 50


def seed(*args: str) -> None:
    call_command("seed_bench", "--articles", str(ARTICLES), "--comments", str(COMMENTS), "--quiet", *args, stdout=StringIO(), stderr=StringIO())


def test_seeds_published_arabic_articles_with_their_taxonomy():
    seed()

    articles = Article.objects.filter(slug__startswith=PREFIX)
    assert articles.count() == ARTICLES
    assert articles.published().count() == ARTICLES
    assert Category.objects.filter(slug__startswith=PREFIX).count() == 20
    assert Category.objects.filter(slug__startswith=PREFIX, parent__parent__isnull=False).exists()  # nested two deep
    assert Tag.objects.filter(slug__startswith=PREFIX).count() == TAG_COUNT
    assert Author.objects.filter(slug__startswith=PREFIX).count() == 2
    # Two categories each (the primary and one other), three tags, a byline.
    assert not articles.filter(primary_category__isnull=True).exists()
    assert set(articles.annotate(n=Count("categories")).values_list("n", flat=True)) == {1}
    assert not articles.filter(categories=F("primary_category")).exists()
    assert set(articles.annotate(n=Count("tags")).values_list("n", flat=True)) == {3}
    assert ArticleAuthor.objects.filter(article__in=articles).values("article").distinct().count() == ARTICLES
    assert RelatedLink.objects.filter(from_article__in=articles).count() == 4  # two on every tenth article


def test_article_text_is_about_600_arabic_words_with_search_text_as_the_services_write_it():
    seed()

    article = Article.objects.filter(slug__startswith=PREFIX).first()
    words = len(article.body_ar.replace("<p>", " ").replace("</p>", " ").split())
    assert 600 <= words <= 610
    for lang in ("ar", "en"):
        assert getattr(article, f"search_text_{lang}") == article_search_text(article, lang)
    untranslated = Article.objects.filter(slug__startswith=PREFIX, title_en__isnull=True).first()
    translated = Article.objects.filter(slug__startswith=PREFIX, title_en__gt="").first()
    assert untranslated.search_text_en == untranslated.search_text_ar  # served, and so searched, in Arabic
    assert translated.search_text_en != translated.search_text_ar


def test_the_newest_article_has_500_approved_threaded_comments():
    seed()

    hot = Article.objects.get(slug=HOT_SLUG)
    assert hot == Article.objects.published().order_by("-published_at", "-id").first()
    comments = Comment.objects.filter(article=hot)
    assert comments.count() == comments.approved().count() == HOT_COMMENTS
    assert hot.comment_count == HOT_COMMENTS
    assert set(comments.values_list("depth", flat=True)) == {1, 2, 3}
    # As comment_submit writes them: a thread is its top-level comment, a reply is one deeper than its parent.
    assert not comments.filter(parent__isnull=True).exclude(thread=F("id")).exists()
    assert not comments.filter(parent__isnull=False).exclude(thread=F("parent__thread")).exists()
    assert not comments.filter(parent__isnull=False).exclude(depth=F("parent__depth") + 1).exists()
    assert not comments.exclude(thread_started_at=F("thread__submitted_at")).exists()
    assert not comments.filter(consent_at__isnull=True).exists()


def test_other_comments_are_spread_some_pending_and_counted():
    seed()

    others = Comment.objects.filter(article__slug__startswith=PREFIX).exclude(article__slug=HOT_SLUG)
    assert others.count() == COMMENTS
    assert others.pending().exists() and others.approved().exists()
    assert not others.pending().filter(replies__isnull=False).exists()  # replies only to approved comments
    for article in Article.objects.filter(slug__startswith=PREFIX):
        assert article.comment_count == Comment.objects.approved().filter(article=article).count()


def test_the_api_lists_the_seeded_articles(client):
    seed()

    data = client.get("/api/v1/articles/").json()

    assert data["count"] == ARTICLES
    assert data["results"][0]["slug"] == HOT_SLUG
    assert data["results"][0]["comment_count"] == HOT_COMMENTS
    assert len(data["results"][0]["tags"]) == 3 and len(data["results"][0]["categories"]) == 2


def test_seeding_is_deterministic_and_reset_replaces_the_data():
    seed()
    first = list(Article.objects.filter(slug__startswith=PREFIX).order_by("slug").values_list("slug", "title_ar", "body_ar"))
    version = content_version.current().value

    seed("--reset")

    assert list(Article.objects.filter(slug__startswith=PREFIX).order_by("slug").values_list("slug", "title_ar", "body_ar")) == first
    assert Tag.objects.filter(slug__startswith=PREFIX).count() == TAG_COUNT
    assert content_version.current().value > version  # caches and ETags move on


def test_reset_deletes_in_batches_with_everything_attached(monkeypatch):
    from articles.management.commands import seed_bench

    seed()
    other = Article.objects.exclude(slug__startswith=PREFIX).count()
    monkeypatch.setattr(seed_bench, "RESET_BATCH", 7)  # several rounds over the 30 articles

    seed("--reset")

    assert Article.objects.filter(slug__startswith=PREFIX).count() == ARTICLES
    assert Article.objects.exclude(slug__startswith=PREFIX).count() == other
    assert Comment.objects.count() == COMMENTS + HOT_COMMENTS  # the old ones went with their articles
    assert RelatedLink.objects.count() == 4


def test_seeding_twice_without_reset_is_refused():
    seed()

    with pytest.raises(CommandError, match="--reset"):
        seed()
