"""Django's PostgreSQL backend, with timestamps read by psycopg's C loader.

Django replaces psycopg's ``timestamptz`` loader with one written in Python (a subclass that pins
the zone), so every timestamp a page reads costs a Python call or two: about 40 per article list.
Django also sets each connection's ``TimeZone`` to its own (``timezone_name``), and psycopg's C
loader already returns every value in the connection's zone: the same instants, read in C. This
backend registers that loader on each new connection. Django's ``create_cursor`` still checks the
loader's ``timezone`` against its own and falls back to its Python loader when they differ (a
``TIME_ZONE`` changed in tests). Without psycopg's C extension (``psycopg[binary]`` or
``psycopg[c]``), or with ``USE_TZ`` off, nothing changes.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db.backends.postgresql import base

try:
    from psycopg._cmodule import _psycopg
except ImportError:  # pragma: no cover - the pure-Python psycopg
    _psycopg = None


@cache
def c_timestamptz_loader(zone):
    """psycopg's C ``timestamptz`` loader, as a class carrying the ``timezone`` Django compares."""

    class CTimestamptzLoader:
        format = _psycopg.TimestamptzLoader.format  # text: what psycopg registers it for
        timezone = zone

        def __new__(cls, oid, context=None):
            return _psycopg.TimestamptzLoader(oid, context)

    return CTimestamptzLoader


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if _psycopg is not None and settings.USE_TZ and not self.pool:
            connection.adapters.register_loader("timestamptz", c_timestamptz_loader(self.timezone))
        return connection
