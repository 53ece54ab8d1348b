"""The change log and the export log. Neither can be edited through the application."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amity.core.access import is_central, unit_ids_for_user
from amity.core.context import Source


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(_("The audit log cannot be changed."))

    def delete(self):
        raise PermissionDenied(_("The audit log cannot be changed."))


class ObjectChangeQuerySet(AppendOnlyQuerySet):
    def restrict(self, user, action: str = "audit"):
        """Changes in the units where ``user`` holds the "audit" right (administrators and
        auditors), and, for those of the central union, changes of shared reference data."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        audited = Q(unit_id__in=unit_ids_for_user(user, "audit"))
        if is_central(user, "audit"):  # shared reference data (country groupings, geography) is the centre's
            audited |= Q(unit__isnull=True)
        return self.filter(audited)


class ExportLogQuerySet(AppendOnlyQuerySet):
    def restrict(self, user, action: str = "audit"):
        """The user's own exports, and exports of data owned by units where the user may audit."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        audited = unit_ids_for_user(user, "audit")
        if not audited:
            return self.filter(actor=user)
        held = ExportLog.units.through.objects.filter(unit_id__in=audited).values("exportlog_id")
        return self.filter(Q(actor=user) | Q(pk__in=held))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(_("The audit log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("The audit log cannot be changed."))


class ObjectChange(AppendOnlyModel):
    """One create, update, delete or restore of an audited record, with field values before and after."""

    #: What screens show of the change, set by ``selectors.redact`` (personal values masked).
    shown_repr: str
    shown_diff: list[tuple[str, object, object]]

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", pgettext_lazy("change action", "Deleted")
        RESTORE = "restore", _("Restored")
        EVENT = "event", _("Event")

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # The user, unit and record type are foreign keys without a database constraint: the log is
    # written in the transaction of the change it records, with keys that transaction has just
    # read or written (the actor, the record's unit, a content type), and PostgreSQL would check
    # each row's three keys with a query of its own (a 100,000-row import: 300,000 queries at
    # commit, an eighth of the server's work). What the constraints did stays: deleting a user or a
    # unit sets its changes' key to null (Django does it, keeping ``actor_name``), a record type
    # with changes cannot be deleted (PROTECT); ``test_audit`` checks every key names a record.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
        db_constraint=False,
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
        db_constraint=False,
    )
    # no index: nothing looks changes up by their request (one less to write for every change-log row)
    request_id = models.UUIDField(_("request id"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    event = models.CharField(
        _("event"), max_length=80, blank=True, help_text=_("A business event such as aid.approved.")
    )
    # the (content_type, object_id) index below serves both columns: one index less to write
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("record type"),
        db_index=False,
        db_constraint=False,
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = ObjectChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def get_absolute_url(self) -> str:
        return reverse("audit:objectchange_detail", args=[self.pk])

    @property
    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        return [
            (k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)
        ]


class ExportLog(AppendOnlyModel):
    """One export or listing of records, kept because exports of personal data must be traceable."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    format = models.CharField(_("format"), max_length=20)
    row_count = models.PositiveIntegerField(_("rows"))
    query = models.TextField(_("filters"), blank=True)
    personal = models.BooleanField(_("contains personal data"), default=False)
    #: The units whose records were exported: their auditors see the export, no one else's do.
    units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="+", verbose_name=_("units of the exported data")
    )

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("export log")
        ordering = ["-time", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.format} {self.row_count}"
