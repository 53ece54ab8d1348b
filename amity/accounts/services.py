"""Account writes: API tokens and password changes, each recorded in the change log."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from amity.audit.services import event_record

from .models import ApiToken, token_hash


@transaction.atomic
def api_token_create(*, actor: User) -> tuple[ApiToken, str]:
    """A new token for ``actor``, valid ``API_TOKEN_HOURS``; returns the record and the token,
    which is not kept anywhere (only its hash) and cannot be shown again. Expired tokens of the
    user are dropped."""
    ApiToken.objects.restrict(actor).filter(expires__lte=timezone.now()).delete()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, key_hash=token_hash(key), expires=timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS)
    )
    event_record(instance=actor, event="account.api_token_created", data={"expires": token.expires.isoformat()})
    return token, key


@transaction.atomic
def password_changed_record(*, actor: User) -> None:
    """Record that ``actor`` changed their own password (the form has set it); their API tokens
    stop working, since whoever knew the old password may have obtained one."""
    ApiToken.objects.restrict(actor).delete()
    event_record(instance=actor, event="account.password_changed")
