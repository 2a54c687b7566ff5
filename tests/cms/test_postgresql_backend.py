"""cms.backends.postgresql: timestamps read by psycopg's C loader are the instants Django's own loader gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend"),
]

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, 0, 1, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
]


def _loader_class():
    from psycopg.pq import Format

    connection.ensure_connection()
    return connection.connection.adapters.get_loader(1184, Format.TEXT)  # timestamptz


def test_the_connection_reads_timestamps_with_the_c_loader():
    from psycopg._cmodule import _psycopg

    loader = _loader_class()
    assert loader.timezone == connection.timezone  # what Django's create_cursor compares
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        [(value,)] = cursor.fetchall()
        assert isinstance(cursor.cursor._tx.get_loader(1184, 0), _psycopg.TimestamptzLoader)
    assert timezone.is_aware(value) and value.utcoffset() == timedelta(0)


def test_orm_values_are_the_stored_instants_in_utc():
    for moment in MOMENTS:
        ArticleFactory(published_at=moment)

    read = sorted(Article.objects.values_list("published_at", flat=True))

    assert read == sorted(MOMENTS)
    assert all(value.utcoffset() == timedelta(0) for value in read)
    assert [timezone.localtime(value).isoformat() for value in read] == [moment.isoformat() for moment in sorted(MOMENTS)]


@override_settings(TIME_ZONE="Asia/Baghdad")
def test_a_changed_time_zone_still_reads_the_same_instants():
    ArticleFactory(published_at=MOMENTS[0])

    [value] = Article.objects.values_list("published_at", flat=True)

    assert value == MOMENTS[0]
    assert timezone.localtime(value).isoformat() == "2026-03-29T03:59:59.999999+03:00"
