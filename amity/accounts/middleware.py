"""What a signed-in user must do before anything else: the second sign-in step made compulsory for
central administrators by a setting, and a password an administrator gave replaced by their own."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amity.core.access import is_central_admin

from .signals import PASSWORD_CHANGE_DUE


def totp_required(user) -> bool:
    """Whether ``user`` must sign in with an authenticator code (``TOTP_REQUIRED_FOR_CENTRAL_ADMINS``)."""
    return (
        settings.TOTP_REQUIRED_FOR_CENTRAL_ADMINS
        and user.is_authenticated
        and (user.is_superuser or is_central_admin(user))
    )


class OnePageFirstMiddleware:
    """A signed-in user who ``must`` do one thing first reaches only its ``page``, the language
    switch and the logout: every other page redirects there, and the API (with the session)
    answers 403 with ``message``."""

    page = ""
    message: object = ""

    def __init__(self, get_response):
        self.get_response = get_response

    def must(self, request) -> bool:
        raise NotImplementedError

    def __call__(self, request):
        if self.must(request):
            open_paths = {reverse(self.page), reverse("logout"), reverse("set_language")}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(self.message)}, status=403)
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                return redirect(self.page)
        return self.get_response(request)


class TotpRequiredMiddleware(OnePageFirstMiddleware):
    """A user who must use the second step and is signed in without a verified code enrols an
    authenticator first."""

    page = "accounts:two_factor"
    message = _("This account must sign in in two steps: enrol an authenticator app first.")

    def must(self, request) -> bool:
        return totp_required(request.user) and not request.user.is_verified()


class PasswordChangeDueMiddleware(OnePageFirstMiddleware):
    """A user signed in with a password an administrator gave them (``accounts.signals``) chooses
    their own first."""

    page = "accounts:password_change"
    message = _("Choose a password of your own first: the one you signed in with was given to you.")

    def must(self, request) -> bool:
        session = getattr(request, "session", None)
        return bool(session is not None and session.get(PASSWORD_CHANGE_DUE) and request.user.is_authenticated)
