"""Every user's own account: sign in (with an authenticator code once one is enrolled), change
the password, enrol or remove the authenticator; obtain an API token."""

import base64
import time

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login
from django_otp import user_has_device
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .middleware import totp_required
from .signals import PASSWORD_CHANGE_DUE


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any logged-in user, staff or not: the old password, then the new one twice (validated)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def get_context_data(self, **kwargs):
        due = bool(self.request.session.get(PASSWORD_CHANGE_DUE))
        return super().get_context_data(password_change_due=due, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)  # saves and keeps this session logged in
        services.password_changed_record(actor=get_user_model().objects.get(pk=form.user.pk))
        self.request.session.pop(PASSWORD_CHANGE_DUE, None)
        messages.success(self.request, _("Your password has been changed."))
        return response


#: Seconds between the password and the authenticator code of one sign-in.
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    """The password first; a user with an authenticator then gives its code
    (``LoginCodeView``) before the session is signed in."""

    def form_valid(self, form):
        user = form.get_user()
        if not user_has_device(user):
            return super().form_valid(form)
        self.request.session["totp_pending"] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_redirect_url(),
        }
        return redirect("accounts:login_code")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class LoginCodeView(View):
    """The second step of a sign-in: the code the user's authenticator app shows now."""

    template_name = "accounts/login_code.html"

    def pending_user(self, request):
        pending = request.session.get("totp_pending") or {}
        if time.time() - pending.get("since", 0) > PENDING_SECONDS:
            return None, pending
        return get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first(), pending

    def get(self, request):
        user, _pending = self.pending_user(request)
        if user is None:
            return redirect("login")
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        user, pending = self.pending_user(request)
        if user is None:
            return redirect("login")
        form = CodeForm(request.POST)
        device = form.is_valid() and services.totp_verify(user=user, code=form.cleaned_data["code"])
        if not device:
            form.errors.clear()
            form.add_error("code", _("Wrong or expired code: enter the code the app shows now."))
            return render(request, self.template_name, {"form": form}, status=400)
        del request.session["totp_pending"]
        login(request, user, backend=pending["backend"])
        otp_login(request, device)
        next_url = pending.get("next") or ""
        safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
        return redirect(next_url if next_url and safe else "dashboard")


class TwoFactorView(LoginRequiredMixin, View):
    """The user's authenticator (TOTP, two-step sign-in): enrol one by scanning a QR code drawn
    here (nothing leaves the server), confirm this session with a code, or remove it."""

    template_name = "accounts/two_factor.html"

    def context(self, request, form=None):
        user = request.user
        ctx = {
            "form": form or CodeForm(),
            "enrolled": user_has_device(user),
            "verified": user.is_verified(),
            "required": totp_required(user),
        }
        if not ctx["enrolled"]:
            device = services.totp_device_start(actor=user)
            key = base64.b32encode(device.bin_key).decode()  # for typing into the app instead of scanning
            ctx["secret"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
            ctx["qr"] = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code")))
            ctx["device"] = device
        return ctx

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        user = request.user
        form = CodeForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        action = request.POST.get("action")
        if action == "enrol":
            device = services.totp_device_start(actor=user)
            done = services.totp_device_confirm(actor=user, device=device, code=code)
            if done:
                otp_login(request, device)
                messages.success(request, _("Two-step sign-in is on: from now on, signing in asks for a code."))
        elif action == "verify":
            device = services.totp_verify(user=user, code=code)
            done = device is not None
            if done:
                otp_login(request, device)
        elif action == "remove":
            done = services.totp_devices_remove(actor=user, code=code)
            if done:
                messages.success(request, _("Two-step sign-in is off."))
        else:
            done = False
        if not done:
            form.errors.clear()
            form.add_error("code", _("Wrong or expired code: enter the code the app shows now."))
            return render(request, self.template_name, self.context(request, form), status=400)
        return redirect("accounts:two_factor")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=8, required=False, help_text="the authenticator app's code, for a user who enrolled one"
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """POST username and password, receive an API token and when it expires. Wrong passwords count
    towards the same lockout as the login page's (429 once locked). A user with an authenticator
    sends its code too (400 without it, not counted as a wrong code); a user who must have one and
    has not enrolled is told to enrol first (403)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    def get_serializer(self, *args, **kwargs):  # for the schema
        return TokenRequestSerializer(*args, **kwargs)

    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # the Django request, so that a lockout is noticed by the login-throttling middleware
        code = data.validated_data.pop("code", "")
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            message = _("Unable to log in with provided credentials.")
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        if not user_has_device(user) and totp_required(user):
            message = _("This account must sign in in two steps: enrol an authenticator app first.")
            return Response({"detail": message}, status=status.HTTP_403_FORBIDDEN)
        if user_has_device(user):
            # a request without a code asks nothing of the device, so it does not count as a wrong code
            if not code:
                message = _("This account signs in with a code from its authenticator app: send it as code.")
                return Response({"code": [message]}, status=status.HTTP_400_BAD_REQUEST)
            if services.totp_verify(user=user, code=code) is None:
                message = _("Wrong or expired code: enter the code the app shows now.")
                return Response({"code": [message]}, status=status.HTTP_400_BAD_REQUEST)
        token, key = services.api_token_create(actor=user)
        return Response(TokenSerializer({"token": key, "expires": token.expires}).data)
