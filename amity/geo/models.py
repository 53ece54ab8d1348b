"""Countries, reporting regions, and Vietnam's administrative units with their history."""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amity.core.formatting import format_day
from amity.core.models import AmityModel, ValidPeriodMixin
from amity.core.querysets import ReferenceManager


class LocalisedNameMixin(models.Model):
    """Names in the four interface languages, taken from CLDR; ``name`` follows the active language."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (translation.get_language() or "vi").split("-")[0]
        return getattr(self, f"name_{lang}", "") or self.name_en


class Region(LocalisedNameMixin):
    """A UN M49 region (continent) or sub-region, identified by its M49 code."""

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent region"),
    )

    objects = ReferenceManager()
    unit_path = None  # shared reference data: everyone reads it
    central_reference = True  # loaded from the official code lists: the centre's alone

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def get_absolute_url(self) -> str:
        return reverse("geo:country_list") + f"?region={self.pk}"


class Country(LocalisedNameMixin):
    """A country or territory of ISO 3166-1 with its M49 sub-region."""

    iso_alpha2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso_alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    iso_numeric = models.CharField(_("ISO numeric"), max_length=3)
    sub_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="countries", verbose_name=_("sub-region")
    )

    objects = ReferenceManager()
    unit_path = None  # shared reference data: everyone reads it
    central_reference = True  # loaded from the official code lists: the centre's alone

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def get_absolute_url(self) -> str:
        return reverse("geo:country_detail", args=[self.pk])


class CountryGroup(AmityModel):
    """A user-defined grouping for reports, such as "Northeast Asia"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    countries = models.ManyToManyField(Country, related_name="groups", verbose_name=_("countries"))

    unit_path = None  # shared reference data: everyone reads it and national figures group by it,
    central_reference = True  # so only administrators of the central union edit it

    class Meta(AmityModel.Meta):
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("geo:countrygroup_detail", args=[self.pk])


class AdminUnit(ValidPeriodMixin, models.Model):
    """A Vietnamese province, district or commune/ward, valid between two dates.

    A unit that ceased to exist on 1 July 2025 points to the units that took over its
    territory through ``successors``; an unchanged province is one row valid throughout.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province/city")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune/ward")

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    full_name = models.CharField(pgettext_lazy("administrative unit", "full name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors", verbose_name=_("successors")
    )
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    objects = ReferenceManager()
    unit_path = None  # shared reference data: everyone reads it
    central_reference = True  # loaded from the official code lists: the centre's alone

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unique_admin_unit_code")]

    def __str__(self) -> str:
        if self.valid_to:
            return _("%(name)s (until %(date)s)") % {"name": self.full_name, "date": format_day(self.valid_to)}
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("geo:adminunit_detail", args=[self.pk])
