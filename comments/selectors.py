"""Reads for the public listing: a page of approved threads in a fixed number of queries.

Queries, whatever the number of comments: the article with its counts, and every approved comment
of the page's threads, read as one range of the listing's index between the page's first and last
threads (found by subqueries); the tree is built here.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from cms.content_version import remembered
from cms.prepared import Prepared, RowCompare

from .models import Comment
from .querysets import APPROVED, DELETED

# What the listing shows of a comment (rows come in PAGE_ORDER, but those values are not read:
# fewer values to load on every page).
LIST_FIELDS = ("id", "parent_id", "author_name", "author_url", "body", "submitted_at", "erasure")
# The body shown for a tombstone (a comment erased at its author's request, kept for its replies).
DELETED_BODY = {"ar": "<p>حُذف هذا التعليق.</p>", "en": "<p>This comment was deleted.</p>"}
# When COMMENT_MAX_DEPTH is 0 (no limit), the listing still nests at most this deep.
NESTING_CAP = 50


# The listing's queries, compiled once (cms.prepared): they run on every uncached page.


def _approved_count(*, threads_only: bool):
    approved = Comment.objects.approved().filter(article_id=OuterRef("pk")).order_by()
    if threads_only:
        approved = approved.filter(parent__isnull=True)
    counted = approved.values("article_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The article (published only) with its approved threads and comments counted, in one query.
_ARTICLE_WITH_COUNTS = Prepared(
    lambda m: Article.objects.published(now=m.now).filter(slug=m.text("slug"))
    .annotate(threads=_approved_count(threads_only=True), total=_approved_count(threads_only=False))
    .values_list("pk", "threads", "total")
)


def _threads(article_id):
    # Read in the order of comment_roots_idx (article, status, submitted_at, id; threads only): no sort.
    return Comment.objects.approved().threads().filter(article_id=article_id).order_by("submitted_at", "id")


# The listing's order: threads oldest first (each comment carries its thread's start), then each
# thread by depth, oldest first, so that a parent always comes before its replies. It is the
# order of comment_page_idx after (article, status).
PAGE_ORDER = ("thread_started_at", "thread_id", "depth", "submitted_at", "id")


def _page_rows(m):
    # The article is written into the SQL (m.inline): one busy story holds most of the comments,
    # and PostgreSQL's plan for "any article" (one prepared for all) read every comment of it.
    # The page is the range of comment_page_idx from its first thread to its last, both found in
    # comment_roots_idx: no look-up per thread, however deep the page, and at most a sort of the
    # page's own rows (PostgreSQL's bitmap scan of the range; SQLite reads it in order).
    article = RawSQL(m.inline("article"), ())
    first, last = m.page_ends(_threads(article).values_list("submitted_at", "id"))
    thread = PAGE_ORDER[:2]  # (thread start, thread): what the bounds are compared with
    return (
        Comment.objects.approved().filter(article_id=article)
        .filter(RowCompare(thread, ">=", first), RowCompare(thread, "<=", last))
        .order_by(*PAGE_ORDER).values(*LIST_FIELDS)
    )


# The status is written into the SQL: bound, it left PostgreSQL's plan for "any status" estimating
# several times the rows of the one for "approved", so every page was planned afresh.
_PAGE_ROWS = Prepared(_page_rows, literals=frozenset({APPROVED}))


def published_article_counts(slug: str, *, token: str | None = None) -> tuple[int, int, int] | None:
    """(id, approved threads, approved comments) of the published article ``slug``; ``None`` if it
    is not published. One query: the listing's article lookup and its counts together.

    With the content version's ``token`` the answer is cached with it, like the article list's
    count: publishing, unpublishing and every change to the approved comments move the version.
    """
    if token is None:
        return _article_counts(slug)
    key = "cms:comment-counts:" + hashlib.blake2b(f"{token}:{slug}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return remembered(token, key, lambda: _article_counts(slug), 300)


def _article_counts(slug: str) -> tuple[int, int, int] | None:
    rows = _ARTICLE_WITH_COUNTS.tuples(now=timezone.now(), slug=slug)
    return tuple(rows[0]) if rows else None


def thread_trees(article_id: int, *, offset: int, limit: int, lang: str = "ar") -> list[dict]:
    """A page of the article's approved threads (oldest first, ``limit`` of them after ``offset``)
    as trees, replies oldest first under their parents, in one query.

    A reply whose parent is not approved (rejected after the reply was published) is left out
    with its own replies. A tombstone is listed as ``deleted``, with a notice in ``lang`` as its
    body, so its replies keep their place. Replies deeper than COMMENT_MAX_DEPTH (possible after the setting is
    lowered) join the replies of their deepest shown ancestor.
    """
    rows = _PAGE_ROWS.tuples(article=article_id, limit=limit, offset=offset)
    cap = settings.CMS["COMMENT_MAX_DEPTH"] or NESTING_CAP
    deleted_body = DELETED_BODY.get(lang, DELETED_BODY["ar"])
    # pk -> (node, nesting level as shown (1 = thread), the node whose replies list holds it)
    shown: dict[int, tuple[dict, int, dict | None]] = {}
    tops: list[dict] = []
    # In PAGE_ORDER: thread by thread, each by depth, so a parent is always seen before its replies
    # and the threads come in the page's order. ``submitted_at`` stays a datetime:
    # the API's renderer writes it (ISO 8601, ``Z`` for UTC, as everywhere in the API).
    for pk, parent_id, author_name, author_url, body, submitted_at, erasure in rows:
        if parent_id is None:
            target, level = None, 1
        elif (parent := shown.get(parent_id)) is None:
            continue  # its parent is not shown
        else:
            parent_node, parent_level, parent_container = parent
            if parent_level < cap:
                target, level = parent_node, parent_level + 1
            else:
                target, level = parent_container or parent_node, parent_level
        deleted = erasure == DELETED
        if deleted:
            author_name = author_url = ""
            body = deleted_body
        node = {
            "id": pk, "author_name": author_name, "author_url": author_url, "body": body,
            "submitted_at": submitted_at, "parent": parent_id, "deleted": deleted, "replies": [],
        }
        shown[pk] = (node, level, target)
        (tops if target is None else target["replies"]).append(node)
    return tops
