"""Writes to articles: shared by the admin, the API and management commands.

Every function that changes what readers see bumps the content version (``content_changed``)
explicitly; bulk ``update()``s send no signals, so nothing relies on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.arabic import normalize
from cms.content_version import content_changed
from cms.sanitize import HtmlTooComplex, clean_article_html, html_to_text
from cms.slugs import unique_slug

from .models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag

LANGS = ("ar", "en")
# Fields an editor may set through article_create/article_update (translated ones per language).
TRANSLATED_FIELDS = ("title", "excerpt", "body", "source_line", "meta_description", "image_alt", "image_caption")
PLAIN_FIELDS = ("image_credit", "comments_enabled", "canonical_url", "image")


def _body_limit() -> int:
    return settings.CMS["ARTICLE_BODY_MAX_LENGTH"]


def article_sanitize(article: Article) -> None:
    """Sanitise every language's body with the editors' cleaner; over-long or too complex is a ValidationError."""
    for lang in LANGS:
        field = f"body_{lang}"
        raw = getattr(article, field) or ""
        if len(raw) > _body_limit():
            raise ValidationError({field: _("The body may be at most %(max)d characters.") % {"max": _body_limit()}})
        try:
            setattr(article, field, clean_article_html(raw) if raw else raw)
        except HtmlTooComplex as exc:
            raise ValidationError({field: str(exc)}, code=exc.code) from exc


def article_search_text(article: Article, lang: str) -> str:
    """Normalised text of the version readers of ``lang`` are served: an untranslated article is
    served (and so searched) in Arabic."""
    if lang != "ar" and not (getattr(article, f"title_{lang}") and getattr(article, f"body_{lang}")):
        lang = "ar"
    parts = [getattr(article, f"{name}_{lang}") or "" for name in ("title", "excerpt")]
    parts.append(html_to_text(getattr(article, f"body_{lang}") or ""))
    return normalize(" ".join(parts))


def _prepare(article: Article) -> None:
    article_sanitize(article)
    if not article.slug:
        article.slug = unique_slug(Article, article.title_ar or article.title_en or "", exclude_pk=article.pk)
    for lang in LANGS:
        setattr(article, f"search_text_{lang}", article_search_text(article, lang))


@transaction.atomic
def article_save(*, article: Article) -> Article:
    """Sanitise, index for search and save an article edited in place (the admin's path)."""
    _prepare(article)
    article.full_clean(exclude=["image"])
    article.save()
    content_changed()
    return article


def _apply_fields(article: Article, fields: dict) -> None:
    for name, value in fields.items():
        if name in TRANSLATED_FIELDS:
            setattr(article, f"{name}_ar", value)
        elif name.rsplit("_", 1)[0] in TRANSLATED_FIELDS and name.rsplit("_", 1)[-1] in LANGS:
            setattr(article, name, value)
        elif name in PLAIN_FIELDS or name in ("slug", "primary_category"):
            setattr(article, name, value)
        else:
            raise TypeError(f"article field {name!r} cannot be set here")


def article_set_relations(
    *,
    article: Article,
    authors: Sequence[Author] | None = None,
    categories: Iterable[Category] | None = None,
    tags: Iterable[Tag] | None = None,
    related: Sequence[Article] | None = None,
) -> None:
    """Replace the byline (ordered), categories, tags and curated related links that are given."""
    if authors is not None:
        ArticleAuthor.objects.filter(article=article).delete()
        seen = []
        for author in authors:
            if author.pk not in seen:
                seen.append(author.pk)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=pk, position=i) for i, pk in enumerate(seen)
        )
    if categories is not None:
        article.categories.set(categories)
    if tags is not None:
        article.tags.set(tags)
    if related is not None:
        related_links_set(article=article, targets=related)


@transaction.atomic
def article_create(
    *,
    title: str,
    authors: Sequence[Author] = (),
    categories: Iterable[Category] = (),
    tags: Iterable[Tag] = (),
    related: Sequence[Article] = (),
    **fields,
) -> Article:
    """Create an article, always as a draft: publishing is a separate, deliberate step."""
    article = Article(status=Article.Status.DRAFT)
    _apply_fields(article, {"title": title, **fields})
    article_save(article=article)
    article_set_relations(article=article, authors=authors, categories=categories, tags=tags, related=related)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    authors: Sequence[Author] | None = None,
    categories: Iterable[Category] | None = None,
    tags: Iterable[Tag] | None = None,
    related: Sequence[Article] | None = None,
    **fields,
) -> Article:
    _apply_fields(article, fields)
    article_save(article=article)
    article_set_relations(article=article, authors=authors, categories=categories, tags=tags, related=related)
    return article


@transaction.atomic
def related_links_set(*, article: Article, targets: Sequence[Article]) -> list[RelatedLink]:
    """Replace the curated links, in the given order; self-links and duplicates are refused."""
    ids: list[int] = []
    for target in targets:
        if target.pk == article.pk:
            raise ValidationError({"related": _("An article cannot be related to itself.")})
        if target.pk in ids:
            raise ValidationError({"related": _("The same article is linked twice.")})
        ids.append(target.pk)
    RelatedLink.objects.filter(from_article=article).delete()
    links = RelatedLink.objects.bulk_create(
        RelatedLink(from_article=article, to_article_id=pk, position=i) for i, pk in enumerate(ids)
    )
    content_changed()
    return links


def _ids(articles) -> list[int]:
    if hasattr(articles, "values_list"):
        return list(articles.values_list("pk", flat=True))
    return [a.pk for a in articles]


def _set_status(articles, *, status: str, published_at: datetime | None = None) -> int:
    """One UPDATE for any number of articles, then one content-version bump."""
    values = {"status": status, "updated_at": timezone.now()}
    if published_at is not None:
        values["published_at"] = published_at
    count = Article.objects.filter(pk__in=_ids(articles)).update(**values)
    if count:
        content_changed()
    return count


@transaction.atomic
def articles_publish(articles, *, at: datetime | None = None) -> int:
    """Publish now, or at ``at`` (a future ``at`` schedules)."""
    return _set_status(articles, status=Article.Status.PUBLISHED, published_at=at or timezone.now())


@transaction.atomic
def article_publish(*, article: Article, at: datetime | None = None) -> Article:
    articles_publish([article], at=at)
    article.refresh_from_db()
    return article


@transaction.atomic
def article_schedule(*, article: Article, published_at: datetime) -> Article:
    """Publish at a future moment; readers see it from then on, with no job needed."""
    if published_at <= timezone.now():
        raise ValidationError({"published_at": _("A scheduled date must be in the future.")})
    return article_publish(article=article, at=published_at)


@transaction.atomic
def articles_unpublish(articles) -> int:
    return _set_status(articles, status=Article.Status.DRAFT)


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    articles_unpublish([article])
    article.refresh_from_db()
    return article


@transaction.atomic
def articles_archive(articles) -> int:
    return _set_status(articles, status=Article.Status.ARCHIVED)


@transaction.atomic
def article_archive(*, article: Article) -> Article:
    articles_archive([article])
    article.refresh_from_db()
    return article


@transaction.atomic
def article_delete(*, article: Article) -> None:
    article.delete()
    content_changed()


@transaction.atomic
def taxonomy_save(*, obj: Category | Tag | Author) -> Category | Tag | Author:
    """Save a category, tag or author (filling a missing slug) and bump the content version."""
    if not obj.slug:
        source = getattr(obj, "name_ar", None) or obj.name
        obj.slug = unique_slug(type(obj), source, exclude_pk=obj.pk)
    obj.full_clean()
    obj.save()
    content_changed()
    return obj


@transaction.atomic
def taxonomy_delete(*, obj: Category | Tag | Author) -> None:
    obj.delete()
    content_changed()
