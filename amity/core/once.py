"""Reads done once per request: the unit tree that every restriction and roll-up is computed from.

A report or figures page asks for the unit tree many times (each section's reach, each roll-up by
the unions of a day); inside ``reads_once()`` the first read is kept and the others reuse it. The
middleware opens such a scope for every GET and HEAD request (they write no units), and a report's
document is built inside one wherever it is built (page, file, task worker). Outside a scope each
call reads anew, so a write followed by a read in the same request or test sees the new rows.
"""

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("amity_reads_once", default=None)


@contextmanager
def reads_once():
    """Within: ``read_once`` keeps what it reads (a scope inside another shares the outer one's)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def read_once(key: str, read: Callable[[], T]) -> T:
    """``read()``, once per ``reads_once`` scope for ``key``; every call reads when no scope is open."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


class ReadsOnceMiddleware:
    """A ``reads_once`` scope around each GET and HEAD request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with reads_once():
            return self.get_response(request)
