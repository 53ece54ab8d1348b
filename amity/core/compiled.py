"""Queries that every API request asks, built and compiled by the ORM once per process.

Building a queryset and compiling it to SQL costs more than PostgreSQL takes to answer a query of
one row by its index (the API token: ~0.8 ms of CPU against ~0.1). ``Compiled`` keeps the SQL the
ORM wrote for a queryset made with example values, and runs it again with other values in their
places: the same SQL, so the same rows, as the queryset would read. On PostgreSQL, whose driver
gives every value as Python's; on SQLite, which returns dates as text for the ORM to convert, the
queryset itself is run.
"""

import datetime
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Lookup, QuerySet
from django.db.models.expressions import BaseExpression, RawSQL
from django.db.models.sql import Query
from django.db.models.sql.where import WhereNode
from django.utils.hashable import make_hashable


@contextmanager
def prepared_cursor(alias: str):
    """A cursor on database ``alias`` for queries whose text repeats (compiled once). On
    PostgreSQL it binds their parameters on the server, so that the connection's
    ``prepare_threshold`` (the ``OPTIONS`` of ``DATABASES``; None, Django's default, prepares
    nothing) lets psycopg keep each query prepared on the connection and PostgreSQL its plan:
    parsing and planning a query of a page's related ids costs more than running it. Django's own
    cursors bind on the client, which never prepares; its ``server_side_binding`` would switch
    every query of the application."""
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _read_time_stamps_in_c(connection, cursor.cursor)
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor  # loads psycopg: only where PostgreSQL is in use

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    _read_time_stamps_in_c(connection, raw)
    with _TextLoggingCursor(raw, connection) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor


def _read_time_stamps_in_c(connection, raw) -> None:
    """Let the psycopg cursor ``raw`` read time stamps with psycopg's own loader (compiled with the
    driver) where it gives what Django's gives: both in UTC, Django's default. Django reads them with
    a subclass of psycopg's loader written in Python that sets the zone again (~5 µs a value: 0.35 ms
    of CPU for a page of 50 records with two time stamps each, against 0.02); psycopg's puts them in
    the session's zone, UTC, as the same ``datetime.UTC``."""
    if connection.timezone is datetime.UTC and connection.connection.info.parameter_status("TimeZone") == "UTC":
        raw.adapters.register_loader(*_time_stamp_loader())


@functools.cache
def _time_stamp_loader() -> tuple[int, type]:
    """The type of PostgreSQL's time stamps with zone, and psycopg's own loader of their text."""
    import psycopg  # only where PostgreSQL is in use
    from psycopg.pq import Format  # the same

    oid = psycopg.adapters.types["timestamptz"].oid
    return oid, psycopg.adapters.get_loader(oid, Format.TEXT)


class _TextLoggingCursor(CursorDebugWrapper):
    """Django's debug cursor for ``prepared_cursor``, logging each statement's text with its values
    (as Django's own cursors log theirs) where Django's would log none: it reads the text back from
    psycopg, which keeps none for a statement it runs prepared. Used only while queries are logged
    (``DEBUG``, ``CaptureQueriesContext``), which is when composing the text is worth its cost."""

    def execute(self, sql, params=None):
        try:
            text = self.db.ops.compose_sql(sql, params)
        except Exception:  # a value the client cannot quote: the statement as it was sent
            text = sql
        with self.debug_sql(text, params):
            return CursorWrapper.execute(self, sql, params)  # Django's execution, without its own logging


class Compiled:
    """The SQL of the queryset ``build(**examples)`` returns, run with other values for the
    examples' parameters (``rows``). A value is sent as the ORM sends it: through
    ``prepare[name](alias, value)`` where given (a date-time field's ``get_db_prep_value``), as it
    is otherwise (numbers, texts). Each example must then be one and only one of the compiled
    query's parameters: a query that compiles otherwise is refused when it is first compiled,
    never run with an example in it."""

    def __init__(self, build: Callable[..., QuerySet], *, prepare: dict[str, Callable] | None = None, **examples):
        self.build = build
        self.prepare = prepare or {}
        self.examples = examples
        self._compiled: dict[str, tuple[str, list, dict[str, int]]] = {}
        self._lock = threading.Lock()

    def _sent(self, alias: str, name: str, value):
        prepare = self.prepare.get(name)
        return value if prepare is None else prepare(alias, value)

    def _compile(self, alias: str) -> tuple[str, list, dict[str, int]]:
        queryset = self.build(**self.examples).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if compiler.get_converters([column for column, _sql, _alias in compiler.select]):
            raise ValueError("a column is converted after it is read: run the queryset itself")
        params = list(params)
        places = {}
        for name, example in self.examples.items():
            sent = self._sent(alias, name, example)
            found = [i for i, param in enumerate(params) if type(param) is type(sent) and param == sent]
            if len(found) != 1:
                raise ValueError(f"{name}: the example {example!r} is {len(found)} of the query's parameters, not one")
            places[name] = found[0]
        return sql, params, places

    def rows(self, alias: str, **values) -> list[tuple]:
        """The rows of the query on database ``alias`` with ``values`` in place of the examples
        (every one of them)."""
        if values.keys() != self.examples.keys():
            raise TypeError(f"give {sorted(self.examples)}, not {sorted(values)}")
        if connections[alias].vendor != "postgresql":  # SQLite's values (dates) are converted once read
            return [tuple(row) for row in self.build(**values).using(alias)]
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        sql, params, places = compiled
        params = list(params)
        for name, value in values.items():
            params[places[name]] = self._sent(alias, name, value)
        with prepared_cursor(alias) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


#: Values a list's condition may compare with (``_by_value``).
_PLAIN_VALUES = (str, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta, UUID, type(None))
#: Statements compiled once per shape of the querysets they are built from (``list_rows``,
#: ``exists``), kept by this process; the least recently used is dropped past this many.
_KEPT_MOST = 256
_KEPT: OrderedDict[tuple, object] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _kept(key: tuple, make: Callable[[], object]):
    """What ``make()`` compiled for ``key``, compiled at the first ``key`` this process meets."""
    found = _KEPT.get(key, _KEPT)
    with _KEPT_LOCK:
        if found is _KEPT:  # not kept yet
            found = _KEPT[key] = make()
            while len(_KEPT) > _KEPT_MOST:
                _KEPT.popitem(last=False)
        elif key in _KEPT:
            _KEPT.move_to_end(key)
    return found


@dataclass(frozen=True)
class ListStatements:
    """A list's two statements as the ORM compiled them: its rows in order (``rows``, with ``params``,
    taking the page's LIMIT and OFFSET as two more parameters; or, for a page read by its keys
    (``_page_by_keys``), written as numbers between ``rows`` and ``rows_after``) and their number
    (``count``, with ``count_params``), the rows' keys (``names``, as ``QuerySet.values`` gives them) and what converts the values read
    (``converters`` by the ``compiler`` that found them: SQLite's dates, say)."""

    rows: str | None  # None: no row can be read (``EmptyResultSet``)
    params: tuple
    rows_after: str | None
    count: str | None
    count_params: tuple
    names: tuple
    compiler: object
    converters: dict


class KeptRows:
    """A list's rows (a queryset of values) for a paginator: its count and its page read through
    ``ListStatements`` on ``prepared_cursor``, so that neither is built and compiled again by the
    ORM, nor (on PostgreSQL) parsed and planned again by the database. It holds what
    ``core.pagination`` reads of a queryset to estimate a count (``query``, ``db``, ``model``)."""

    def __init__(self, queryset, statements: ListStatements):
        self.query, self.db, self.model, self.ordered = queryset.query, queryset.db, queryset.model, queryset.ordered
        self.statements = statements

    def count(self) -> int:
        if self.statements.rows is None:
            return 0
        with prepared_cursor(self.db) as cursor:
            cursor.execute(self.statements.count, self.statements.count_params)
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list[dict]:
        found = self.statements
        if found.rows is None:
            return []
        limit, offset = window.stop - window.start, window.start
        with prepared_cursor(self.db) as cursor:
            if found.rows_after is None:
                cursor.execute(found.rows, (*found.params, limit, offset))
            else:
                cursor.execute(f"{found.rows}LIMIT {int(limit)} OFFSET {int(offset)}{found.rows_after}", found.params)
            rows = cursor.fetchall()
        if found.converters:
            rows = found.compiler.apply_converters(rows, found.converters)
        return [dict(zip(found.names, row, strict=True)) for row in rows]


def list_rows(queryset):
    """``queryset`` (a list's rows: ``QuerySet.values`` of columns, filtered and ordered) as
    ``KeptRows`` where its shape can be compared (``_shape``), else as it is. Two queries of the
    same shape compile to the same SQL with the same parameters, so the statements compiled for the
    first serve every later one: a change of the user's reach, of a filter or of the order changes
    a condition's values or the order, hence the shape."""
    key = _shape(queryset)
    if key is None or not queryset.query.values_select:
        return queryset
    return KeptRows(queryset, _kept(("list", *key), lambda: _list_statements(queryset)))


def exists(kind: str, parts: tuple[QuerySet, ...], build: Callable[[], QuerySet]) -> bool:
    """Whether the queryset that ``build()`` makes of the querysets ``parts`` has a row, asked by the
    SQL compiled for the first ``parts`` of the same shapes (``_shape``) this process met, ``kind``
    naming what ``build`` does with them; where a part's shape cannot be compared, ``build()`` is
    asked through the ORM."""
    shapes = tuple(_shape(part) for part in parts)
    if None in shapes:
        return build().exists()
    built: list[QuerySet] = []

    def compile_exists() -> tuple[str, tuple] | None:
        built.append(build())
        try:
            sql, params = built[0].query.exists().get_compiler(using=built[0].db).as_sql()
        except EmptyResultSet:  # a condition no row meets (in none of no units)
            return None
        return sql, tuple(params)

    statement = _kept(("exists", kind, *shapes), compile_exists)
    if statement is None:
        return False
    sql, params = statement
    with prepared_cursor(parts[0].db) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def kept_statement(kind: str, queryset: QuerySet, write: Callable[[QuerySet], tuple[str, tuple]]) -> tuple[str, tuple]:
    """The SQL and parameters ``write(queryset)`` gives, kept from the first queryset of the same
    shape (``_shape``) this process met, ``kind`` naming what ``write`` writes of it; written anew
    where the shape cannot be compared."""
    key = _shape(queryset)
    if key is None:
        return write(queryset)
    return _kept((kind, *key), lambda: write(queryset))


def _shape(queryset) -> tuple | None:
    """What the SQL and parameters of ``queryset`` depend on, comparable by value: the tables joined
    and how, the columns, the conditions with their values, the order. None where a part cannot be
    compared by value (a subquery, an annotation, DISTINCT, a grouping): such a query is compiled
    by the ORM each time."""
    query = queryset.query
    if (
        query.annotations
        or query.extra
        or query.combinator
        or query.distinct
        or query.group_by is not None
        or query.is_sliced
        or query.select_for_update
        or query.deferred_loading != (frozenset(), True)
        or not _by_value(query.where)
        or not all(isinstance(o, str) for o in query.order_by)
    ):
        return None
    joins = tuple(
        (alias, join.identity, getattr(join, "join_type", None), getattr(join, "nullable", None))
        for alias, join in query.alias_map.items()
    )
    key = (
        queryset.db, query.model, joins, query.select, query.values_select, make_hashable(query.select_related),
        query.where, query.order_by, query.extra_order_by, query.default_ordering, query.standard_ordering,
    )  # fmt: skip
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _by_value(node) -> bool:
    """Whether a condition compares columns (or functions of them) with plain values only, all of
    which compare by value: a subquery, or a condition that matches nothing, compares by the
    object, never equal to the same one built again."""
    if isinstance(node, _PLAIN_VALUES):
        return True
    if isinstance(node, (list, tuple, set, frozenset)):
        return all(_by_value(value) for value in node)
    if isinstance(node, WhereNode):
        return all(_by_value(child) for child in node.children)
    if isinstance(node, Lookup):
        return _by_value(node.lhs) and _by_value(node.rhs)
    if isinstance(node, BaseExpression) and not isinstance(node, Query):
        return all(_by_value(source) for source in node.get_source_expressions())
    return False


def _list_statements(queryset) -> ListStatements:
    """``ListStatements`` of ``queryset``, compiled by the ORM: the rows as they are, the count
    over the rows without their order (what ``QuerySet.count`` counts)."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition no row meets (in none of no units): no statement runs
        return ListStatements(None, (), None, None, (), (), None, {})
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select[: compiler.col_count]])
    unordered = query.chain()
    unordered.clear_ordering(force=True)
    inner, count_params = unordered.get_compiler(using=queryset.db).as_sql()
    rows, rows_after, params = _page_by_keys(queryset) or (f"{sql} LIMIT %s OFFSET %s", None, tuple(params))
    return ListStatements(
        rows=rows,
        params=params,
        rows_after=rows_after,
        count=f"SELECT COUNT(*) FROM ({inner}) counted",
        count_params=tuple(count_params),
        names=(*query.extra_select, *query.values_select, *query.annotation_select),
        compiler=compiler,
        converters=converters,
    )


#: Where ``_page_by_keys`` puts the page's LIMIT and OFFSET (a comment: the ORM writes none).
_WINDOW = "/* the page */"


def _page_by_keys(queryset) -> tuple[str, str, tuple] | None:
    """The page of ``queryset`` read as its records' keys first, then their rows: ``… WHERE pk IN
    (SELECT pk … ORDER BY … LIMIT n OFFSET m) ORDER BY …`` as the SQL before and after the page's
    LIMIT and OFFSET, and its parameters. The keys may come from an index alone (on PostgreSQL an
    index-only scan that drops the rows the conditions refuse without reading them: a province's
    compatriots in the order of their names, 2,300 other provinces' rows walked for a page of 50),
    and only the page's rows are read. LIMIT and OFFSET are numbers in the text, not parameters:
    a plan kept for unknown ones would expect a tenth of the table, and read it all to join it.
    The same rows in the same order as the query itself where its order is total (ending with
    the key) and it reads one table (a join could repeat a row, which ``IN`` would not);
    otherwise None."""
    query = queryset.query
    order = query.order_by or (query.default_ordering and query.get_meta().ordering) or ()
    pk = query.get_meta().pk
    last = order[-1] if order else None
    if not isinstance(last, str) or last.lstrip("-") not in ("pk", pk.name, pk.attname):
        return None
    keys_sql, keys_params = queryset.values_list("pk").query.get_compiler(using=queryset.db).as_sql()
    if " JOIN " in keys_sql:  # another table, joined for a condition or the order (values are parameters)
        return None
    keys = RawSQL(f"{keys_sql} {_WINDOW}", keys_params)
    sql, params = queryset.filter(pk__in=keys).query.get_compiler(using=queryset.db).as_sql()
    before, window, after = sql.partition(_WINDOW)
    if not window or _WINDOW in after:
        return None
    return before, after, tuple(params)
