"""The read side of articles for the API, feeds and sitemap: lean dicts built from ``values()`` rows.

Every function starts from ``Article.objects.published()``. Lists run a fixed number of
queries: the page of rows and one UNION ALL for the bylines, primary and other categories and
tags of all items on it (mostly from a per-process memo: see ``load_relations``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from django.db.models import BooleanField, Case, Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone

from cms.api.language import direction
from cms.content_version import VersionMemo, remembered, remembered_many

from . import queries
from .models import Article, ArticleAuthor, Category, RelatedLink

LANGS = ("ar", "en")
DEFAULT_LANG = "ar"

# Columns of a list item, both languages (small fields only: never the bodies).
LIST_FIELDS = (
    "id", "slug", "title_ar", "title_en", "excerpt_ar", "excerpt_en", "published_at", "updated_at",
    "image", "image_alt_ar", "image_alt_en", "image_caption_ar", "image_caption_en", "image_credit",
    "image_width", "image_height", "comment_count", "primary_category_id", "translated_en",
)
LEAN_FIELDS = ("id", "slug", "title_ar", "title_en", "image", "image_alt_ar", "image_alt_en",
               "image_caption_ar", "image_caption_en", "image_credit", "image_width", "image_height",
               "published_at", "translated_en")


class HasText(Func):
    """A text column that is not empty (NULL is not). On PostgreSQL by its stored length:
    ``octet_length`` reads a compressed value's header, where ``body_en > ''`` decompressed every
    translated body a list page showed."""

    output_field = BooleanField()

    def __init__(self, column: str):
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} > ''", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"octet_length({sql}) > 0", params


def translated_q(lang: str, prefix: str = "") -> Q:
    """An article counts as translated into ``lang`` when its title and body exist in it."""
    if lang == DEFAULT_LANG:
        return Q(pk__isnull=False)
    return Q(**{f"{prefix}title_{lang}__gt": ""}) & Q(HasText(f"{prefix}body_{lang}"))


def with_translation_flag(qs):
    return qs.annotate(translated_en=Case(When(translated_q("en"), then=Value(True)), default=Value(False), output_field=BooleanField()))


def served_language(requested: str, translated: bool) -> str:
    """A translated item is served wholly in the requested language, any other wholly in Arabic."""
    return requested if requested == DEFAULT_LANG or translated else DEFAULT_LANG


def _pick(row: dict, name: str, lang: str) -> str:
    value = row.get(f"{name}_{lang}")
    if value:
        return value
    return row.get(f"{name}_{DEFAULT_LANG}") or ""


# The row's keys of each language's text, and each language's direction, made once.
_TEXT_KEYS = {lang: (f"title_{lang}", f"excerpt_{lang}", f"image_alt_{lang}", f"image_caption_{lang}") for lang in LANGS}
_DIRECTION = {lang: direction(lang) for lang in LANGS}


def image_data(row: dict, lang: str, links) -> dict | None:
    """The item's image, its alt text and caption in the served language only, like the rest of the item."""
    if not row.get("image"):
        return None
    _title, _excerpt, alt, caption = _TEXT_KEYS[lang]
    return {
        "url": links.media(row["image"]),
        "alt": row.get(alt) or "",
        "caption": row.get(caption) or "",
        "credit": row.get("image_credit") or "",
        "width": row.get("image_width"),
        "height": row.get("image_height"),
    }


@lru_cache(maxsize=16_384)
def _named(slug: str, name_ar: str, name_en: str | None, lang: str) -> dict:
    """{name, slug} in ``lang``. Made once per distinct value and shared between answers (the key is
    the whole content, so nothing can go stale): read-only, like everything rendered from it."""
    return {"name": (name_en or name_ar) if lang == "en" else name_ar, "slug": slug}


@dataclass(slots=True)
class ArticleRelations:
    """One article's bylines, categories and tags, as read: ``categories`` and ``tags`` are
    (slug, name_ar, name_en), ``primary`` the primary category's, or ``None``."""

    authors: list[dict] = field(default_factory=list)
    categories: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    primary: tuple | None = None
    # lang -> (authors, primary, categories, tags) as an item shows them
    _shown: dict = field(default_factory=dict)

    def shown(self, lang: str) -> tuple[list[dict], dict | None, list[dict], list[dict]]:
        """The bylines, primary category, categories (primary first) and tags in ``lang``: made once
        per language and shared by every answer that shows them (read-only, like ``_named``'s),
        so an article kept in the memo is not rendered again on every page."""
        shown = self._shown.get(lang)
        if shown is None:
            primary = _named(*self.primary, lang) if self.primary else None
            categories = [primary] if primary else []
            categories += [_named(slug, ar, en, lang) for slug, ar, en in self.categories if primary is None or slug != primary["slug"]]
            tags = [_named(slug, ar, en, lang) for slug, ar, en in self.tags]
            shown = self._shown[lang] = (self.authors, primary, categories, tags)
        return shown


NO_RELATIONS = ArticleRelations()  # shared by articles with no relations: its lists stay empty
Relations = dict[int, ArticleRelations]


def relations_queryset(article_ids):
    """The bylines, primary and other categories and tags of these articles as one UNION ALL:
    rows of (kind, article id, ref, slug, name_ar, name_en, position). The primary category comes
    here rather than joined to the page's rows, so a page read while the relations are remembered
    reads the article table alone."""
    authors = (
        ArticleAuthor.objects.filter(article_id__in=article_ids).order_by().annotate(kind=Value("a"))
        .values_list("kind", "article_id", "author_id", "author__slug", "author__name", "author__name", "position")
    )
    categories = (
        Article.categories.through.objects.filter(article_id__in=article_ids).order_by().annotate(kind=Value("c"))
        .values_list("kind", "article_id", "category_id", "category__slug", "category__name_ar", "category__name_en", "category__position")
    )
    tags = (
        Article.tags.through.objects.filter(article_id__in=article_ids).order_by().annotate(kind=Value("t"), pos=Value(0))
        .values_list("kind", "article_id", "tag_id", "tag__slug", "tag__name_ar", "tag__name_en", "pos")
    )
    # A plain QuerySet: modeltranslation's reorders values_list() columns, which a UNION cannot have.
    primary = (
        QuerySet(Article).filter(pk__in=article_ids, primary_category__isnull=False).order_by().annotate(kind=Value("p"), pos=Value(0))
        .values_list("kind", "id", "primary_category_id", "primary_category__slug", "primary_category__name_ar", "primary_category__name_en", "pos")
    )
    return authors.union(categories, tags, primary, all=True)


# The bylines, categories and tags of recently served articles, in this process, for one content
# version: every change to them (an article, a category, a tag, an author) moves the version, so a
# busy front page reads its items' relations once per change rather than on every request. Like
# the related picks, it is part of building an answer, not the response cache, so it is used
# whether or not that cache is on.
_memo = VersionMemo(limit=20_000)


def _query_relations(article_ids: list[int]) -> Relations:
    rel: Relations = {pk: ArticleRelations() for pk in article_ids}
    rows = sorted(queries.relations(len(article_ids)).tuples(ids=list(article_ids)), key=itemgetter(0, 1, 6, 4))
    for kind, article_id, ref, slug, name_ar, name_en, _pos in rows:
        of = rel[article_id]
        if kind == "a":
            of.authors.append(_named(slug, name_ar, None, DEFAULT_LANG))
        elif kind == "c":
            of.categories.append((slug, name_ar, name_en))
            of.category_ids.append(ref)
        elif kind == "p":
            of.primary = (slug, name_ar, name_en)
        else:
            of.tags.append((slug, name_ar, name_en))
            of.tag_ids.append(ref)
    return rel


def load_relations(article_ids: list[int], *, token: str | None = None) -> Relations:
    """Bylines, primary and other categories and tags of many articles in ONE query (a UNION ALL),
    by article id (every id given has an entry).

    With the content version's ``token`` (published articles only), those already read under
    that version come from this process's memo, and only the others are queried.
    """
    if not article_ids:
        return {}
    if token is None:
        return _query_relations(article_ids)
    known = _memo.get_many(token, article_ids)
    if len(known) < len(article_ids):
        queried = _query_relations([pk for pk in article_ids if pk not in known])
        _memo.put_many(token, queried)
        known.update(queried)
    return known


def list_item(row: dict, rel: Relations, requested_lang: str, links) -> dict:
    lang = served_language(requested_lang, row["translated_en"])
    title, excerpt, _alt, _caption = _TEXT_KEYS[lang]
    authors, primary, categories, tags = rel.get(row["id"], NO_RELATIONS).shown(lang)
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": row[title] or row["title_ar"] or "",
        "excerpt": row[excerpt] or "",
        "published_at": row["published_at"],
        "updated_at": row["updated_at"],
        "authors": authors,
        "primary_category": primary,
        "categories": categories,
        "tags": tags,
        "image": image_data(row, lang, links),
        "url": links.url("article", row["slug"], lang),
        "comment_count": row["comment_count"],
        "language": lang,
        "dir": _DIRECTION[lang],
    }


def list_items(rows: list[dict], requested_lang: str, links, *, token: str | None = None) -> list[dict]:
    """List items of these published rows; ``token`` (the content version's) lets their relations come from the memo."""
    rel = load_relations([row["id"] for row in rows], token=token)
    return [list_item(row, rel, requested_lang, links) for row in rows]


def lean_item(row: dict, requested_lang: str, links) -> dict:
    lang = served_language(requested_lang, row["translated_en"])
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": _pick(row, "title", lang),
        "url": links.url("article", row["slug"], lang),
        "image": image_data(row, lang, links),
        "published_at": row["published_at"],
        "language": lang,
    }


# --- filtering ----------------------------------------------------------------------------------


def category_tree_ids() -> dict[str, tuple[int, list[int]]]:
    """slug -> (id, ids of it and all its descendants); small, cached with the content version."""
    rows = list(Category.objects.values_list("id", "slug", "parent_id"))
    children = defaultdict(list)
    for cid, _slug, parent in rows:
        if parent:
            children[parent].append(cid)
    out = {}
    for cid, slug, _parent in rows:
        stack, seen = [cid], []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.append(current)
            stack.extend(children[current])
        out[slug] = (cid, seen)
    return out


def category_ids(slug: str, *, version_token: str = "") -> list[int]:
    """The ids of category ``slug`` and its descendants ([] for an unknown slug)."""
    tree = remembered(version_token, f"cms:cattree:{version_token}", category_tree_ids, 300) if version_token else category_tree_ids()
    return tree.get(slug, (None, []))[1]


def in_categories_q(ids, *, walk: bool = False) -> Q:
    """Articles whose primary or other categories are among ``ids``.

    With ``walk``, for a page read in date order: the listing index is walked and each candidate
    probed through the (article, category) index, so a page of a category that holds a good share
    of the articles costs a few probes. The probe is a scalar subquery: as an ``EXISTS`` beside the
    ``OR``, PostgreSQL hashed every article of the category first (40 ms a page at 200,000
    articles). Without ``walk`` (counts, small categories, deep pages: see ``walk_listing``) the
    category's article ids are read first, once.
    """
    links = Article.categories.through.objects.filter(category_id__in=ids)
    if walk:
        linked = Q(IsNull(Subquery(links.filter(article_id=OuterRef("pk")).values("pk")[:1]), False))
    else:
        linked = Q(pk__in=Subquery(links.values("article_id")))
    return Q(primary_category_id__in=ids) | linked


def walk_listing(matching: int, total: int, reach: int) -> bool:
    """Whether a page of a filter matching ``matching`` of ``total`` published articles is found
    faster by walking the listing index (``in_categories_q(walk=True)``) than by reading the
    filter's ids first. The walk probes about ``reach * total / matching`` candidates (``reach``:
    the page's offset plus its size); reading the ids first touches each of the ``matching``
    articles once, at about a sixth of a probe's cost."""
    return 6 * reach * total < matching * matching


def tagged_q(slug) -> Q:
    """A tag has few articles of the whole: their ids first (the link table's index), then those
    rows sorted by date, rather than the listing index walked in date order."""
    return Q(pk__in=Subquery(Article.tags.through.objects.filter(tag__slug=slug).values("article_id")))


def by_author_q(slug) -> Q:
    """A newsroom's writer has a large share of its articles: the listing index is walked in date
    order, each candidate probed through the byline table's index, as for categories."""
    return Q(Exists(ArticleAuthor.objects.filter(article_id=OuterRef("pk"), author__slug=slug)))


def single_filter_q(kind: str, value, *, walk: bool = False) -> Q:
    """One category (``value``: its ids, descendants included; ``walk``: see ``in_categories_q``),
    tag or author (``value``: the slug)."""
    if kind == "category":
        return in_categories_q(value, walk=walk)
    if kind == "tag":
        return tagged_q(value)
    return by_author_q(value)


def filter_articles(qs, params: dict, lang: str, *, version_token: str = "", ranked: bool = True):
    """Apply the list/feed filters; ``q`` searches the served language's normalised text (ranked by
    relevance unless ``ranked`` is off: the feed keeps its date order)."""
    if "category" in params:
        qs = qs.filter(in_categories_q(category_ids(params["category"], version_token=version_token)))
    if "tag" in params:
        qs = qs.filter(tagged_q(params["tag"]))
    if "author" in params:
        qs = qs.filter(by_author_q(params["author"]))
    if "published_after" in params:
        qs = qs.filter(published_at__gte=params["published_after"])
    if "published_before" in params:
        qs = qs.filter(published_at__lt=params["published_before"])
    if params.get("q"):
        from .search import search

        qs = search(qs, params["q"], lang, ranked=ranked)
    return qs


def published_rows(*, now=None):
    return with_translation_flag(Article.objects.published(now=now))


def page_rows(qs, offset: int, size: int) -> list[dict]:
    """A page of ``qs`` (filtered and ordered) as list rows, in one query.

    The page's ids come from a subquery, which the ordering index (or a sort of ids alone)
    answers, so page 400 reads the same 20 rows in full as page 1, not the 7,980 before them.
    The rows are then fetched by primary key (repeating the filters would let SQLite pick the
    status index and scan it), ordered as ``qs`` is, with the search rank when it orders them.
    """
    ids = qs.values("pk")[offset : offset + size]
    rows = with_translation_flag(Article.objects.filter(pk__in=ids))
    if "search_rank" in qs.query.annotations:
        rows = rows.annotate(search_rank=qs.query.annotations["search_rank"])
    if qs.query.order_by:
        rows = rows.order_by(*qs.query.order_by)
    return list(rows.values(*LIST_FIELDS))


def commentable_article(slug: str) -> Article | None:
    """The published article ``slug`` with only the columns comments need (compiled query), or ``None``."""
    rows = queries.COMMENTABLE_BY_SLUG.dicts(now=timezone.now(), slug=slug)
    if not rows:
        return None
    names = _in_field_order(tuple(rows[0]))
    return Article.from_db("default", names, [rows[0][name] for name in names])


@lru_cache(maxsize=8)
def _in_field_order(names: tuple[str, ...]) -> list[str]:
    """These columns in the model's field order, as ``from_db`` takes them (worked out once per
    query: a translated model has many fields to walk)."""
    return [f.attname for f in Article._meta.concrete_fields if f.attname in names]


def _count_cache_key(key: str) -> str:
    return "cms:count:" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def count_published(qs, key: str, *, token: str) -> int:
    """The list's ``count`` (``key`` made with the content version's ``token``), cached with the
    content version so it does not grow with the table.

    ``qs`` is a queryset or a function returning the count (so nothing is built on a cache hit)."""
    return remembered(token, _count_cache_key(key), qs.count if hasattr(qs, "count") else qs, 300)


def counts_published(counts, keys: tuple[str, ...], *, token: str) -> tuple[int, ...]:
    """Several counts cached as ``count_published`` caches one; ``counts()`` reads them all (one
    query) when any is missing."""
    return remembered_many(token, [_count_cache_key(key) for key in keys], counts, 300)


def category_and_total_counts(ids, *, now) -> tuple[int, int]:
    """(published articles in categories ``ids``, all published articles), in one query."""
    if not ids:
        return 0, Article.objects.published(now=now).count()
    counted = Article.objects.published(now=now).aggregate(matching=Count("pk", filter=in_categories_q(ids)), total=Count("pk"))
    return counted["matching"], counted["total"]


# --- detail and related ---------------------------------------------------------------------------


def related_ids(article_id: int, category_ids: list[int], tag_ids: list[int], limit: int) -> list[int]:
    """Curated links in editor order, then automatic picks sharing the most tags and categories.

    ``category_ids`` are all the article's categories, its primary one included; a candidate's
    categories are likewise its others plus its primary, each counted once.
    """
    curated = list(
        RelatedLink.objects.filter(from_article_id=article_id)
        .filter(Exists(Article.objects.published().filter(pk=OuterRef("to_article_id"))))
        .exclude(to_article_id=article_id)
        .order_by("position", "id")
        .values_list("to_article_id", flat=True)
    )
    ids: list[int] = []
    for pk in curated:
        if pk not in ids:
            ids.append(pk)
    if len(ids) >= limit or not (category_ids or tag_ids):
        return ids[:limit]
    through_c = Article.categories.through.objects
    through_t = Article.tags.through.objects
    shared_tags = through_t.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids).values("article_id").annotate(n=Count("*")).values("n")
    shared_cats = through_c.filter(article_id=OuterRef("pk"), category_id__in=category_ids).values("article_id").annotate(n=Count("*")).values("n")
    # The primary category adds one unless the candidate also lists it among its other categories.
    primary_also_listed = Exists(through_c.filter(article_id=OuterRef("pk"), category_id=OuterRef("primary_category_id")))
    candidates = (
        Article.objects.published()
        .exclude(pk__in=[article_id, *ids])
        .filter(
            Q(pk__in=Subquery(through_t.filter(tag_id__in=tag_ids).values("article_id")))
            | Q(pk__in=Subquery(through_c.filter(category_id__in=category_ids).values("article_id")))
            | Q(primary_category_id__in=category_ids)
        )
        .annotate(
            score=Coalesce(Subquery(shared_tags, output_field=IntegerField()), 0)
            + Coalesce(Subquery(shared_cats, output_field=IntegerField()), 0)
            + Case(When(Q(primary_category_id__in=category_ids) & ~primary_also_listed, then=1), default=0, output_field=IntegerField())
        )
        .order_by("-score", "-published_at", "-id")
        .values_list("pk", flat=True)[: limit - len(ids)]
    )
    return ids + list(candidates)


def related_rows(ids: list[int]) -> list[dict]:
    """The lean rows of these articles, published ones only, in the order of ``ids`` (one query)."""
    if not ids:
        return []
    rows = {row["id"]: row for row in queries.lean_rows(len(ids)).dicts(now=timezone.now(), ids=list(ids))}
    return [rows[pk] for pk in ids if pk in rows]


def related_items(rows: list[dict], requested_lang: str, links) -> list[dict]:
    return [lean_item(row, requested_lang, links) for row in rows]
