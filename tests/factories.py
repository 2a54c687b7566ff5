"""factory_boy factories; articles are written the way services write them (normalised search text)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag
from articles.services import article_search_text
from cms.models import Page


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"كاتب {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio_ar = "نبذة"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_ar = factory.Sequence(lambda n: f"تصنيف {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_ar = factory.Sequence(lambda n: f"وسم {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default; pass ``status``/``published_at`` for the other states."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_ar = factory.Sequence(lambda n: f"خبر رقم {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    excerpt_ar = "ملخص الخبر"
    body_ar = "<p>نص الخبر</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def search_text(obj, create, extracted, **kwargs):
        obj.search_text_ar = article_search_text(obj, "ar")
        obj.search_text_en = article_search_text(obj, "en")
        if create:
            Article.objects.filter(pk=obj.pk).update(search_text_ar=obj.search_text_ar, search_text_en=obj.search_text_en)

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            for i, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=obj, author=author, position=i)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class RelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    from_article = factory.SubFactory(ArticleFactory)
    to_article = factory.SubFactory(ArticleFactory)
    position = 0


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title_ar = factory.Sequence(lambda n: f"صفحة {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body_ar = "<p>نص الصفحة</p>"


# --- comments (issue 4) ---

from comments.models import BlockedSender, Comment  # noqa: E402


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved top-level comment by default; ``parent=`` makes a reply in the parent's thread.

    Written directly, not through ``comment_submit``: ``Article.comment_count`` is not updated.
    """

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    article = factory.LazyAttribute(lambda o: o.parent.article if o.parent else ArticleFactory())
    parent = None
    thread = factory.LazyAttribute(lambda o: o.parent.thread if o.parent else None)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 1)
    author_name = factory.Sequence(lambda n: f"قارئ {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = factory.Sequence(lambda n: f"<p>تعليق رقم {n}</p>")
    body_text = factory.Sequence(lambda n: f"تعليق رقم {n}")
    status = Comment.Status.APPROVED
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = 1
    ip_address = "192.0.2.1"
    user_agent = "pytest"
    # Increasing times, so creation order is the listing's order.
    submitted_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1) + timedelta(seconds=n))
    # As comment_submit sets it: the top-level comment's submission time, on every comment of its thread.
    thread_started_at = factory.LazyAttribute(lambda o: o.parent.thread_started_at if o.parent else o.submitted_at)

    @factory.post_generation
    def own_thread(obj, create, extracted, **kwargs):
        if obj.parent_id is None and obj.thread_id is None:
            obj.thread_id = obj.pk
            if create:
                Comment.objects.filter(pk=obj.pk).update(thread=obj.pk)


class BlockedSenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedSender

    kind = BlockedSender.Kind.EMAIL
    value = factory.Sequence(lambda n: f"blocked{n}@example.org")
    action = BlockedSender.Action.HOLD


# --- moderation and privacy (issue 5) ---

from comments.models import CommentReport, ModerationEvent  # noqa: E402


class ModerationEventFactory(factory.django.DjangoModelFactory):
    """A moderator's approval of a pending comment."""

    class Meta:
        model = ModerationEvent

    comment = factory.SubFactory(CommentFactory, status=Comment.Status.APPROVED)
    comment_ref = factory.LazyAttribute(lambda o: o.comment.pk)
    action = ModerationEvent.Action.STATUS
    from_status = Comment.Status.PENDING
    to_status = Comment.Status.APPROVED


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentReport

    comment = factory.SubFactory(CommentFactory)
    reason = CommentReport.Reason.ABUSE
    reporter_hash = factory.Sequence(lambda n: f"{n:064x}")
