"""The comment page's threads are read from their own index, in its order: never sorted whole."""

from __future__ import annotations

import pytest

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
