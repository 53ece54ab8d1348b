"""Who works in the system: a union's administrators open their staff's accounts with a role, set a
forgotten password, close an account when someone leaves and open it again, without asking the
operators' superuser. Every write is in the change log (the audit signal logs the account and the
role, with the administrator as actor) with a typed event. A password an administrator gives is
changed by its holder at their next sign-in (``PasswordChangeDue``), so that only they know it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amity.audit.services import event_record
from amity.core.context import actor_context
from amity.core.services import model_create

from .models import Membership, PasswordChangeDue, Unit


def _checked_password(account, password: str) -> None:
    """The site's password rules (``AUTH_PASSWORD_VALIDATORS``) for ``account``, refused on ``password``."""
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


@transaction.atomic
def user_account_create(*, actor, username: str, full_name: str, email: str, unit: Unit, role: str, password: str):
    """A new account for someone who works in ``unit`` with ``role``; they sign in with
    ``password`` and are then asked for one of their own."""
    account = get_user_model()(username=username, first_name=full_name, email=email)
    account.set_unusable_password()
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as error:
        fields = {"full_name" if k == "first_name" else k: v for k, v in error.message_dict.items()}
        raise ValidationError(fields) from error
    _checked_password(account, password)
    account.set_password(password)
    with actor_context(actor):
        account.save()
        model_create(actor=actor, model=Membership, data={"user": account, "unit": unit, "role": role})
        PasswordChangeDue.objects.create(user=account, set_by=actor)
        event_record(instance=account, event="account.created", data={"unit": unit.pk, "role": role})
    return account


@transaction.atomic
def user_password_set(*, actor, account, password: str) -> None:
    """A new password an administrator gives to someone who forgot theirs, to be replaced at
    their next sign-in; their API tokens stop working, as when they change it themselves."""
    _checked_password(account, password)
    account.set_password(password)
    with actor_context(actor):
        account.save(update_fields=["password"])
        account.api_tokens.all().delete()
        PasswordChangeDue.objects.update_or_create(user=account, defaults={"set_by": actor})
        event_record(instance=account, event="account.password_set")


@transaction.atomic
def user_account_close(*, actor, account) -> None:
    """Someone left: they can no longer sign in (their open sessions end at their next request and
    their API tokens stop working); their records and history stay."""
    if account.pk == actor.pk:
        raise ValidationError(_("You cannot close your own account."))
    account.is_active = False
    with actor_context(actor):
        account.save(update_fields=["is_active"])
        account.api_tokens.all().delete()
        event_record(instance=account, event="account.closed")


@transaction.atomic
def user_account_reopen(*, actor, account) -> None:
    """Someone back at work signs in again with their former password and roles."""
    account.is_active = True
    with actor_context(actor):
        account.save(update_fields=["is_active"])
        event_record(instance=account, event="account.reopened")
