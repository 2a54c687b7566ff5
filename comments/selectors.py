"""Reads for the public listing: a page of approved threads in a fixed number of queries.

Queries, whatever the number of comments: the counts (one aggregate), and every approved comment
of the page's threads, the page of thread ids being a subquery (``thread_id IN (SELECT ...)``);
the tree is built here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from rest_framework.fields import DateTimeField

from cms.prepared import Prepared

from .models import Comment
from .querysets import DELETED

LIST_FIELDS = ("id", "parent_id", "thread_id", "depth", "author_name", "author_url", "body", "submitted_at", "erasure")
# The body shown for a tombstone (a comment erased at its author's request, kept for its replies).
DELETED_BODY = {"ar": "<p>حُذف هذا التعليق.</p>", "en": "<p>This comment was deleted.</p>"}
# When COMMENT_MAX_DEPTH is 0 (no limit), the listing still nests at most this deep.
NESTING_CAP = 50

_datetime = DateTimeField()


# The listing's two queries, compiled once (cms.prepared): they run on every uncached page.
_COUNTS = Prepared(
    lambda m: Comment.objects.approved().filter(article_id=m.number("article")).order_by().values("article_id")
    .annotate(threads=Count("pk", filter=Q(parent__isnull=True)), total=Count("pk")).values_list("threads", "total")
)


def _threads(article_id):
    # thread_id > 0 (a top-level comment is its own thread) lets SQLite take the listing index
    # (article, status, thread, ...) rather than scan every approved comment of the site in date order.
    return Comment.objects.approved().threads().filter(article_id=article_id, thread_id__gt=0).order_by("submitted_at", "id")


def _page_rows(m):
    threads = _threads(m.number("article")).values("pk")
    return (
        Comment.objects.approved().filter(article_id=m.number("article"), thread_id__in=m.page(threads))
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


def listing_counts(article_id: int) -> tuple[int, int]:
    """(approved threads, approved comments) of an article, in one query."""
    rows = _COUNTS.tuples(article=article_id)
    return tuple(rows[0]) if rows else (0, 0)


def thread_ids(article_id: int, *, offset: int, limit: int) -> ThreadPage:
    """The ids of approved top-level comments, oldest first, as a page for ``thread_trees``."""
    return ThreadPage(article_id, offset, limit)


def _timestamp(value, zone) -> str:
    """DRF's DateTimeField output (ISO 8601 in the current time zone, ``Z`` for UTC), without its per-call overhead."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _public(row: dict, lang: str, zone=None) -> dict:
    deleted = row["erasure"] == DELETED
    return {
        "id": row["id"],
        "author_name": "" if deleted else row["author_name"],
        "author_url": "" if deleted else row["author_url"],
        "body": DELETED_BODY.get(lang, DELETED_BODY["ar"]) if deleted else row["body"],
        "submitted_at": _timestamp(row["submitted_at"], zone) if zone else _datetime.to_representation(row["submitted_at"]),
        "parent": row["parent_id"],
        "deleted": deleted,
        "replies": [],
    }


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
        rows = _PAGE_ROWS.dicts(article=ids.article_id, limit=ids.limit, offset=ids.offset)
    elif not ids:
        return []
    else:
        rows = list(
            Comment.objects.approved()
            .filter(article_id=article_id, thread_id__in=ids)
            .order_by("depth", "submitted_at", "id")
            .values(*LIST_FIELDS)
        )
    cap = settings.CMS["COMMENT_MAX_DEPTH"] or NESTING_CAP
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    nodes: dict[int, dict] = {}
    level: dict[int, int] = {}  # nesting level as shown (1 = thread)
    container: dict[int, dict | None] = {}  # the node whose replies list holds this one
    for row in rows:  # by depth, so a parent is always seen before its replies
        pk, parent_id = row["id"], row["parent_id"]
        node = _public(row, lang, zone)
        if parent_id is None:
            level[pk], container[pk] = 1, None
        elif parent_id in nodes:
            if level[parent_id] < cap:
                target, level[pk] = nodes[parent_id], level[parent_id] + 1
            else:
                target, level[pk] = container[parent_id] or nodes[parent_id], level[parent_id]
            target["replies"].append(node)
            container[pk] = target
        else:
            continue  # its parent is not shown
        nodes[pk] = node
    if lazy:
        # Rows come by depth, then oldest first: the top-level ones in the order of the page.
        ids = [row["id"] for row in rows if row["parent_id"] is None]
    return [nodes[pk] for pk in ids if pk in nodes]
