"""Abstract bases every Amity record stands on, and the exchange-rate table every app converts amounts with."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .currencies import ReportingCurrency, validate_currency
from .formatting import format_day
from .personal import neutral_label
from .querysets import AllObjectsManager, LiveManager
from .text import search_key


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
    #: The relations ``str()`` reads (``select_related`` paths): choices in forms fetch them with
    #: the options, not one query per option.
    str_related: tuple[str, ...] = ()
    #: The action every add, change and delete needs, when not the plain one ("manage" for
    #: units and memberships: only administrators write the access structure). Screens and API
    #: apply it through ``core.querysets.required_action``.
    write_action: str | None = None
    #: For shared reference data (``unit_path = None``) that national figures depend on (country
    #: groupings): only administrators of the central union write it, not those of a province.
    central_reference = False
    #: Why the change log entry of a child deleted or restored with its parent was written.
    _audit_message: str

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
        """Mark this record and its children (``children_deleted_with``) deleted at one instant."""
        count = self._soft_delete(timezone.now(), parent=None)
        return count, {self._meta.label: count}

    def _soft_delete(self, when, *, parent) -> int:
        self.deleted_at = when
        if parent is not None:  # the change log says why a child went: read by ``audit.signals``
            self._audit_message = _("Deleted with %(type)s “%(record)s”") % {
                "type": parent._meta.verbose_name,
                "record": neutral_label(parent),
            }
        self.save(update_fields=["deleted_at", "version", "updated"])
        return 1 + sum(child._soft_delete(when, parent=self) for child in children_of(self, deleted_at=None))

    def restore_with_children(self, *, parent: "AmityModel | None" = None) -> int:
        """Bring back this record and the children deleted with it (same instant); children deleted
        on their own before stay deleted. ``core.services.model_restore`` is the door to this."""
        when = self.deleted_at
        self.deleted_at = None
        if parent is not None:
            self._audit_message = _("Restored with %(type)s “%(record)s”") % {
                "type": parent._meta.verbose_name,
                "record": neutral_label(parent),
            }
        self.save()
        return 1 + sum(child.restore_with_children(parent=self) for child in children_of(self, deleted_at=when))

    def deleted_parents(self) -> list["AmityModel"]:
        """The parents (``on_delete=CASCADE``) that are deleted: this record comes back only with them."""
        parents = (getattr(self, field.name) for field in parent_fields(type(self)))
        return [parent for parent in parents if parent is not None and parent.is_deleted]

    def hard_delete(self):
        return super().delete()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def child_relations(model) -> list:
    """The relations whose rows belong to a record of ``model``: foreign keys to it declared
    ``on_delete=CASCADE`` (an aid item's transactions, a plan's task groups). Deleting the record
    hides them with it; restoring it brings back those deleted with it."""
    return [
        rel
        for rel in model._meta.related_objects
        if rel.one_to_many and rel.on_delete is models.CASCADE and issubclass(rel.related_model, AmityModel)
    ]


def parent_fields(model) -> list:
    """The foreign keys of ``model`` to the records it belongs to (the other side of ``child_relations``)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.remote_field.on_delete is models.CASCADE
        and issubclass(field.related_model, AmityModel)
    ]


def children_of(record: AmityModel, *, deleted_at) -> list[AmityModel]:
    """The children of ``record`` with ``deleted_at`` (``None``: those not deleted)."""
    found: list[AmityModel] = []
    for rel in child_relations(type(record)):
        rows = rel.related_model.all_objects.filter(**{rel.field.name: record.pk, "deleted_at": deleted_at})
        found.extend(rows.order_by("pk"))
    return found


class UnitOwnedModel(AmityModel):
    """A record that belongs to one unit and is visible in that unit's subtree."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta(AmityModel.Meta):
        abstract = True


#: Suffix of a translated column by interface language ("zh-hans" → name_zh).
LANGUAGE_SUFFIXES = {"vi": "vi", "en": "en", "zh": "zh", "ru": "ru"}


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in the reader's language: its ``<field>_en`` / ``_zh`` / ``_ru`` (or ``_vi``)
    column where one is filled, else the field as written (a reference list's own language)."""
    code = (language or translation.get_language() or "vi").lower().split("-")[0]
    suffix = LANGUAGE_SUFFIXES.get(code)
    return (getattr(obj, f"{field}_{suffix}", "") if suffix else "") or getattr(obj, field)


class ValidPeriodMixin:
    """A record standing from ``valid_from`` to ``valid_to`` (either open): one rule for an instance
    (``is_valid_on``) and for its queryset (``RestrictedQuerySet.valid_on``)."""

    valid_from: "date | None"
    valid_to: "date | None"

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class SearchNameMixin:
    """A record found by its name: the ``search_name`` column holds the fields ``search_from`` names,
    folded and cut to the column's length (``core.text.search_key``), filled on every save."""

    search_from: tuple[str, ...] = ()

    @classmethod
    def search_key(cls, *parts: str | None) -> str:
        """``parts`` as the ``search_name`` column keeps them; a bulk import fills the column with it."""
        return search_key(*parts, length=cls._meta.get_field("search_name").max_length)  # type: ignore[attr-defined]

    def save(self, *args, **kwargs):
        self.search_name = self.search_key(*(getattr(self, name) for name in self.search_from))
        if kwargs.get("update_fields") is not None and "search_name" not in kwargs["update_fields"]:
            kwargs["update_fields"] = [*kwargs["update_fields"], "search_name"]
        super().save(*args, **kwargs)  # type: ignore[misc]


class TranslatedNameMixin(models.Model):
    """A reference list's entry named in Vietnamese (``name``) with its names in the other
    interface languages; ``str()`` and ``display_name`` follow the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self, "name")


class StoredFileQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Read by no screen: a file's type is looked up only after its record's own ``restrict``
        let the user reach the file (``core.views.DocumentView``)."""
        return self.none()


class StoredFile(models.Model):
    """The type a stored file's content showed when it was stored (``core.storage``), which the
    download serves: fixed at upload, never read again from the file or taken from its name."""

    name = models.CharField(_("file"), max_length=255, unique=True)
    content_type = models.CharField(_("content type"), max_length=100)
    stored = models.DateTimeField(_("stored"), auto_now_add=True)

    objects = StoredFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name


class ExchangeRate(AmityModel):
    """How much one unit of ``currency`` is worth in ``target`` on a day, or on average over a year."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    target = models.CharField(_("in"), max_length=3, choices=ReportingCurrency.choices)
    rate = models.DecimalField(
        _("rate"), max_digits=20, decimal_places=8, validators=[MinValueValidator(Decimal("0.00000001"))]
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("A daily rate; leave empty for a yearly one.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text=_("A yearly average rate."))
    source = models.CharField(_("source"), max_length=255)

    unit_path = None
    central_reference = True  # converts every national figure: only the central union edits

    class Meta(AmityModel.Meta):
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "target", "-year", "-date"]

    def __str__(self) -> str:
        when = format_day(self.date) if self.date else str(self.year)
        return f"1 {self.currency} = {self.rate.normalize():f} {self.target} ({when})"

    def clean(self):
        if self.currency:
            self.currency = self.currency.upper()
        if (self.date is None) == (self.year is None):
            raise ValidationError({"year": _("Give either a date or a year.")})
        if self.currency and self.currency == self.target:
            raise ValidationError({"target": _("A currency needs no rate to itself.")})
        duplicates = ExchangeRate.objects.filter(
            currency=self.currency, target=self.target, date=self.date, year=self.year
        ).exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError(_("There is already a rate for this currency and period."))
