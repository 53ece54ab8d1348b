"""Sessions that end ``SESSION_COOKIE_AGE`` after the last request, written at most once a minute.

Writing the session at every request (``SESSION_SAVE_EVERY_REQUEST``) cost each page a write and
~1.6 ms of CPU to keep its expiry moving. Here a request writes the session only when the expiry
stored with it is more than ``SESSION_REFRESH_SECONDS`` older than a write now would make it, so a
session still ends after ``SESSION_COOKIE_AGE`` without a request, counted from the last request
to within that many seconds.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import timezone


class SessionStore(db.SessionStore):
    """The database's sessions (``SESSION_ENGINE``), remembering when the one read expires."""

    stored_expiry = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
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
