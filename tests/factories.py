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
