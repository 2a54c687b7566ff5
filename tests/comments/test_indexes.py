"""The comment page's threads are read from their own index, in its order: never sorted whole."""

from __future__ import annotations

import pytest
from django.db import connection

from comments.selectors import _threads
from tests.factories import ArticleFactory, CommentFactory
from tests.plans import explain

pytestmark = pytest.mark.django_db


def test_a_page_of_threads_reads_the_roots_index_in_order():
    article = ArticleFactory()
    for _ in range(3):
        thread = CommentFactory(article=article)
        CommentFactory(article=article, parent=thread)

    plan = explain(*_threads(article.pk).values("pk")[:20].query.sql_with_params())

    assert "comment_roots_idx" in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan
    roots = sorted(article.comments.filter(parent=None), key=lambda c: (c.submitted_at, c.pk))
    assert list(_threads(article.pk).values_list("pk", flat=True)) == [c.pk for c in roots]


def test_a_page_of_comments_is_one_range_of_the_page_index_between_its_first_and_last_threads():
    """No look-up per thread: the page's rows are read from comment_page_idx between two bounds
    found in comment_roots_idx. SQLite reads them in the listing's order (no sort of the rows);
    PostgreSQL may sort the page's few rows after a bitmap scan of the same range."""
    from django.db import connections

    from comments.selectors import _PAGE_ROWS

    article = ArticleFactory()
    for _ in range(3):
        thread = CommentFactory(article=article)
        CommentFactory(article=article, parent=thread)
    compiled = _PAGE_ROWS._for(connections["default"])
    sql = compiled.sql
    for marker, name in compiled.inlines:
        sql = sql.replace(marker, str({"article": article.pk, "limit": 20, "offset": 0}[name]))

    plan = explain(sql, compiled.params)

    assert "comment_page_idx" in plan and "comment_roots_idx" in plan
    assert "Nested Loop" not in plan and "ANY" not in plan
    if connection.vendor == "postgresql":
        assert "ROW(thread_started_at, thread_id) >= ROW(" in plan and "ROW(thread_started_at, thread_id) <= ROW(" in plan
    else:
        # (id, parent, ..., detail): the outer query's steps have parent 0; a subquery's sort of its page is its own.
        outer = [line for line in plan.splitlines() if line.split(" ", 2)[1] == "0"]
        assert any("comment_page_idx (article_id=? AND status=? AND thread_started_at>? AND thread_started_at<?)" in line for line in outer)
        assert not any("TEMP B-TREE" in line for line in outer), plan
