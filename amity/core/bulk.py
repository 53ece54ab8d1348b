"""Inserting many rows of one model at once, for imports whose rows were all checked before any is
written: ``save()`` and ``bulk_create`` spend most of an import's time turning each field of each
object into SQL (tens of microseconds a value), so these take plain values and send them with
``executemany`` on SQLite and ``COPY`` on PostgreSQL. No signal is sent: the caller writes the
change log (``audit.bulk.ChangeRows``)."""

import collections
import contextlib
import functools
import gc
import io
import itertools
import operator
import sqlite3
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from psycopg.copy import Copy, FileWriter
from psycopg.types.json import Json, Jsonb

#: Fields whose Python value the database drivers take as it is (no adapting to the column).
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


#: JSON columns (json, jsonb) by type, with psycopg's wrapper for a value already written as JSON text.
_JSON_TYPES = {114: Json, 3802: Jsonb}


def _as_is(text: str) -> str:
    return text


def insert_rows(model, columns: Sequence[str], rows: "Iterable[Sequence] | Encoded", *, connection=None) -> None:
    """Insert ``rows`` (values already adapted to the database, in the order of ``columns``) into
    ``model``'s table. psycopg's ``executemany`` sends one INSERT per row, each parsed and planned by
    the server, its values quoted in Python, so on PostgreSQL the rows go by COPY, in its binary
    format (each value as the column's type holds it: the server parses no text for the dates,
    times and numbers, nor looks through the change log's JSON for the row's end; 100,000
    compatriots and their change-log rows cost it 0.3-0.4 s less). On SQLite they go
    as INSERTs of as many rows as the statement may bind: a table with a trigger (the roll-up's
    marks) makes SQLite open a statement journal for each statement, copying every page the row
    touches, which one INSERT stepped per row (``executemany``) paid once a row, three times the
    insert itself.

    ``rows`` may come ``Encoded`` (``RowEncoder``), sent as they are.

    ``connection``: the database connection (Django's) whose open transaction writes the rows, when
    they are written from another thread than the one that opened it (``Pipeline``); the rows then
    go through its driver's connection alone, which the drivers let another thread use."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            if isinstance(rows, Encoded):
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(rows.data)
                return
            types = _types_of(cursor, table, columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                _write_rows(copy, types, rows)
        return
    # sqlite3's own placeholders, on its own connection: Django's cursor would rewrite each "%s" of
    # a statement of 30,000 with a regular expression (20 ms a statement, more than SQLite's insert)
    sqlite = connection.connection
    per_statement = max(1, sqlite.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns))
    one = f"({', '.join(['?'] * len(columns))})"
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, per_statement)):
        sqlite.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}",
            list(itertools.chain.from_iterable(chunk)),
        )


#: {driver connection: {table: {column: type}}}: read once a connection, not before each COPY (an
#: import's batches make a statement and a round trip less for each table they write).
_COLUMN_TYPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _types_of(cursor, table: str, columns: Sequence[str]) -> list[int]:
    type_of = _column_types(cursor, table)
    return [type_of[c] for c in columns]


def _write_rows(copy, types: list[int], rows: Iterable[Sequence]) -> None:
    # a JSON column's text (a change-log snapshot) goes as it is, not encoded again
    texts = [i for i, oid in enumerate(types) if oid in _JSON_TYPES]
    for row in rows:
        if texts:
            row = list(row)
            for i in texts:
                if isinstance(row[i], str):
                    row[i] = _JSON_TYPES[types[i]](row[i], dumps=_as_is)
        copy.write_row(row)


class Encoded:
    """Rows already in COPY's binary format (``RowEncoder``): ``insert_rows`` sends them as they are."""

    def __init__(self, data: bytes):
        self.data = data


class RowEncoder:
    """Puts rows of ``model``'s ``columns`` into the form the database reads, in the caller's thread:
    on PostgreSQL the COPY's binary stream, so that a ``Pipeline``'s writer only sends it. Formatted
    in the writer, the rows kept the database waiting: the writer's turn with the interpreter's lock
    and its formatting (0.15 s of a 5,000-row aid commit) lay between one COPY and the next, while
    the caller had time to spare. Made before the pipeline starts (the column types are read then,
    not on the connection the writer uses); on SQLite the rows stay as they are."""

    def __init__(self, model, columns: Sequence[str]):
        connection = connections[DEFAULT_DB_ALIAS]
        self.cursor = None
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:
                self.types = _types_of(cursor, connection.ops.quote_name(model._meta.db_table), columns)
            self.cursor = connection.connection.cursor()  # its adapters only: nothing is sent through it

    def encode(self, rows: Iterable[Sequence]) -> "Encoded | Iterable[Sequence]":
        if self.cursor is None:
            return rows
        buffer = io.BytesIO()
        with Copy(self.cursor, binary=True, writer=FileWriter(buffer)) as copy:
            copy.set_types(self.types)
            _write_rows(copy, self.types, rows)
        return Encoded(buffer.getvalue())


def _column_types(cursor, table: str) -> dict[str, int]:
    known = _COLUMN_TYPES.setdefault(cursor.connection, {})
    if table not in known:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table]
        )
        known[table] = dict(cursor.fetchall())
    return known[table]


def next_ids(model, count: int) -> list[int]:
    """The keys the next ``count`` records of ``model`` are to be inserted with, taken before they
    are written, so that what names them (their change-log rows) is made while they are written.
    Inside the writing transaction: the key's sequence on PostgreSQL; on SQLite, after both the
    largest key and the table's AUTOINCREMENT counter (a deleted record's key is never given
    again), which no other writer moves while the transaction holds the write lock."""
    if not count:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sequence looked up once (a subquery), not once per key: 20,000 keys in 30 ms, not 100
            cursor.execute(
                "SELECT nextval((SELECT pg_get_serial_sequence(%s, %s))::regclass) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [value for (value,) in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({qn(pk)}) FROM {qn(table)}), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


class Pipeline:
    """Writes batches in a second thread while the caller makes the next ones: an import's Python
    (each record's values and change-log text) and the database's work (inserting into indexes,
    the triggers, at C speed with the interpreter's lock released) overlap on two cores instead of
    taking turns. ``ahead``: how many batches may wait for the writer before ``write`` waits; with
    more than one, the writer finds the next batch ready when it ends one instead of waiting for
    the caller to hand it over, and the caller's Python is done sooner.
    Inside the caller's transaction, on its connection: any failure is raised in the caller, and
    leaving the block waits for the writer before the transaction rolls back or commits (a failure
    drops the batches not begun)."""

    def __init__(self, write: Callable[[Any], Any], *, ahead: int = 1):
        self.write_batch = write
        self.ahead = ahead
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-writer")
        self.pending: collections.deque[Future] = collections.deque()
        self.failed = False

    def __enter__(self) -> "Pipeline":
        _WRITER_THREADS.enter()
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        try:
            if exc_type is None:
                self.finish()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            _WRITER_THREADS.leave()

    def write(self, batch) -> Any:
        """Hand ``batch`` to the writer once fewer than ``ahead`` batches wait for it; return what
        the last batch written meanwhile returned (None if it did not wait)."""
        done = None
        while len(self.pending) >= self.ahead:
            done = self.pending.popleft().result()
        self.pending.append(self.pool.submit(self._write, batch))
        return done

    def _write(self, batch) -> Any:
        if self.failed:  # the caller raises the earlier batch's failure, which it reads first
            raise RuntimeError("not written: an earlier batch failed")
        try:
            return self.write_batch(batch)
        except BaseException:
            self.failed = True
            raise

    def finish(self) -> Any:
        """Wait for every batch handed over; return what the last one's write returned (None if there is none)."""
        done = None
        while self.pending:
            done = self.pending.popleft().result()
        return done


class _SwitchInterval:
    """While a pipeline writes, Python hands its interpreter lock between threads every 0.1 ms
    instead of every 5: the writer needs the lock for a moment between the database's statements
    (a row's values, a statement's end), and waiting up to 5 ms each time for the caller's thread
    to let go left the database idle for a third of a 5,000-row aid import's commit. Process-wide,
    so kept while any pipeline runs and set back after the last."""

    INTERVAL = 0.0001

    def __init__(self):
        self.lock = threading.Lock()
        self.running = 0
        self.before = sys.getswitchinterval()

    def enter(self) -> None:
        with self.lock:
            if not self.running:
                self.before = sys.getswitchinterval()
                sys.setswitchinterval(min(self.before, self.INTERVAL))
            self.running += 1

    def leave(self) -> None:
        with self.lock:
            self.running -= 1
            if not self.running:
                sys.setswitchinterval(self.before)


_WRITER_THREADS = _SwitchInterval()


class Inserter:
    """Inserts records of ``model`` given as {attname: Python value}. A field a record leaves out
    takes its default, ``auto_now`` and ``auto_now_add`` fields the time of the insert; values are
    adapted as the field would adapt them (dates, decimals, JSON), text, numbers and ids as they are.

    Must run inside a transaction: the new keys are taken before the rows are written
    (``next_ids``). ``insert`` does it all at once; an import that writes in a second thread
    (``Pipeline``) makes the rows with ``rows`` and has them written with ``write``."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [model._meta.pk.column, *(f.column for f in self.fields)]
        self.values_of = operator.itemgetter(model._meta.pk.attname, *(f.attname for f in self.fields))

    def insert(self, records: Sequence[dict]) -> list[dict]:
        """Insert ``records``; return them completed as written (every field by attname, the
        defaults and times filled in, and the new ``id``): what the change log's snapshot reads."""
        if not records:
            return []
        complete, rows = self.rows(records, next_ids(self.model, len(records)))
        self.write(rows)
        return complete

    def rows(self, records: Sequence[dict], ids: Sequence[int]) -> tuple[list[dict], list[list]]:
        """``records`` completed with the keys ``ids`` (as ``insert`` returns them), and their rows
        as the database takes them, in the order of ``columns``."""
        connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy is read per value
        now = timezone.now()
        defaults, fresh, stamps, stamped, adapted = {}, [], {}, [], []
        for position, f in enumerate(self.fields, start=1):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                stamps[f.attname] = now
                stamped.append((position, f.get_db_prep_save(now, connection)))  # adapted once for all rows
                continue
            if f.has_default() and callable(f.default):
                fresh.append((f.attname, f.default))  # a fresh value per row (a UUID, an empty list)
            else:
                defaults[f.attname] = f.get_default()  # "" for text without a default, None where null is allowed
            if not isinstance(f, _PLAIN_FIELDS):
                adapted.append((position, _adapter(f, connection)))
        pk = self.model._meta.pk.attname
        complete, rows = [], []
        for record, pk_value in zip(records, ids, strict=True):
            record = {**defaults, **record, **stamps, pk: pk_value}
            for attname, make in fresh:
                if attname not in record:
                    record[attname] = make()
            row = list(self.values_of(record))
            for position, prep in adapted:
                if row[position] is not None:
                    row[position] = prep(row[position])
            for position, stamp in stamped:
                row[position] = stamp
            complete.append(record)
            rows.append(row)
        return complete, rows

    def write(self, rows: Iterable[Sequence], *, connection=None) -> None:
        """Insert ``rows`` made by ``rows()`` (``connection``: as ``insert_rows`` takes it)."""
        insert_rows(self.model, self.columns, rows, connection=connection)


def _adapter(field, connection) -> Callable[[Any], Any]:
    """A field's value as the database driver takes it. A date or a decimal goes straight to the
    backend's adapter: the field's own path would parse it again first (a third of an import's
    adapting), which a value of that very type does not need."""
    prep = functools.partial(field.get_db_prep_save, connection=connection)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        adapt_date = connection.ops.adapt_datefield_value
        return lambda value: adapt_date(value) if type(value) is date else prep(value)
    if isinstance(field, models.DecimalField):
        adapt_decimal = functools.partial(
            connection.ops.adapt_decimalfield_value, max_digits=field.max_digits, decimal_places=field.decimal_places
        )
        return lambda value: adapt_decimal(value) if type(value) is Decimal else prep(value)
    return prep


def foreign_keys_by_index() -> None:
    """For the rest of the open transaction, have PostgreSQL find by their primary key's index the
    records that each written row's foreign keys name. It checks every foreign key of every row
    with a query of its own (at commit, the keys being deferred), planned once for the session;
    for a table of a few pages (the countries, say) the planner reads the whole table instead,
    some 250 rows looked at for each row written (a third of a 100,000-row compatriot import's
    checks at commit, when the change log's keys were checked too). Only the plans made in the transaction change (those the session kept
    stay as they were), and the setting ends with it; nothing is changed on SQLite. Only when the
    open transaction is the connection's outermost: inside a larger one (the demo loader's, a test
    case's) the checks are not made when the import ends, and the setting would last for every query
    after it (each costly enough, without a sequential scan, to be compiled first: 0.2 s a page)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or len(connection.atomic_blocks) != 1:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


#: The page cache (MiB) an import's transaction may fill on SQLite: a 5,000-row aid file writes about 15.
WRITE_CACHE_MIB = 256


@contextlib.contextmanager
def sqlite_write_cache(mebibytes: int = WRITE_CACHE_MIB) -> Iterator[None]:
    """On SQLite, keep the pages an import's transaction writes in memory until it commits. With the
    default cache (2 MiB) SQLite spills dirty pages to the WAL in the middle of the transaction and
    reads them back, writing the same pages again and again (a 5,000-row aid file: 67 MB in 31,000
    write calls, against 43 MB in 16,000 with the pages kept). The cache grows only as pages are
    used, and the connection's own size comes back afterwards. Nothing changes on PostgreSQL."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(mebibytes) * 1024}")
    try:
        yield
    finally:
        if connection.connection is not None:  # not closed by a failure
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an import checks or writes a file: its rows are tens of
    thousands of live dicts and lists, which every collection would walk again and again for
    nothing (a tenth of a 5,000-row commit). Memory is still freed as usual; cycles are collected
    when it resumes."""
    if not gc.isenabled():  # already paused by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
