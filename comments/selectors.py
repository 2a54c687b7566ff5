"""Reads for the public listing: a page of approved threads in a fixed number of queries.

Queries, whatever the number of comments: the article with its counts, and every approved comment
of the page's threads, the page of thread ids being a subquery (``thread_id IN (SELECT ...)``);
the tree is built here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from cms.content_version import remembered
from cms.prepared import Prepared

from .models import Comment
from .querysets import DELETED

# What the listing shows of a comment (rows are sorted by depth and time, but those are not read:
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


def _page_rows(m):
    # The article is written into the SQL (m.inline): one busy story holds most of the comments,
    # and PostgreSQL's plan for "any article" (one prepared for all) read every comment of it.
    article = RawSQL(m.inline("article"), ())
    threads = _threads(article).values("pk")
    return (
        Comment.objects.approved().filter(article_id=article, thread_id__in=m.page(threads))
        .order_by("depth", "submitted_at", "id").values(*LIST_FIELDS)
    )


_PAGE_ROWS = Prepared(_page_rows)


@dataclass(frozen=True)
class ThreadPage:
    """A page of an article's approved threads, oldest first, not read yet: ``thread_trees`` reads
    it as a subquery of its own query (one query for the page and its comments)."""

    article_id: int
    offset: int
    limit: int


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


def thread_ids(article_id: int, *, offset: int, limit: int) -> ThreadPage:
    """The ids of approved top-level comments, oldest first, as a page for ``thread_trees``."""
    return ThreadPage(article_id, offset, limit)


def thread_trees(article_id: int, ids: list[int] | ThreadPage, *, lang: str = "ar") -> list[dict]:
    """The approved comments of these threads as trees, threads in the order of ``ids``, replies oldest first.

    ``ids`` may be a ``ThreadPage`` (from ``thread_ids``): it is then read inside this query, and
    the threads come in its order (oldest first), taken from the top-level rows.

    A reply whose parent is not approved (rejected after the reply was published) is left out
    with its own replies. A tombstone is listed as ``deleted``, with a notice in ``lang`` as its
    body, so its replies keep their place. Replies deeper than COMMENT_MAX_DEPTH (possible after the setting is
    lowered) join the replies of their deepest shown ancestor.
    """
    lazy = isinstance(ids, ThreadPage)
    if lazy:
        rows = _PAGE_ROWS.tuples(article=ids.article_id, limit=ids.limit, offset=ids.offset)
    elif not ids:
        return []
    else:
        rows = list(
            Comment.objects.approved()
            .filter(article_id=article_id, thread_id__in=ids)
            .order_by("depth", "submitted_at", "id")
            .values_list(*LIST_FIELDS)
        )
    cap = settings.CMS["COMMENT_MAX_DEPTH"] or NESTING_CAP
    deleted_body = DELETED_BODY.get(lang, DELETED_BODY["ar"])
    # pk -> (node, nesting level as shown (1 = thread), the node whose replies list holds it)
    shown: dict[int, tuple[dict, int, dict | None]] = {}
    tops: list[dict] = []
    # By depth, so a parent is always seen before its replies. ``submitted_at`` stays a datetime:
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
    if lazy:
        return tops  # rows come by depth, then oldest first: the top-level ones in the order of the page
    return [shown[pk][0] for pk in ids if pk in shown]
