"""Every user's own account: change the password; obtain an API token."""

from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any logged-in user, staff or not: the old password, then the new one twice (validated)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)  # saves and keeps this session logged in
        services.password_changed_record(actor=get_user_model().objects.get(pk=form.user.pk))
        messages.success(self.request, _("Your password has been changed."))
        return response


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """POST username and password, receive an API token and when it expires. Wrong passwords count
    towards the same lockout as the login page's (429 once locked)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    def get_serializer(self, *args, **kwargs):  # for the schema
        return TokenRequestSerializer(*args, **kwargs)

    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # the Django request, so that a lockout is noticed by the login-throttling middleware
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            message = _("Unable to log in with provided credentials.")
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        token, key = services.api_token_create(actor=user)
        return Response(TokenSerializer({"token": key, "expires": token.expires}).data)
