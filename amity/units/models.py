"""The tree of unions, associations and branches, and who works in which."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amity.core.dates import dates_in_order
from amity.core.models import AmityModel
from amity.core.querysets import OwnedQuerySet
from amity.core.roles import Role, UnitKind

PATH_STEP = 6  # digits per level of the materialised path


class Unit(AmityModel):
    """A union, member association or branch; merged units keep their records and point to
    their successor, whose users then see those records."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent unit")
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False, db_index=True)
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    partner_country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner country"),
        help_text=_("For a bilateral friendship association."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("The unit this one was merged into."),
    )

    unit_path = "self"
    write_action = "manage"

    class Meta(AmityModel.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:unit_detail", args=[self.pk])

    def clean(self):
        dates_in_order(self.valid_from, self.valid_to, end_field="valid_to")
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A unit cannot be placed under its own subtree.")})

    def save(self, *args, **kwargs):
        if not self.path:
            self.path = self._new_path()
        super().save(*args, **kwargs)

    def _new_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        siblings = Unit.all_objects.filter(parent_id=self.parent_id)
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        number = int(last[len(prefix) : len(prefix) + PATH_STEP]) + 1 if last else 1
        return f"{prefix}{number:0{PATH_STEP}d}."

    @property
    def depth(self) -> int:
        return len(self.path) // (PATH_STEP + 1)


class Membership(AmityModel):
    """A user's role in a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    write_action = "manage"

    class Meta(AmityModel.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__path", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_membership_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("units:membership_detail", args=[self.pk])


class PasswordChangeDue(models.Model):
    """A password someone else gave the account (an administrator opening it or replacing a
    forgotten one): its holder changes it at their next sign-in, so that only they know it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_change_due", verbose_name=_("user")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("set by")
    )
    since = models.DateTimeField(_("since"), auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("password to change")
        verbose_name_plural = _("passwords to change")
        ordering = ["-since"]

    def __str__(self) -> str:
        return str(self.user)
