"""What a signed-in user must do before anything else: the second sign-in step made compulsory for
central administrators by a setting, and a password an administrator gave replaced by their own."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from amity.core.access import is_central_admin

from .signals import PASSWORD_CHANGE_DUE


def totp_required(user) -> bool:
    """Whether ``user`` must sign in with an authenticator code (``TOTP_REQUIRED_FOR_CENTRAL_ADMINS``)."""
    return (
        settings.TOTP_REQUIRED_FOR_CENTRAL_ADMINS
        and user.is_authenticated
        and (user.is_superuser or is_central_admin(user))
    )


class TotpRequiredMiddleware:
    """A user who must use the second step and is signed in without a verified code reaches only
    the authenticator page (to enrol one), the language switch and the logout: every other page
    redirects there, and the API (with the session) answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if totp_required(user) and not user.is_verified():
            open_paths = {reverse("accounts:two_factor"), reverse("logout"), reverse("set_language")}
            if request.path.startswith("/api/"):
                message = _("This account must sign in in two steps: enrol an authenticator app first.")
                return JsonResponse({"detail": message}, status=403)
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:two_factor")
        return self.get_response(request)


class PasswordChangeDueMiddleware:
    """A user signed in with a password an administrator gave them (``accounts.signals``) reaches
    only the password form, the language switch and the logout until they choose their own; the
    API (with the session) answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(PASSWORD_CHANGE_DUE) and request.user.is_authenticated:
            open_paths = {reverse("accounts:password_change"), reverse("logout"), reverse("set_language")}
            if request.path.startswith("/api/"):
                message = _("Choose a password of your own first: the one you signed in with was given to you.")
                return JsonResponse({"detail": message}, status=403)
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:password_change")
        return self.get_response(request)
