"""Account writes: API tokens and password changes, each recorded in the change log."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from amity.audit.services import event_record
from amity.units.models import PasswordChangeDue

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
    PasswordChangeDue.objects.restrict(actor).delete()  # one only they know now
    event_record(instance=actor, event="account.password_changed")


def totp_verify(*, user: User, code: str) -> TOTPDevice | None:
    """``user``'s authenticator if ``code`` is the one it shows now. Each code counts once, and
    wrong codes make the next try wait longer (django-otp's throttling), which this records."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device if device is not None and device.verify_token(code) else None


def totp_device_start(*, actor: User) -> TOTPDevice:
    """The authenticator ``actor`` is enrolling: a new secret key, kept unconfirmed (it does not
    count at sign-in) until the app shows a code for it (``totp_device_confirm``)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=actor, name="Amity", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, actor: User, device: TOTPDevice, code: str) -> bool:
    """Turn on the second sign-in step for ``actor`` if ``code`` is the one their app shows for
    ``device``'s key (wrong codes are throttled by django-otp); any older authenticator is
    replaced. Recorded in the user's change log (``signals``, as an administrator's change is)."""
    if device.user_id != actor.pk or device.confirmed or not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    return True


@transaction.atomic
def totp_devices_remove(*, actor: User, code: str) -> bool:
    """Turn the second step off for ``actor``, proven by a current code. Recorded (``signals``)."""
    device = totp_verify(user=actor, code=code)
    if device is None:
        return False
    TOTPDevice.objects.filter(user=actor).delete()
    return True
