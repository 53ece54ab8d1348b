"""API tokens that expire and are kept only as a hash."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.querysets import OwnedQuerySet


def token_hash(key: str) -> str:
    """SHA-256 of a token: what the database keeps, so a copy of it gives no one a way in."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(OwnedQuerySet):
    """A token is its holder's alone (``restrict``): no administrator, central or provincial,
    reads another user's tokens through the application (the admin site lists who holds one).
    Signing in with a token is the one read across users (``valid``, by the token's hash)."""

    def valid(self, now=None):
        """Tokens unexpired at ``now`` (this moment by default) whose user is active."""
        return self.filter(expires__gt=timezone.now() if now is None else now, user__is_active=True)


class ApiToken(models.Model):
    """One API token a user obtained at /api/token/; the token itself is shown once, then only
    its hash is kept, and it stops working at ``expires``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), db_index=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user} {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_apitoken_change", args=[self.pk])
