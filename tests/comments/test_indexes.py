"""The comment page's threads are read from their own index, in its order: never sorted whole."""

from __future__ import annotations

import pytest
from django.db import connection

from comments.selectors import _threads
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would be read whole anyway
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


def test_a_page_of_threads_reads_the_roots_index_in_order():
    article = ArticleFactory()
    for _ in range(3):
        thread = CommentFactory(article=article)
        CommentFactory(article=article, parent=thread)

    plan = _plan(_threads(article.pk).values("pk")[:20])

    assert "comment_roots_idx" in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan
    roots = sorted(article.comments.filter(parent=None), key=lambda c: (c.submitted_at, c.pk))
    assert list(_threads(article.pk).values_list("pk", flat=True)) == [c.pk for c in roots]
