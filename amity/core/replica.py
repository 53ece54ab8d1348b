"""Figures and reports read from a streaming replica when one is configured (``AMITY_DB_REPLICA_*``).

Only reads marked for it go there: a view with ``reads_from_replica = True`` (or decorated with
``@reads_from_replica``) and code inside ``with replica_reads():`` (report rendering). Everything
else, and every write, stays on the primary, so a user always sees what they have just saved on
ordinary pages. The replica is used only while it is reachable and no more than
``AMITY_DB_REPLICA_MAX_LAG`` seconds behind; otherwise the same reads go to the primary. The
check runs at most every ``CHECK_EVERY`` seconds per process.
"""

import contextvars
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
CHECK_EVERY = 5.0

_reading = contextvars.ContextVar("amity_replica_reads", default=False)
_health = {"checked": float("-inf"), "usable": False}

LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag_seconds() -> float:
    """How far the replica is behind the primary, in seconds (0 when it is not replaying)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def replica_usable() -> bool:
    """Whether marked reads may go to the replica now (configured, reachable, close enough)."""
    if not replica_configured():
        return False
    now = time.monotonic()
    if now - _health["checked"] >= CHECK_EVERY:
        try:
            lag = replica_lag_seconds()
        except Exception as exc:  # unreachable, or not allowed here: the primary serves
            logger.warning("Read replica not used: %s", exc)
            usable = False
        else:
            usable = lag <= settings.DB_REPLICA_MAX_LAG
            if not usable:
                logger.warning("Read replica not used: %.0f s behind the primary", lag)
        _health.update(checked=now, usable=usable)
    return _health["usable"]


def forget_replica_health() -> None:
    """Check the replica again at the next marked read (tests, and after a failover)."""
    _health.update(checked=float("-inf"), usable=False)


@contextmanager
def replica_reads():
    """Reads inside go to the replica when it is usable."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """Mark a view (function or class) whose GET reads may come from the replica."""
    view.reads_from_replica = True
    return view


class ReplicaRouter:
    """Marked reads to the replica; all else, and every migration, to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() and replica_usable() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Turns replica reads on for the GET and HEAD requests of views marked ``reads_from_replica``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        views = (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None))
        if request.method in ("GET", "HEAD") and any(getattr(v, "reads_from_replica", False) for v in views):
            request._replica_token = _reading.set(True)
        return None
