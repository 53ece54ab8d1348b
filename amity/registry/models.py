"""Partners and network: organisations, people, their ties and agreements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amity.core.dates import (
    PartialDateProperty,
    clean_partial_date,
    dates_in_order,
    inferred_field,
    precision_field,
)
from amity.core.models import AmityModel, SearchNameMixin, UnitOwnedModel

from .choices import (
    AgreementKind,
    AgreementStatus,
    NGORegistrationKind,
    OrganisationKind,
    PersonKind,
    RelationKind,
    Sex,
)
from .querysets import VIETNAM


class Organisation(SearchNameMixin, UnitOwnedModel):
    """An organisation the unit works with, Vietnamese or foreign."""

    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=255, help_text=_("Vietnamese name."))
    name_original = models.CharField(_("name in original language"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    partner_country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner country"),
        help_text=_("For a bilateral friendship association: the other country."),
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        limit_choices_to={"level": "province"},
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        verbose_name=_("parent organisation"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=600, db_index=True, editable=False)
    search_from = ("name", "name_original", "short_name")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # a kind's organisations of some units (a report's list of a union's own associations):
        # read without going through every organisation of the country; the list's first page in
        # its order without sorting them all
        indexes = [
            models.Index(fields=["kind", "unit"], name="registry_org_kind_unit"),
            models.Index(fields=["name", "id"], name="registry_org_name_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def registered_abroad(self) -> bool:
        """Registered in a country other than Vietnam (``querysets.VIETNAMESE`` is the same rule in a
        query): a partner abroad, never a union's member association."""
        return self.country_id is not None and self.country.iso_alpha2 != VIETNAM

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})


class Person(SearchNameMixin, UnitOwnedModel):
    """A member, cadre or foreign friend; foreign names keep their original script."""

    full_name = models.CharField(_("full name"), max_length=200, help_text=_("Vietnamese form of the name."))
    name_original = models.CharField(_("name in original script"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PersonKind.choices, default=PersonKind.MEMBER)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=500, db_index=True, editable=False)
    search_from = ("full_name", "name_original")

    #: Names and contacts of people are personal data (Law 91/2025/QH15): only roles with
    #: "view_personal" in the owning subtree see them; the central union does not.
    personal_data = True

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class OrganisationMembership(AmityModel):
    """A person's place in an organisation (member, chair, secretary-general…)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    unit_path = "organisation__unit"

    str_names_person = True
    str_related = ("person", "organisation")

    class Meta(AmityModel.Meta):
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation__name", "person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"

    def clean(self):
        dates_in_order(self.start, self.end, end_field="end")

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()


class OrganisationRelation(AmityModel):
    """A tie between two organisations: twinning, partnership, coordination, membership."""

    source = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("organisation")
    )
    target = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("related organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    unit_path = "source__unit"
    str_related = ("source", "target")

    class Meta(AmityModel.Meta):
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["source__name", "target__name"]

    def __str__(self) -> str:
        return f"{self.source} ↔ {self.target} ({self.get_kind_display()})"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An organisation cannot be related to itself.")})
        dates_in_order(self.since, self.until, end_field="until")

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()


class Agreement(SearchNameMixin, UnitOwnedModel):
    """An international agreement of a union: parties, term, and the MFA consultation and report dates.
    Found by its title and place of signing (its own fields, kept in ``search_name``); the search box
    finds it by its parties' names too, through their own column (``registry.search``)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Organisation, related_name="agreements", verbose_name=_("parties"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = precision_field()
    signed_on_inferred = inferred_field()
    signed_at = models.CharField(_("place of signing"), max_length=200, blank=True)
    term_start = models.DateField(_("in force from"), null=True, blank=True)
    term_end = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    renewal_due = models.DateField(_("renewal due"), null=True, blank=True)
    mfa_consulted_on = models.DateField(
        _("Ministry of Foreign Affairs consulted on"),
        null=True,
        blank=True,
        help_text=_("Law on International Agreements 2020: consult before signing."),
    )
    reported_on = models.DateField(_("signing reported on"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to="agreements/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=500, editable=False)
    search_from = ("title", "signed_at")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]

    def __str__(self) -> str:
        return self.title

    signed_on_partial = PartialDateProperty("signed_on")

    def clean(self):
        dates_in_order(self.term_start, self.term_end, end_field="term_end")
        clean_partial_date(self, "signed_on")
        signed = self.signed_on_partial  # a month or a year: compared with the whole span
        if signed and self.mfa_consulted_on and self.mfa_consulted_on > signed.end:
            raise ValidationError({"mfa_consulted_on": _("The Ministry must be consulted before signing.")})
        if signed and self.reported_on and self.reported_on < signed.start:
            raise ValidationError({"reported_on": _("The signing cannot be reported before it took place.")})


class NGORegistration(AmityModel):
    """A foreign NGO's registration certificate with the Ministry of Foreign Affairs (Decree 58/2022/ND-CP)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("organisation"),
        limit_choices_to={"kind": OrganisationKind.FOREIGN_NGO},
    )
    kind = models.CharField(_("certificate kind"), max_length=30, choices=NGORegistrationKind.choices)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(pgettext_lazy("certificate", "issued on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    provinces = models.ManyToManyField(
        "geo.AdminUnit",
        blank=True,
        related_name="+",
        verbose_name=_("permitted provinces"),
        limit_choices_to={"level": "province"},
    )
    fields_of_work = models.TextField(_("permitted fields"), blank=True, help_text=_("One field per line."))

    unit_path = "organisation__unit"

    class Meta(AmityModel.Meta):
        verbose_name = _("NGO registration certificate")
        verbose_name_plural = _("NGO registration certificates")
        ordering = ["-valid_until"]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"

    def clean(self):
        dates_in_order(self.valid_from, self.valid_until, end_field="valid_until")
        if self.organisation_id and self.organisation.kind != OrganisationKind.FOREIGN_NGO:
            raise ValidationError({"organisation": _("Only a foreign NGO holds a registration certificate.")})

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until

    @property
    def field_list(self) -> list[str]:
        return [line.strip() for line in self.fields_of_work.splitlines() if line.strip()]
