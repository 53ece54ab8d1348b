"""Sessions that end ``SESSION_COOKIE_AGE`` after the last request, written at most once a minute.

Writing the session at every request (``SESSION_SAVE_EVERY_REQUEST``) cost each page a write and
~1.6 ms of CPU to keep its expiry moving. Here a request writes the session only when the expiry
stored with it is more than ``SESSION_REFRESH_SECONDS`` older than a write now would make it, so a
session still ends after ``SESSION_COOKIE_AGE`` without a request, counted from the last request
to within that many seconds.

Every page reads its session: the query is compiled once a process (``core.compiled``; building and
compiling it with the ORM cost ~0.5 ms of CPU a request, against ~0.1 ms).
"""

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone

from amity.core.compiled import Compiled

_COLUMNS = ["session_key", "session_data", "expire_date"]


def _unexpired_session(session_key: str, now: datetime):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now).values_list(*_COLUMNS)


_UNEXPIRED_SESSION = Compiled(
    _unexpired_session,
    prepare={
        "now": lambda alias, now: Session._meta.get_field("expire_date").get_db_prep_value(now, connections[alias])
    },
    session_key="example key",
    now=datetime(2000, 1, 2, 3, 4, 5, tzinfo=UTC),
)


class SessionStore(db.SessionStore):
    """The database's sessions (``SESSION_ENGINE``), remembering when the one read expires."""

    stored_expiry = None

    def _get_session_from_db(self):
        """The unexpired session of the key, as Django's store reads it (None, and the key
        forgotten, when there is none)."""
        session = None
        try:
            alias = router.db_for_read(Session)
            rows = _UNEXPIRED_SESSION.rows(alias, session_key=self.session_key, now=timezone.now())
            if rows:
                session = Session.from_db(alias, _COLUMNS, rows[0])
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
        if session is None:
            self._session_key = None
        self.stored_expiry = session.expire_date if session is not None else None
        return session


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, writing a session read by the request when its stored expiry
    lags by more than ``SESSION_REFRESH_SECONDS`` (as well as whenever the request changed it)."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        stored = getattr(session, "stored_expiry", None)
        if stored is not None and not session.modified:
            lag = timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
            if stored < timezone.now() + timedelta(seconds=session.get_expiry_age()) - lag:
                session.modified = True
        return super().process_response(request, response)
