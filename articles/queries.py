"""The hot read paths' queries, compiled once (``cms.prepared``): list pages, feed pages, relations, lean rows.

Each is an ordinary queryset starting from ``Article.objects.published()``; only the values change
between calls. Pages are found by ids in a subquery (``m.page``): the ordering index alone finds
page 400 as fast as page 1, and only the page's own rows are read in full (never the bodies of
the rows skipped). The list and feed endpoints use these when no filter is given; filtered
variants are built with the ORM per request (``selectors.page_rows``), the same way.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Exists, OuterRef

from cms.prepared import Markers, Prepared

from . import selectors
from .models import Article

ORDERINGS = {"-published_at": ("-published_at", "-id"), "published_at": ("published_at", "id")}


def _rows(m: Markers, ids, order: tuple[str, str]):
    """The list rows of a page of ``ids`` (a published() queryset): by primary key, not again
    through the published() condition, which would make SQLite scan the status index instead."""
    return selectors.with_translation_flag(Article.objects.filter(pk__in=m.page(ids))).order_by(*order).values(*selectors.LIST_FIELDS)


def _first_rows(m: Markers, published, order: tuple[str, str]):
    """The list rows of the first ``limit`` of ``published`` (a published() queryset), read straight
    from the listing index: for pages that skip nothing (the list's first page, the feed), where a
    subquery of ids would only add its set of ids, a look-up per row and a sort (about a third of
    PostgreSQL's time for the page)."""
    return selectors.with_translation_flag(published).order_by(*order).values(*selectors.LIST_FIELDS)[: int(m.inline("limit"))]


def _list_page(m: Markers, order: tuple[str, str]):
    return _rows(m, Article.objects.published(now=m.now).order_by(*order).values("id"), order)


LIST_PAGE = {name: Prepared(lambda m, order=order: _list_page(m, order)) for name, order in ORDERINGS.items()}
# Page 1 of the list: the front page of every site.
LIST_FIRST_PAGE = {name: Prepared(lambda m, order=order: _first_rows(m, Article.objects.published(now=m.now_unplanned), order)) for name, order in ORDERINGS.items()}

# The browse pages of a site, newest first: one category (with its descendants), one tag, one author.
SINGLE_FILTERS = ("category", "tag", "author")


def _single_filter(m: Markers, kind: str, count: int, walk: bool):
    """The filter with markers: ``categories`` (``count`` ids) for a category, else the slug named ``kind``."""
    return selectors.single_filter_q(kind, m.numbers("categories", count) if kind == "category" else m.text(kind), walk=walk)


@cache
def filtered_page(kind: str, count: int = 0, walk: bool = False) -> Prepared:
    """A list page of one category (``count`` category ids; ``walk``: see ``selectors.walk_listing``), tag or author, newest first."""
    order = ORDERINGS["-published_at"]
    return Prepared(
        lambda m: _rows(m, Article.objects.published(now=m.now).filter(_single_filter(m, kind, count, walk)).order_by(*order).values("id"), order)
    )


def _feed_page(m: Markers, direction: str, kind: str | None = None, count: int = 0, walk: bool = False):
    """Newest first from the top (``first``), or after a cursor: ``n`` older than (``at``, ``pk``),
    ``p`` newer. For ``n``, ``upto`` is the earlier of now and ``at``: the ordering index is read
    from the cursor on, never from the newest article down to it. ``kind`` narrows it to one
    category, tag or author, as on the list."""
    # Pages read straight from the index (no filter) keep their times from the planner, so
    # PostgreSQL plans them once (``Markers.now_unplanned``).
    moment = m.moment if kind is not None else m.moment_unplanned
    if direction == "first":
        base, order = Article.objects.published(now=moment("now")), ORDERINGS["-published_at"]
    elif direction == "n":
        base = Article.objects.published(now=moment("upto")).exclude(published_at=m.moment("at"), id__gte=m.number("pk"))
        order = ORDERINGS["-published_at"]
    else:
        base = (
            Article.objects.published(now=moment("now"))
            .filter(published_at__gte=moment("at"))
            .exclude(published_at=m.moment("at"), id__lte=m.number("pk"))
        )
        order = ORDERINGS["published_at"]
    if kind is not None:
        base = base.filter(_single_filter(m, kind, count, walk))
        return _rows(m, base.order_by(*order).values("id"), order)
    return _first_rows(m, base, order)  # from the cursor on: nothing is skipped


FEED_PAGE = {direction: Prepared(lambda m, d=direction: _feed_page(m, d)) for direction in ("first", "n", "p")}


@cache
def filtered_feed_page(direction: str, kind: str, count: int = 0, walk: bool = False) -> Prepared:
    """A feed page of one category (``count`` category ids; ``walk``: see ``selectors.walk_listing``), tag or author."""
    return Prepared(lambda m: _feed_page(m, direction, kind, count, walk))


@cache
def relations(count: int) -> Prepared:
    """Bylines, categories and tags of ``count`` articles (one UNION ALL); one compiled query per count."""
    return Prepared(lambda m: selectors.relations_queryset(m.numbers("ids", count)))


@cache
def lean_rows(count: int) -> Prepared:
    """The small columns of ``count`` articles, if published, for related items. Visibility is an
    EXISTS on the same row: as a plain condition, SQLite (without statistics) would rather scan
    the listing index for published rows than look the few ids up."""
    def build(m: Markers):
        published = Article.objects.published(now=m.now).filter(pk=OuterRef("pk"))
        rows = Article.objects.filter(pk__in=m.numbers("ids", count)).filter(Exists(published))
        return selectors.with_translation_flag(rows).values(*selectors.LEAN_FIELDS)

    return Prepared(build)


# The article readers comment on (published only), with just what the comment endpoints need.
COMMENTABLE_FIELDS = ("id", "status", "published_at", "comments_enabled", "comments_premoderated")
COMMENTABLE_BY_SLUG = Prepared(
    lambda m: Article.objects.published(now=m.now).filter(slug=m.text("slug")).order_by().values(*COMMENTABLE_FIELDS)
)
