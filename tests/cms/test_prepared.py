"""cms.prepared: a queryset compiled once returns, for any values, what the ORM returns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import selectors
from articles.models import Article
from cms.prepared import Prepared, RowCompare
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIELDS = ("id", "slug", "published_at", "translated_en")

BY_SLUG = Prepared(lambda m: selectors.published_rows(now=m.now).filter(slug=m.text("slug")).values(*FIELDS))
BY_IDS = Prepared(lambda m: Article.objects.filter(pk__in=m.numbers("ids", 3)).order_by("id").values_list("id", "slug"))
PAGE = Prepared(
    lambda m: Article.objects.filter(pk__in=m.page(Article.objects.published(now=m.now).order_by("-published_at", "-id").values("id")))
    .order_by("-published_at", "-id").values_list("id", flat=False)
)


def test_values_are_rebound_on_every_call():
    first = ArticleFactory(slug="first", title_en="T", body_en="<p>B</p>")
    ArticleFactory(slug="second")
    now = timezone.now()

    for slug in ("first", "second", "missing"):
        expected = list(selectors.published_rows(now=now).filter(slug=slug).values(*FIELDS))
        assert BY_SLUG.dicts(now=now, slug=slug) == expected
    assert BY_SLUG.dicts(now=first.published_at - timedelta(seconds=1), slug="first") == []  # not yet published then


def test_rows_are_converted_as_values_gives_them():
    ArticleFactory(slug="first", title_en="T", body_en="<p>B</p>")

    row = BY_SLUG.dicts(now=timezone.now(), slug="first")[0]

    assert timezone.is_aware(row["published_at"])
    assert row["translated_en"] is True


def test_datetimes_equal_the_orms_with_and_without_microseconds():
    whole = timezone.now().replace(microsecond=0) - timedelta(days=1)
    ArticleFactory(slug="whole", published_at=whole)
    ArticleFactory(slug="fraction", published_at=whole + timedelta(microseconds=123_456))
    now = timezone.now()

    for slug in ("whole", "fraction"):
        [row] = BY_SLUG.dicts(now=now, slug=slug)
        [expected] = selectors.published_rows(now=now).filter(slug=slug).values(*FIELDS)
        assert row["published_at"] == expected["published_at"] and row["published_at"].utcoffset() == timedelta(0)


def test_lists_of_numbers_and_pages():
    articles = [ArticleFactory(published_at=timezone.now() - timedelta(hours=n)) for n in range(7)]
    ids = [a.pk for a in articles]
    now = timezone.now()

    assert BY_IDS.tuples(ids=ids[:3]) == list(Article.objects.filter(pk__in=ids[:3]).order_by("id").values_list("id", "slug"))
    ordered = list(Article.objects.published(now=now).order_by("-published_at", "-id").values_list("id", flat=True))
    for limit, offset in ((3, 0), (3, 3), (3, 6), (2, 7)):
        assert [row[0] for row in PAGE.tuples(now=now, limit=limit, offset=offset)] == ordered[offset : offset + limit]


def test_page_numbers_are_written_into_the_sql_and_must_be_integers(django_assert_num_queries):
    ArticleFactory()
    now = timezone.now()

    with django_assert_num_queries(1) as captured:
        PAGE.tuples(now=now, limit=3, offset=6)
    assert "LIMIT 3 OFFSET 6" in captured.captured_queries[0]["sql"]
    for bad in ("3; DROP TABLE x", 2.5, None):
        with pytest.raises(TypeError):
            PAGE.tuples(now=now, limit=bad, offset=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
def test_postgresql_plans_a_prepared_page_query_once():
    """With LIMIT as a parameter, PostgreSQL's generic plan assumed a tenth of the table, never
    won against a fresh plan, and every run was planned again."""
    if not connection.settings_dict["OPTIONS"].get("server_side_binding"):
        pytest.skip("statements are not prepared (DJANGO_DB_SERVER_SIDE_BINDING=0)")
    ArticleFactory.create_batch(3)
    for _run in range(30):  # prepared after DJANGO_DB_PREPARE_THRESHOLD runs; PostgreSQL tries 5 fresh plans first
        PAGE.tuples(now=timezone.now(), limit=2, offset=0)

    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIMIT 2 OFFSET 0%"])
        [(generic, custom)] = cursor.fetchall()
    assert generic > custom


def test_literals_are_written_into_the_sql_and_nothing_else_is(django_assert_num_queries):
    from comments.models import Comment
    from tests.factories import CommentFactory

    approved = CommentFactory(author_name="قارئ 100%")
    CommentFactory(article=approved.article, author_name="قارئ 100%", status=Comment.Status.PENDING)
    query = Prepared(
        lambda m: Comment.objects.approved().filter(author_name__endswith="100%", article_id=m.number("article")).values_list("id"),
        literals=frozenset({"approved"}),
    )

    with django_assert_num_queries(1) as captured:
        rows = query.tuples(article=approved.article_id)
    assert [row[0] for row in rows] == [approved.pk]
    [run] = captured.captured_queries
    assert "= 'approved'" in run["sql"] and "100" in run["sql"]  # the LIKE pattern, still bound, shown with its value
    for bad in ("it's", "a b", ""):
        with pytest.raises(ValueError, match="words written into the SQL"):
            Prepared(lambda m: Comment.objects.values("id"), literals=frozenset({bad}))


def test_writing_literals_in_keeps_the_other_placeholders_and_percent_signs():
    from cms.prepared import _write_in

    sql, params = _write_in("a = %s AND b LIKE '1%%' AND c = %s AND d = %s", ["approved", "approved%", 3], frozenset({"approved"}))

    assert (sql, params) == ("a = 'approved' AND b LIKE '1%%' AND c = %s AND d = %s", ["approved%", 3])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
def test_postgresql_plans_the_comment_page_once():
    """With the status bound, PostgreSQL's plan for "any status" expected several times the rows
    of its plan for "approved" (a table of mostly pending comments) and every page was planned
    afresh: the status is written into the SQL."""
    if not connection.settings_dict["OPTIONS"].get("server_side_binding"):
        pytest.skip("statements are not prepared (DJANGO_DB_SERVER_SIDE_BINDING=0)")
    from comments import selectors
    from comments.models import Comment
    from tests.comments.conftest import many_comments
    from tests.factories import CommentFactory

    article = ArticleFactory()
    threads = many_comments(article, 300, status=Comment.Status.APPROVED)
    CommentFactory(parent=Comment.objects.get(pk=threads[0]))
    many_comments(ArticleFactory(), 3000)  # pending, elsewhere: the bench's shape after a burst of comments
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Comment._meta.db_table}")
    for _run in range(30):
        selectors.thread_trees(article.pk, offset=0, limit=20)

    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ["%AS page ORDER BY%"])
        [(generic, custom)] = cursor.fetchall()
    assert generic > custom


def test_prepared_queries_are_counted_like_any_other(django_assert_num_queries):
    ArticleFactory(slug="first")
    BY_SLUG.dicts(now=timezone.now(), slug="first")  # compiled

    with django_assert_num_queries(1):
        BY_SLUG.dicts(now=timezone.now(), slug="first")


def test_a_marker_that_the_query_rewrites_is_refused_when_compiled():
    # __contains wraps the value in LIKE wildcards: the marker never reaches the parameters as it is.
    broken = Prepared(lambda m: Article.objects.filter(title_ar__contains=m.text("q")).values("id"))

    with pytest.raises(ValueError, match="markers not found"):
        broken.dicts(q="x")


def test_page_ends_bound_a_page_compared_as_rows():
    """``RowCompare`` with ``page_ends``: every row from the page's first to its last (ties on the
    first value ordered by the second), for any page, nothing past the last."""
    from comments.models import Comment
    from tests.factories import CommentFactory

    moment = timezone.now() - timedelta(days=1)
    article = ArticleFactory()
    for n in range(7):
        CommentFactory(article=article, submitted_at=moment + timedelta(minutes=n // 2))  # pairs share a time
    order = ("submitted_at", "id")
    listing = Comment.objects.filter(article=article).order_by(*order)

    def page(m):
        first, last = m.page_ends(listing.values_list(*order))
        return Comment.objects.filter(RowCompare(order, ">=", first), RowCompare(order, "<=", last)).order_by(*order).values_list("id")

    between = Prepared(page)
    ordered = list(listing.values_list("id", flat=True))

    for limit, offset in ((3, 0), (3, 3), (3, 6), (2, 1), (5, 7)):
        assert [row[0] for row in between.tuples(limit=limit, offset=offset)] == ordered[offset : offset + limit]


def test_page_ends_and_row_comparisons_refuse_what_they_cannot_bound():
    """The SQL's columns must be the order's: a translated model's ``values_list`` may select them
    in another order (modeltranslation), which would reverse the page on the wrong column."""
    from cms.prepared import Markers
    from comments.models import Comment

    with pytest.raises(ValueError, match="selecting what it is ordered by"):
        Markers().page_ends(Comment.objects.order_by("submitted_at", "id").values_list("id", "submitted_at"))
    with pytest.raises(ValueError, match="not a row comparison"):
        RowCompare(("submitted_at", "id"), "=", None)


# --- PreparedInsert ---

from comments.models import Comment, HeldReason, ModerationEvent  # noqa: E402
from cms.prepared import PreparedInsert  # noqa: E402
from tests.factories import CommentFactory  # noqa: E402

INSERT_REASON = PreparedInsert(HeldReason)
INSERT_EVENT = PreparedInsert(ModerationEvent)


def test_insert_one_stores_the_row_with_defaults_and_returns_its_key(django_assert_num_queries):
    comment = CommentFactory()
    now = timezone.now()

    with django_assert_num_queries(1):
        pk = INSERT_EVENT.one(comment_id=comment.pk, comment_ref=comment.pk, action="status", to_status="pending", created_at=now)

    event = ModerationEvent.objects.get(pk=pk)
    assert (event.comment_id, event.action, event.to_status, event.note, event.actor_id, event.created_at) == (
        comment.pk, "status", "pending", "", None, now,
    )


def test_insert_many_is_one_statement_and_none_is_no_query(django_assert_num_queries):
    comment = CommentFactory()
    rows = [{"comment_id": comment.pk, "code": code, "created_at": timezone.now()} for code in ("first_time_commenter", "too_many_links")]

    with django_assert_num_queries(1):
        INSERT_REASON.many(rows)
    with django_assert_num_queries(0):
        INSERT_REASON.many([])

    assert sorted(HeldReason.objects.filter(comment=comment).values_list("code", flat=True)) == ["first_time_commenter", "too_many_links"]


def test_insert_refuses_unknown_columns_and_models_saved_with_auto_now():
    with pytest.raises(TypeError, match="nope"):
        INSERT_REASON.one(comment_id=1, code="x", nope=1)
    with pytest.raises(ValueError, match="updated_at"):
        PreparedInsert(Article)
    assert not Comment.objects.exists()


# --- statement_cursor: PostgreSQL's kept cursor ---

from django.db import IntegrityError, transaction  # noqa: E402

from cms.prepared import statement_cursor  # noqa: E402

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the kept cursor is PostgreSQL's")


@postgres_only
def test_a_connection_keeps_one_cursor_for_hot_statements():
    with statement_cursor(connection) as first:
        first.execute("SELECT 1")
    with statement_cursor(connection) as second:
        second.execute("SELECT 2")
        assert second.fetchall() == [(2,)]
    assert second is first

    with connection.cursor() as plain:  # Django's own cursors are untouched
        assert plain.cursor is not first


@postgres_only
def test_the_kept_cursor_is_made_again_for_a_new_connection():
    with statement_cursor(connection) as before:
        pass
    connection._kept_cursor = (object(), connection.timezone_name, before)  # as if kept from an earlier connection

    with statement_cursor(connection) as after:
        after.execute("SELECT 1")

    assert after is not before and after.connection is connection.connection


@postgres_only
def test_queries_counted_or_wrapped_take_djangos_cursor(django_assert_num_queries):
    with statement_cursor(connection) as kept:
        pass
    with django_assert_num_queries(1):
        with statement_cursor(connection) as counted:
            counted.execute("SELECT 1")
    assert counted is not kept


@postgres_only
def test_errors_on_the_kept_cursor_are_djangos_and_leave_the_transaction_usable():
    comment = CommentFactory()
    row = {"comment_id": comment.pk, "comment_ref": comment.pk, "action": "status", "to_status": "pending", "created_at": timezone.now()}

    with transaction.atomic():
        with pytest.raises(IntegrityError):  # django.db's (psycopg's is not a subclass of it)
            with transaction.atomic():
                INSERT_EVENT.one(**{**row, "action": None})  # NOT NULL
        pk = INSERT_EVENT.one(**row)  # the savepoint was rolled back; the transaction goes on

    assert ModerationEvent.objects.filter(pk=pk).exists()
