"""Lockouts and unlocks of logins (django-axes) and authenticators turned on or off are changes to
an account: they go into the change log, whoever makes them (the user, or an administrator in the
admin site)."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from amity.audit.models import ObjectChange
from amity.audit.services import event_record
from amity.units.models import PasswordChangeDue

#: The session's mark of a password to replace before anything else.
PASSWORD_CHANGE_DUE = "password_change_due"


def _user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


def _locked(user) -> bool:
    """The user's last lockout event is not followed by an unlock (each try while locked signals again)."""
    last = (
        ObjectChange.objects.filter(
            object_id=str(user.pk),
            content_type__app_label="auth",
            content_type__model="user",
            event__in=["account.locked_out", "account.unlocked"],
        )
        .order_by("-pk")
        .values_list("event", flat=True)
        .first()
    )
    return last == "account.locked_out"


@receiver(user_locked_out)
def record_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = _user(username)
    if user is not None and not _locked(user):
        event_record(instance=user, event="account.locked_out", data={"ip_address": ip_address})


@receiver(post_delete, sender=AccessAttempt, dispatch_uid="accounts-unlock")
def record_unlock(sender, instance, **kwargs):
    """Deleting a record of failed attempts that had reached the limit unlocks the login: an
    administrator did it (admin "Access attempts", or ``manage.py axes_reset``), or the lockout ran out."""
    user = _user(instance.username)
    if user is not None and instance.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        event_record(instance=user, event="account.unlocked", data={"ip_address": instance.ip_address})


@receiver(pre_save, sender=TOTPDevice, dispatch_uid="accounts-totp-before")
def _remember_confirmed(sender, instance, raw=False, **kwargs):
    before = sender.objects.filter(pk=instance.pk).values_list("confirmed", flat=True).first() if instance.pk else None
    instance._was_confirmed = bool(before)


@receiver(post_save, sender=TOTPDevice, dispatch_uid="accounts-totp-saved")
def record_totp_enrolled(sender, instance, raw=False, **kwargs):
    """An authenticator that now counts at sign-in (confirmed by its code, or by an administrator)."""
    if not raw and instance.confirmed and not getattr(instance, "_was_confirmed", False):
        event_record(instance=instance.user, event="account.totp_enrolled", data={"device": instance.pk})
    elif not raw and not instance.confirmed and getattr(instance, "_was_confirmed", False):
        event_record(instance=instance.user, event="account.totp_removed", data={"device": instance.pk})


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts-totp-deleted")
def record_totp_removed(sender, instance, **kwargs):
    """An authenticator that counted at sign-in is gone (an unconfirmed one never did)."""
    if instance.confirmed:
        event_record(instance=instance.user, event="account.totp_removed", data={"device": instance.pk})


@receiver(user_logged_in)
def ask_for_a_password_of_ones_own(sender, request, user, **kwargs):
    """A password an administrator gave (``units.models.PasswordChangeDue``) is replaced before
    anything else: the session is marked, and ``PasswordChangeDueMiddleware`` holds it to that."""
    if request is not None and hasattr(request, "session") and PasswordChangeDue.objects.restrict(user).exists():
        request.session[PASSWORD_CHANGE_DUE] = True
