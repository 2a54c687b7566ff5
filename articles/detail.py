"""The article detail: a list item plus body, source line, meta, comment state and related posts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import content_version
from cms.content_version import remembered
from cms.api.errors import ApiError
from cms.links import LinkBuilder
from cms.prepared import Prepared

from . import selectors
from .models import Article

DETAIL_EXTRA = ("body_ar", "body_en", "source_line_ar", "source_line_en", "meta_description_ar",
                "meta_description_en", "comments_enabled", "canonical_url", "status")


def comments_open(*, comments_enabled: bool, published_at) -> bool:
    """Open when enabled and, if CMS["COMMENTS_CLOSE_AFTER_DAYS"] is set, not older than that."""
    if not comments_enabled:
        return False
    days = settings.CMS.get("COMMENTS_CLOSE_AFTER_DAYS") or 0
    if days and published_at and published_at < timezone.now() - timedelta(days=days):
        return False
    return True


def _related(row: dict, rel: selectors.Relations, lang: str, links, *, token: str | None) -> list[dict]:
    article_id = row["id"]
    limit = settings.CMS["RELATED_COUNT"]
    of = rel.get(article_id, selectors.NO_RELATIONS)
    category_ids = of.category_ids
    if row["primary_category_id"] and row["primary_category_id"] not in category_ids:
        category_ids = [row["primary_category_id"], *category_ids]

    def compute() -> list[dict]:
        ids = selectors.related_ids(article_id, category_ids, of.tag_ids, limit)
        return selectors.related_rows(ids)

    if token:
        # Related picks are the costliest part of a detail: their rows are cached per article with
        # the content version (a related article unpublished or edited moves it).
        rows = remembered(token, f"cms:related-rows:{article_id}:{limit}:{token}", compute, 3600)
    else:
        rows = compute()
    return selectors.related_items(rows, lang, links)


# The readers' detail: one published article by slug, compiled once (cms.prepared).
_PUBLISHED_BY_SLUG = Prepared(
    lambda m: selectors.published_rows(now=m.now).filter(slug=m.text("slug")).values(*selectors.LIST_FIELDS, *DETAIL_EXTRA)
)


def article_detail(request, lang: str, *, slug: str | None = None, pk: int | None = None, published_only: bool = True) -> dict:
    """The detail data; a 404 unless the article is published (or ``published_only`` is off)."""
    if published_only and slug is not None:
        rows = _PUBLISHED_BY_SLUG.dicts(now=timezone.now(), slug=slug)
        row = rows[0] if rows else None
    else:
        base = selectors.with_translation_flag(Article.objects.published() if published_only else Article.objects.all())
        lookup = {"slug": slug} if slug is not None else {"pk": pk}
        row = base.filter(**lookup).values(*selectors.LIST_FIELDS, *DETAIL_EXTRA).first()
    if row is None:
        raise ApiError(404, "not_found", _("Not found."))
    links = LinkBuilder(request)
    token = content_version.for_request(request).token if published_only else None
    rel = selectors.load_relations([row["id"]], token=token)
    data = selectors.list_item(row, rel, lang, links)
    served = data["language"]
    if row["canonical_url"]:
        data["url"] = row["canonical_url"]
    data.update(
        {
            "body": row.get(f"body_{served}") or "",
            "source_line": row.get(f"source_line_{served}") or "",
            "meta_description": row.get(f"meta_description_{served}") or "",
            "comments_open": comments_open(comments_enabled=row["comments_enabled"], published_at=row["published_at"]),
            "available_languages": ["ar", "en"] if row["translated_en"] else ["ar"],
            "related": _related(row, rel, lang, links, token=token),
        }
    )
    if not published_only:
        data["status"] = row["status"]
    return data
