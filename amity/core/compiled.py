"""Queries that every API request asks, built and compiled by the ORM once per process.

Building a queryset and compiling it to SQL costs more than PostgreSQL takes to answer a query of
one row by its index (the API token: ~0.8 ms of CPU against ~0.1). ``Compiled`` keeps the SQL the
ORM wrote for a queryset made with example values, and runs it again with other values in their
places: the same SQL, so the same rows, as the queryset would read. On PostgreSQL, whose driver
gives every value as Python's; on SQLite, which returns dates as text for the ORM to convert, the
queryset itself is run.
"""

import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connections
from django.db.models import QuerySet


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
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor  # loads psycopg: only where PostgreSQL is in use

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor


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
