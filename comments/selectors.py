"""Reads for the public listing: a page of approved threads in a fixed number of queries.

Queries, whatever the number of comments: the counts (one aggregate), the page of thread ids,
and every approved comment of those threads (``thread_id IN (...)``); the tree is built here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from rest_framework.fields import DateTimeField

from .models import Comment

LIST_FIELDS = ("id", "parent_id", "thread_id", "depth", "author_name", "author_url", "body", "submitted_at")
# When COMMENT_MAX_DEPTH is 0 (no limit), the listing still nests at most this deep.
NESTING_CAP = 50

_datetime = DateTimeField()


def listing_counts(article_id: int) -> tuple[int, int]:
    """(approved threads, approved comments) of an article, in one query."""
    counts = Comment.objects.approved().filter(article_id=article_id).aggregate(
        threads=Count("pk", filter=Q(parent__isnull=True)), total=Count("pk")
    )
    return counts["threads"], counts["total"]


def thread_ids(article_id: int, *, offset: int, limit: int) -> list[int]:
    """Ids of approved top-level comments, oldest first."""
    qs = Comment.objects.approved().threads().filter(article_id=article_id).order_by("submitted_at", "id")
    return list(qs.values_list("pk", flat=True)[offset : offset + limit])


def _public(row: dict) -> dict:
    return {
        "id": row["id"],
        "author_name": row["author_name"],
        "author_url": row["author_url"],
        "body": row["body"],
        "submitted_at": _datetime.to_representation(row["submitted_at"]),
        "parent": row["parent_id"],
        "replies": [],
    }


def thread_trees(article_id: int, ids: list[int]) -> list[dict]:
    """The approved comments of these threads as trees, threads in the order of ``ids``, replies oldest first.

    A reply whose parent is not approved (rejected after the reply was published) is left out
    with its own replies. Replies deeper than COMMENT_MAX_DEPTH (possible after the setting is
    lowered) join the replies of their deepest shown ancestor.
    """
    if not ids:
        return []
    rows = list(
        Comment.objects.approved()
        .filter(article_id=article_id, thread_id__in=ids)
        .order_by("depth", "submitted_at", "id")
        .values(*LIST_FIELDS)
    )
    cap = settings.CMS["COMMENT_MAX_DEPTH"] or NESTING_CAP
    nodes: dict[int, dict] = {}
    level: dict[int, int] = {}  # nesting level as shown (1 = thread)
    container: dict[int, dict | None] = {}  # the node whose replies list holds this one
    for row in rows:  # by depth, so a parent is always seen before its replies
        pk, parent_id = row["id"], row["parent_id"]
        node = _public(row)
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
    return [nodes[pk] for pk in ids if pk in nodes]
