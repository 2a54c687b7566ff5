"""The list's first page and the feed are read in an ordering index's order: never a sort of the
whole table (on SQLite, ordering by the ``+published_at`` that compiled queries select as text did
exactly that, 26 ms a page at 10,000 articles)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.utils import timezone

from articles import queries
from tests.factories import ArticleFactory
from tests.plans import explain

pytestmark = pytest.mark.django_db

FIRST_PAGES = {
    "list, newest first": queries.LIST_FIRST_PAGE["-published_at"],
    "list, oldest first": queries.LIST_FIRST_PAGE["published_at"],
    "feed, first page": queries.FEED_PAGE["first"],
    "feed, older than a cursor": queries.FEED_PAGE["n"],
    "feed, newer than a cursor": queries.FEED_PAGE["p"],
}


def _plan(prepared) -> str:
    now = timezone.now()
    compiled = prepared._for(connections["default"])
    return explain(compiled.statement({"limit": 20, "offset": 0}, qmark=False), compiled.bind({"now": now, "upto": now, "at": now, "pk": 1}))


@pytest.mark.parametrize("name", FIRST_PAGES)
def test_first_pages_walk_the_listing_index_without_sorting(name):
    ArticleFactory.create_batch(3)

    plan = _plan(FIRST_PAGES[name])

    # Either index in the page's order (PostgreSQL with statistics may take the date index and
    # check the status on the way); never a sort.
    assert "article_listing_idx" in plan or "article_pub_idx" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
