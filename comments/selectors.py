"""Reads for the public listing: a page of approved threads in a fixed number of queries.

Queries, whatever the number of comments: the counts (one aggregate), and every approved comment
of the page's threads, the page of thread ids being a subquery (``thread_id IN (SELECT ...)``);
the tree is built here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from rest_framework.fields import DateTimeField

from .models import Comment
from .querysets import DELETED

LIST_FIELDS = ("id", "parent_id", "thread_id", "depth", "author_name", "author_url", "body", "submitted_at", "erasure")
# The body shown for a tombstone (a comment erased at its author's request, kept for its replies).
DELETED_BODY = {"ar": "<p>حُذف هذا التعليق.</p>", "en": "<p>This comment was deleted.</p>"}
# When COMMENT_MAX_DEPTH is 0 (no limit), the listing still nests at most this deep.
NESTING_CAP = 50

_datetime = DateTimeField()


def listing_counts(article_id: int) -> tuple[int, int]:
    """(approved threads, approved comments) of an article, in one query."""
    counts = Comment.objects.approved().filter(article_id=article_id).aggregate(
        threads=Count("pk", filter=Q(parent__isnull=True)), total=Count("pk")
    )
    return counts["threads"], counts["total"]


def thread_ids(article_id: int, *, offset: int, limit: int) -> QuerySet:
    """Ids of approved top-level comments, oldest first: a lazy queryset, which ``thread_trees``
    runs as a subquery of its own (one query for the page)."""
    # thread_id > 0 (a top-level comment is its own thread) lets SQLite take the listing index
    # (article, status, thread, ...) rather than scan every approved comment of the site in date order.
    qs = Comment.objects.approved().threads().filter(article_id=article_id, thread_id__gt=0).order_by("submitted_at", "id")
    return qs.values_list("pk", flat=True)[offset : offset + limit]


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


def thread_trees(article_id: int, ids: list[int] | QuerySet, *, lang: str = "ar") -> list[dict]:
    """The approved comments of these threads as trees, threads in the order of ``ids``, replies oldest first.

    ``ids`` may be the lazy queryset of ``thread_ids``: it then runs inside this query, and the
    threads come in its order (oldest first), read from the top-level rows.

    A reply whose parent is not approved (rejected after the reply was published) is left out
    with its own replies. A tombstone is listed as ``deleted``, with a notice in ``lang`` as its
    body, so its replies keep their place. Replies deeper than COMMENT_MAX_DEPTH (possible after the setting is
    lowered) join the replies of their deepest shown ancestor.
    """
    lazy = isinstance(ids, QuerySet)
    if not lazy and not ids:
        return []
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
