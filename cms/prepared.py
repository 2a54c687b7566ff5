"""Querysets compiled to SQL once, then only re-bound: the hot read paths without the ORM's per-call cost.

Building and compiling the article list's querysets (modeltranslation's rewriting, annotations,
a UNION of three tables) costs several times what the database needs to answer them. A
``Prepared`` query is still written as an ordinary queryset, so visibility comes from
``Article.objects.published()`` and column names from the models; it is compiled the first time
it runs on a connection, and afterwards only its parameters change. The values that vary are
given to the queryset as *markers*, which are looked up in the compiled parameters and replaced::

    ROW = Prepared(lambda m: Article.objects.published(now=m.now).filter(slug=m.text("slug")).values("id", "title_ar"))
    ROW.dicts(now=timezone.now(), slug="some-slug")   # [{"id": 1, "title_ar": "..."}]

Markers: ``m.now`` and ``m.moment(name)`` (aware datetimes compared with a DateTimeField; ``now``
is the value called ``now``), ``m.text(name)`` (a string used as it is, as in exact lookups),
``m.number(name)``, ``m.numbers(name, n)`` (``n`` ints, for ``__in``), ``m.inline(name)`` (an
int written into the SQL on every call rather than bound) and ``m.page(queryset)`` (its rows' ids
with ``LIMIT`` and ``OFFSET`` written in from ``limit`` and ``offset``, for ``pk__in``),
``m.page_ends(queryset)`` (the first and last rows of that page, for ``RowCompare``), and
``m.now_unplanned`` / ``m.moment_unplanned(name)`` (a time PostgreSQL's planner does not see, so
that it keeps one plan for a page read straight from an index in date order). A
marker that does not reach the parameters (a ``__contains`` lookup rewrites its value) is an
error when the query is compiled, never a wrong answer; so is a translated field named without
its language (``title`` rather than ``title_ar``), whose fallbacks only modeltranslation applies.

``Prepared(build, literals={...})`` writes those constant words (a status) into the SQL rather than
binding them, for a statement whose plan for "any value" PostgreSQL would find too dear to keep.

Rows go through the ORM's own converters, so a prepared query returns what ``values()`` or
``values_list()`` would. Queries run through ``connection.cursor()`` whenever queries are
counted (tests, debug) or wrapped (``execute_wrapper``); otherwise, on SQLite, straight through
the driver's cursor, with the placeholders already in its style.
"""

from __future__ import annotations

import operator
import re
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, DateTimeField, F, QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.utils.dateparse import parse_datetime

# Marker values: nothing a query is built from by hand looks like these.
_MOMENT_BASE = datetime(1970, 1, 2, 3, 4, 5, 678_000, tzinfo=UTC)
_NUMBER_BASE = 1_987_000_000
_TEXT = "\u2983{}\u2984"  # ⦃name⦄
# Written into the SQL itself (LIMIT and OFFSET), then replaced by the value's digits on every call.
_INLINE_BASE = 1_986_000_000
# Django's SQLite cursor rewrites %s (not %%s) to ? with this pattern on every call.
_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")


class Markers:
    """Hands out marker values while a query is being built, and remembers what each one stands for."""

    def __init__(self, vendor: str = ""):
        self.vendor = vendor  # the database the query is compiled for
        self.number_markers: dict[int, tuple[str, int | None]] = {}  # marker -> (name, index in a list or None)
        self.text_markers: dict[str, str] = {}
        self.moment_markers: dict[str, datetime] = {}  # name -> marker
        self.inline_markers: dict[str, str] = {}  # digits written into the SQL -> name

    @property
    def now(self) -> datetime:
        return self.moment("now")

    def moment(self, name: str) -> datetime:
        if name not in self.moment_markers:
            self.moment_markers[name] = _MOMENT_BASE + timedelta(microseconds=len(self.moment_markers) + 1)
        return self.moment_markers[name]

    @property
    def now_unplanned(self):
        """``now`` for a comparison whose plan must not depend on it (a page read straight from an
        index in date order). On PostgreSQL it reaches the query as a one-row subquery, which the
        planner cannot look into, so every plan it makes is the one for "any time": with the value
        as a plain parameter it planned each run for that very time (all rows visible) and found
        its plan for any time (a third of them, it assumes) too dear to keep, so every run of the
        statement was planned afresh, which cost the database more than reading the page. Elsewhere
        the plain marker."""
        return self.moment_unplanned("now")

    def moment_unplanned(self, name: str):
        """``moment(name)``, kept from the planner as ``now_unplanned`` is."""
        marker = self.moment(name)
        if self.vendor != "postgresql":
            return marker
        return RawSQL("SELECT %s::timestamptz", (marker,), output_field=DateTimeField())

    def text(self, name: str) -> str:
        marker = _TEXT.format(name)
        self.text_markers[marker] = name
        return marker

    def number(self, name: str) -> int:
        marker = _NUMBER_BASE + len(self.number_markers)
        self.number_markers[marker] = (name, None)
        return marker

    def numbers(self, name: str, count: int) -> list[int]:
        markers = []
        for index in range(count):
            marker = _NUMBER_BASE + len(self.number_markers)
            self.number_markers[marker] = (name, index)
            markers.append(marker)
        return markers

    def inline(self, name: str) -> str:
        """An integer written into the SQL, not bound as a parameter: for the values PostgreSQL
        must see to plan well (``page``; a key whose rows are skewed, like the article of a busy
        comment thread). For a filter, wrap it: ``RawSQL(m.inline("article"), ())``."""
        marker = str(_INLINE_BASE + len(self.inline_markers))
        self.inline_markers[marker] = name
        return marker

    def page(self, queryset: QuerySet) -> RawSQL:
        """``queryset``'s rows, limited and offset by the ``limit`` and ``offset`` values: for ``pk__in``.

        In a subquery, a deep page is found in the index alone; only its rows are read in full.
        Both numbers are written into the SQL: PostgreSQL plans a ``LIMIT $1`` for a tenth of the
        table, so a prepared page query never found its generic plan good enough and was planned
        afresh on every run (the planning cost more than the query).
        """
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        return RawSQL(f"{sql} LIMIT {self.inline('limit')} OFFSET {self.inline('offset')}", params)

    def page_ends(self, queryset: QuerySet) -> tuple[RawSQL, RawSQL]:
        """The first and the last row of ``queryset``'s page (``limit`` and ``offset`` as in ``page``),
        each a one-row subquery of the values it selects: the bounds of a ``RowCompare``.

        ``queryset`` selects what it is ordered by, in that order, ascending (``values_list`` of its
        ``order_by``), so that its page's last row is its first in reverse. (A translated model's
        ``values_list`` may select its columns in another order: that is refused, not reversed on
        the wrong column.) Read from an index in that order, each bound costs the entries of one
        page; both are NULL past the last page.
        """
        fields = tuple(queryset.query.values_select)
        if not fields or fields != tuple(queryset.query.order_by):
            raise ValueError(f"page_ends needs a queryset selecting what it is ordered by: {fields} for {queryset.query.order_by}")
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        limit, offset = self.inline("limit"), self.inline("offset")
        backwards = ", ".join(f"{position} DESC" for position in range(1, len(fields) + 1))
        first = RawSQL(f"{sql} LIMIT 1 OFFSET {offset}", params)
        last = RawSQL(f"SELECT * FROM ({sql} LIMIT {limit} OFFSET {offset}) AS page ORDER BY {backwards} LIMIT 1", params)
        return first, last


class RowCompare(Expression):
    """``(field, ...) <operator> (subquery)``, compared as rows (by the first value, then the next),
    as a condition for ``filter()``: with bounds from ``Markers.page_ends``, a page of a listing
    ordered by these fields is one range of an index on them, whatever the page's depth. Both
    PostgreSQL and SQLite compare rows, and read such a range from the index."""

    conditional = True

    def __init__(self, fields: tuple[str, ...], operator: str, subquery: RawSQL):
        if operator not in {"<", "<=", ">", ">="}:
            raise ValueError(f"not a row comparison: {operator}")
        super().__init__(output_field=BooleanField())
        self.fields = [F(name) for name in fields]
        self.operator = operator
        self.subquery = subquery

    def get_source_expressions(self):
        return [*self.fields, self.subquery]

    def set_source_expressions(self, expressions):
        *self.fields, self.subquery = expressions

    def as_sql(self, compiler, connection):
        columns, params = [], []
        for field in self.fields:
            sql, more = compiler.compile(field)
            columns.append(sql)
            params.extend(more)
        sql, more = compiler.compile(self.subquery)
        return f"({', '.join(columns)}) {self.operator} {sql}", [*params, *more]


def _refuse_fallbacks(model, fields: list[str]) -> None:
    """A translated field by its plain name (``title``) is read through modeltranslation's
    fallbacks, which raw rows would skip: prepared queries name the language (``title_ar``)."""
    try:
        from modeltranslation.translator import NotRegistered, translator
    except ImportError:  # pragma: no cover - modeltranslation is a dependency
        return
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return
    if plain := translated.intersection(fields):
        raise ValueError(f"name the language of translated fields in prepared queries: {sorted(plain)}")


# A value ``Prepared(literals=...)`` may write into the SQL: a word, nothing to quote or escape.
_LITERAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A placeholder in Django's SQL (``%%`` is a literal percent sign).
_PLACEHOLDER_OR_PERCENT = re.compile(r"%%|%s")


def _write_in(sql: str, params: list, literals: frozenset[str]) -> tuple[str, list]:
    """``sql`` with every parameter found in ``literals`` written in as a quoted literal (and dropped
    from ``params``); the other placeholders and parameters as they were."""
    if not literals:
        return sql, params
    remaining = iter(params)
    kept = []

    def replace(match):
        if match.group() == "%%":
            return "%%"
        value = next(remaining)
        if type(value) is str and value in literals:
            return f"'{value}'"
        kept.append(value)
        return "%s"

    return _PLACEHOLDER_OR_PERCENT.sub(replace, sql), kept


class _Compiled:
    def __init__(self, queryset: QuerySet, markers: Markers, connection, literals: frozenset[str] = frozenset()):
        query = queryset.query
        self.compiler = query.get_compiler(connection=connection)
        sql, params = self.compiler.as_sql()
        self.sql, self.params = _write_in(sql, list(params), literals)
        fields = [s[0] for s in self.compiler.select[0 : self.compiler.col_count]]
        converters = _fast_converters(self.compiler.get_converters(fields), connection)
        # SQLite datetime columns: made aware (and parsed, when they come as text) in ``convert``.
        self.plan = [(position, functions, expression, functions == [_aware]) for position, (functions, expression) in converters.items()]
        self.has_aware = any(aware for *_rest, aware in self.plan)
        if connection.vendor == "sqlite":
            self.sql = _datetimes_as_text(self.sql, self.compiler, [position for position, *_rest, aware in self.plan if aware], connection)
        # SQLite's cursor wrapper rewrites %s to ? on every call (a regex over the whole query).
        self.qmark_sql = _FORMAT_PLACEHOLDER.sub("?", self.sql).replace("%%", "%") if connection.vendor == "sqlite" else None
        # The columns in SQL order, and where each field asked for is among them: modeltranslation's
        # values()/values_list() select in set order and put the row back in order as they read it.
        self.names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select, *query.annotation_select]
        wanted = list(getattr(queryset, "original_fields", None) or queryset._fields or self.names)
        wanted += [name for name in query.annotation_select if name not in wanted and name in self.names]
        _refuse_fallbacks(queryset.model, wanted)
        self.fields = wanted
        self.order = [self.names.index(name) for name in wanted] if set(wanted) <= set(self.names) else list(range(len(self.names)))
        self.reorder = self.order != list(range(len(self.names)))
        self.extra_columns = len(self.names) != len(set(wanted))  # selected for fallbacks, not asked for
        # A DateTimeField lookup adapts its value (a string on SQLite), so the markers are looked for adapted.
        self.adapt_moment = connection.ops.adapt_datetimefield_value
        moments = {self.adapt_moment(marker): name for name, marker in markers.moment_markers.items()}
        self.slots: list[tuple[int, str, object]] = []  # (position, kind, key)
        found = set()
        for position, value in enumerate(self.params):
            if type(value) is int and value in markers.number_markers:
                self.slots.append((position, "number", markers.number_markers[value]))
                found.add(value)
            elif type(value) is str and value in markers.text_markers:
                self.slots.append((position, "text", markers.text_markers[value]))
                found.add(value)
            elif isinstance(value, str | datetime) and value in moments:
                self.slots.append((position, "moment", moments[value]))
                found.add(moments[value])
        self.inlines = [(marker, name) for marker, name in markers.inline_markers.items() if marker in self.sql]
        missing = [
            *(set(markers.inline_markers) - {marker for marker, _name in self.inlines}),
            *(set(markers.number_markers) - found), *(set(markers.text_markers) - found), *(set(markers.moment_markers) - found),
        ]
        if missing:
            raise ValueError(f"markers not found in the compiled parameters: {missing}")

    def convert(self, rows: list, connection) -> list[list]:
        """The ORM's converters over the rows (``SQLCompiler.apply_converters``, without its generator)."""
        plan = self.plan
        zone = connection.timezone if self.has_aware else None
        out = []
        for row in rows:
            row = list(row)
            for position, functions, expression, aware in plan:
                value = row[position]
                if aware:
                    # _aware, inlined for its usual cases: the stored text (see _datetimes_as_text),
                    # or a datetime the driver parsed (declared type); naive either way.
                    if value.__class__ is str:
                        try:
                            value = _fromisoformat(value)
                        except ValueError:
                            value = parse_datetime(value)
                        row[position] = value.replace(tzinfo=zone) if value.tzinfo is None else value
                    elif value.__class__ is datetime:
                        if value.tzinfo is None:
                            row[position] = value.replace(tzinfo=zone)
                    elif value is not None:
                        row[position] = _aware(value, expression, connection)
                    continue
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            out.append(row)
        return out

    def statement(self, values: dict, *, qmark: bool) -> str:
        """The SQL (in the driver's placeholder style with ``qmark``), with the inline values written in."""
        sql = self.qmark_sql if qmark else self.sql
        for marker, name in self.inlines:
            sql = sql.replace(marker, str(operator.index(values[name])))  # integers only, never text
        return sql

    def bind(self, values: dict) -> list:
        params = self.params.copy()
        for position, kind, key in self.slots:
            if kind == "moment":
                params[position] = self.adapt_moment(values[key])
            elif kind == "text":
                params[position] = values[key]
            else:
                name, index = key
                params[position] = values[name] if index is None else values[name][index]
        return params


_fromisoformat = datetime.fromisoformat


def _datetimes_as_text(sql: str, compiler, positions: list[int], connection) -> str:
    """The SELECT with these (datetime) columns as ``+column``: an expression has no declared type,
    so the driver hands over the stored text instead of running Django's converter on it (a
    Python function per value), and ``convert`` parses it with ``datetime.fromisoformat``. The
    value is the same: unary plus changes nothing in SQLite. A column not found as Django wrote it
    is left to the driver."""
    quote = connection.ops.quote_name
    wrapped = {}
    for position in positions:
        _expression, (column_sql, _params), alias = compiler.select[position]
        if alias is None:
            continue
        selected = f"{column_sql} AS {quote(alias)}"
        at = sql.find(selected)
        if at != -1:
            sql = f"{sql[:at]}+{sql[at:]}"
            wrapped[position + 1] = column_sql
    return _order_by_columns(sql, wrapped)


# The outermost ORDER BY as Django writes it for values(): positions in the select list (and
# columns not selected, as "table"."column"), then perhaps LIMIT and OFFSET.
_OUTER_ORDER = re.compile(r' ORDER BY ((?:(?:\d+|"[^"]+"\."[^"]+") (?:ASC|DESC)(?:, )?)+)((?: LIMIT \d+)?(?: OFFSET \d+)?)$')


def _order_by_columns(sql: str, wrapped: dict[int, str]) -> str:
    """The outermost ORDER BY with the columns ``_datetimes_as_text`` wrapped named as columns, not
    by position: ordered by the ``+column`` expression, SQLite cannot read the rows in an index's
    order and sorts the whole table instead (a first page read straight from the listing index)."""
    at = sql.rfind(" ORDER BY ")
    match = _OUTER_ORDER.fullmatch(sql[at:]) if at != -1 and wrapped else None
    if match is None:
        return sql
    terms = []
    for term in match.group(1).split(", "):
        key, direction = term.rsplit(" ", 1)
        terms.append(f"{wrapped.get(int(key), key) if key.isdigit() else key} {direction}")
    return f"{sql[:at]} ORDER BY {', '.join(terms)}{match.group(2)}"


def _aware(value, expression, connection):
    """SQLite's datetime converter (``convert_datetimefield_value``) with USE_TZ on, minus its
    per-value settings lookups: the same values, in half the time."""
    if value is not None:
        if not isinstance(value, datetime):
            value = parse_datetime(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=connection.timezone)
    return value


def _fast_converters(converters: dict, connection) -> dict:
    if connection.vendor != "sqlite" or not settings.USE_TZ:
        return converters
    slow = connection.ops.convert_datetimefield_value
    return {pos: ([_aware if conv == slow else conv for conv in convs], expression) for pos, (convs, expression) in converters.items()}


@contextmanager
def statement_cursor(connection):
    """A cursor for one statement of a hot path: ``connection.cursor()``, or on PostgreSQL, while
    nobody counts or wraps queries, the connection's own kept psycopg cursor.

    Each ``connection.cursor()`` makes a psycopg cursor (and looks up its timestamp loader) and
    wraps it in Django's ``CursorWrapper``: about 30 µs a statement, a fifth of what a cold
    article list spends on its two. The kept cursor is made once per database connection by
    Django's own ``create_cursor`` (so it reads timestamps as every other cursor does) and
    replaced when the connection or its time zone changes. What the wrapper does is done here:
    the health check and connection, the broken-transaction check, and errors turned into
    Django's (``IntegrityError`` and the rest), so ``atomic()`` and callers see what they would.
    """
    if connection.vendor != "postgresql" or connection.queries_logged or connection.execute_wrappers:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    kept = getattr(connection, "_kept_cursor", None)
    if kept is None or kept[0] is not connection.connection or kept[1] != connection.timezone_name:
        with connection.wrap_database_errors:
            kept = connection._kept_cursor = (connection.connection, connection.timezone_name, connection.create_cursor())
    with connection.wrap_database_errors:
        yield kept[2]


class Prepared:
    """A queryset built by ``build(markers)``, compiled once per database connection and run with new values.

    ``literals``: constant words (a status) written into the SQL instead of bound. PostgreSQL plans
    a prepared statement for "any value" of a parameter; where that plan's estimate is far from
    the one for the value always given (``status = 'approved'`` on a table mostly of pending
    comments), it finds its generic plan too dear, and plans every run afresh instead.
    """

    def __init__(self, build: Callable[[Markers], QuerySet], using: str = "default", *, literals: frozenset[str] = frozenset()):
        bad = [value for value in literals if not _LITERAL.fullmatch(value)]
        if bad:
            raise ValueError(f"literals are words written into the SQL as they are: {bad}")
        self.build = build
        self.using = using
        self.literals = frozenset(literals)
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _for(self, connection) -> _Compiled:
        compiled = self._compiled.get(connection)
        if compiled is None:
            markers = Markers(connection.vendor)
            compiled = _Compiled(self.build(markers), markers, connection, self.literals)
            self._compiled[connection] = compiled
        return compiled

    def tuples(self, **values) -> list[tuple | list]:
        """The rows as ``values_list()`` would give them (as lists when converters ran: index them, don't hash them)."""
        compiled, rows = self._rows(values)
        if compiled.reorder:
            order = compiled.order
            rows = [tuple(row[i] for i in order) for row in rows]
        return rows

    def dicts(self, **values) -> list[dict]:
        """The rows as ``values()`` would give them (keys in the order of the SQL)."""
        compiled, rows = self._rows(values)
        if compiled.extra_columns:
            fields = compiled.fields
            return [{name: row[i] for name, i in zip(fields, compiled.order)} for row in rows]
        names = compiled.names
        return [dict(zip(names, row)) for row in rows]

    def _rows(self, values: dict) -> tuple[_Compiled, list]:
        connection = connections[self.using]
        compiled = self._for(connection)
        params = compiled.bind(values)
        if compiled.qmark_sql and not connection.queries_logged and not connection.execute_wrappers:
            # SQLite, nobody counting or wrapping queries: the driver's cursor, with the query
            # already in its own placeholder style (errors still become Django's).
            connection.ensure_connection()
            connection.validate_no_broken_transaction()
            with connection.wrap_database_errors:
                cursor = connection.connection.cursor()
                try:
                    rows = cursor.execute(compiled.statement(values, qmark=True), params).fetchall()
                finally:
                    cursor.close()
        else:
            with statement_cursor(connection) as cursor:
                cursor.execute(compiled.statement(values, qmark=False), params)
                rows = cursor.fetchall()
        if compiled.plan:
            rows = compiled.convert(rows, connection)
        return compiled, rows


class PreparedInsert:
    """INSERTs of whole rows into ``model``'s table, the SQL built once per connection and row count.

    For hot write paths (a comment submission stores four rows): no model instances, no
    ``save()`` machinery, no compiling per call; the statement still runs through
    ``connection.cursor()``, so it is counted, wrapped and wrapped in the transaction like any
    other. Values are given by attribute name (``article_id``) and prepared by their fields as
    ``save()`` would; a column not given takes its field's default. Only for models whose
    ``save()`` stores the row and nothing more (no ``auto_now``, no overridden ``save``).
    """

    def __init__(self, model):
        meta = model._meta
        self.model = model
        self.fields = [field for field in meta.concrete_fields if field is not meta.pk]
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                raise ValueError(f"{meta.label}.{field.name} is set by save(): give it a default instead")
        self.attnames = {field.attname for field in self.fields}
        self._sql: dict[tuple[str, int, bool], str] = {}

    def _statement(self, connection, rows: int, *, returning: bool) -> str:
        key = (connection.alias, rows, returning)
        sql = self._sql.get(key)
        if sql is None:
            qn = connection.ops.quote_name
            meta = self.model._meta
            columns = ", ".join(qn(field.column) for field in self.fields)
            values = ", ".join(["(" + ", ".join(["%s"] * len(self.fields)) + ")"] * rows)
            sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {values}"
            if returning:
                sql += f" RETURNING {qn(meta.pk.column)}"
            self._sql[key] = sql
        return sql

    def _params(self, values: dict, connection, *, skip=frozenset()) -> list:
        unknown = values.keys() - self.attnames
        if unknown:
            raise TypeError(f"not columns of {self.model._meta.label}: {sorted(unknown)}")
        return [
            field.get_db_prep_save(values[field.attname] if field.attname in values else field.get_default(), connection)
            for field in self.fields
            if field.attname not in skip
        ]

    def fragment(self, rows: list[dict], *, expressions: dict[str, str], using: str = "default") -> tuple[str, list]:
        """``INSERT INTO table (columns) VALUES ...`` and its parameters, to be part of a larger
        statement (PostgreSQL's data-modifying ``WITH``: several tables written in one round trip).

        ``expressions`` gives columns as SQL, the same in every row, in place of values: for an id
        handed out by a ``WITH`` query. The primary key may be one of them, by its attribute name.
        """
        connection = connections[using]
        meta = self.model._meta
        fields = [meta.pk, *self.fields] if meta.pk.attname in expressions else self.fields
        unknown = expressions.keys() - {field.attname for field in fields}
        if unknown:
            raise TypeError(f"not columns of {meta.label}: {sorted(unknown)}")
        qn = connection.ops.quote_name
        row = "(" + ", ".join(expressions.get(field.attname, "%s") for field in fields) + ")"
        sql = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(field.column) for field in fields)}) VALUES {', '.join([row] * len(rows))}"
        params = [param for values in rows for param in self._params(values, connection, skip=expressions.keys())]
        return sql, params

    def one(self, using: str = "default", **values) -> int:
        """Insert one row; its primary key."""
        connection = connections[using]
        returning = connection.features.can_return_columns_from_insert
        with statement_cursor(connection) as cursor:
            cursor.execute(self._statement(connection, 1, returning=returning), self._params(values, connection))
            if returning:
                return cursor.fetchone()[0]
            return connection.ops.last_insert_id(cursor, self.model._meta.db_table, self.model._meta.pk.column)

    def many(self, rows: list[dict], using: str = "default") -> None:
        """Insert these rows in one statement (none: no query)."""
        if not rows:
            return
        connection = connections[using]
        params = [param for values in rows for param in self._params(values, connection)]
        with statement_cursor(connection) as cursor:
            cursor.execute(self._statement(connection, len(rows), returning=False), params)
