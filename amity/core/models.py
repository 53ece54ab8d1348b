"""Abstract bases every Amity record stands on."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import AllObjectsManager, LiveManager


class AmityModel(models.Model):
    """Timestamps, an edit version for conflict detection, soft delete and audit.

    Every subclass is audited (see ``amity.audit.signals``): each save and delete writes an
    ``ObjectChange``. ``delete()`` only marks the row, so that it can be restored.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = AllObjectsManager()

    #: Path from this model to its owning unit; "self" for the Unit model itself.
    unit_path: str | None = "unit"
    #: Fields holding personal data, which history and audit screens show only to viewers
    #: with "view_personal" in the owning unit (``personal_data`` models hide every field).
    personal_fields: tuple[str, ...] = ()
    #: Whether ``str()`` names a person, so that screens say "<type> #id" where names are hidden.
    str_names_person = False
    #: The action every add, change and delete needs, when not the plain one ("manage" for
    #: units and memberships: only administrators write the access structure). Screens and API
    #: apply it through ``core.querysets.required_action``.
    write_action: str | None = None
    #: For shared reference data (``unit_path = None``) that national figures depend on (country
    #: groupings): only administrators of the central union write it, not those of a province.
    central_reference = False

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])

    def delete(self, using=None, keep_parents=False):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "version", "updated"])
        return 1, {self._meta.label: 1}

    def hard_delete(self):
        return super().delete()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class UnitOwnedModel(AmityModel):
    """A record that belongs to one unit and is visible in that unit's subtree."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta(AmityModel.Meta):
        abstract = True
