"""``Authorization: Token <key>`` for the API, checked against the hashes of unexpired tokens."""

from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from amity.core.compiled import Compiled

from .models import ApiToken, token_hash


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _valid_token_with_user(key_hash: str, now: datetime):
    """The token of ``key_hash`` valid at ``now``, with every column of it and of its user."""
    user_columns = [f"user__{column}" for column in _columns(get_user_model())]
    return ApiToken.objects.valid(now).filter(key_hash=key_hash).values_list(*_columns(ApiToken), *user_columns)[:1]


#: Read on every API request: compiled once (``core.compiled``; a token's hash is hexadecimal).
_VALID_TOKEN = Compiled(
    _valid_token_with_user,
    prepare={"now": lambda alias, now: ApiToken._meta.get_field("expires").get_db_prep_value(now, connections[alias])},
    key_hash="example hash",
    now=datetime(2000, 1, 2, 3, 4, 5, tzinfo=UTC),
)


def valid_token(key: str) -> ApiToken | None:
    """The unexpired token of ``key`` of an active user, with its user (as ``select_related``
    gives it), or None."""
    alias = ApiToken.objects.db
    rows = _VALID_TOKEN.rows(alias, key_hash=token_hash(key), now=timezone.now())
    if not rows:
        return None
    row, count = rows[0], len(ApiToken._meta.concrete_fields)
    token = ApiToken.from_db(alias, _columns(ApiToken), row[:count])
    user_model = get_user_model()
    ApiToken._meta.get_field("user").set_cached_value(
        token, user_model.from_db(alias, _columns(user_model), row[count:])
    )
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = valid_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token: obtain a new one at /api/token/."))
        return (token.user, token)
