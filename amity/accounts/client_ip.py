"""The address a login comes from, as the login throttling counts it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """``REMOTE_ADDR``; behind ``PROXY_COUNT`` reverse proxies, the address the outermost of them
    saw, which it appended to ``X-Forwarded-For`` (anything a client wrote there before is its
    own claim and ignored, so a guesser cannot pose as a new address at every try)."""
    meta = getattr(request, "META", {})
    count = settings.PROXY_COUNT
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return meta.get("REMOTE_ADDR")
