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


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL's plan cache")
@pytest.mark.parametrize("name", FIRST_PAGES)
def test_postgresql_plans_each_first_page_once(name):
    """Each run of these statements was planned afresh: with the time as a plain parameter,
    PostgreSQL's plan for any time (a third of the rows visible, it assumes) never looked as cheap
    as its plan for the time given (all of them), so it kept making new ones, which cost more than
    reading the page. The time now reaches them through a one-row subquery (``Markers.now_unplanned``)."""
    connection = connections["default"]
    if not connection.settings_dict["OPTIONS"].get("server_side_binding"):
        pytest.skip("statements are not prepared (DJANGO_DB_SERVER_SIDE_BINDING=0)")
    ArticleFactory.create_batch(200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")  # statistics, as a running site has
    old = timezone.now() - timezone.timedelta(days=400)
    for _run in range(25):  # prepared after DJANGO_DB_PREPARE_THRESHOLD runs; PostgreSQL tries 5 fresh plans first
        rows = FIRST_PAGES[name].dicts(now=timezone.now(), upto=timezone.now(), at=old, pk=1, limit=17, offset=0)
    assert rows

    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%articles_article%LIMIT 17"])
        [(generic, custom)] = cursor.fetchall()
    assert generic > custom
