"""Overseas compatriots: the people, their contributions to the homeland and remittance figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amity.core.dates import PartialDateProperty, clean_partial_date, inferred_field, precision_field
from amity.core.formatting import format_money
from amity.core.jobs import ImportJobBase, job_timeout, worker_missing
from amity.core.models import SearchNameMixin, UnitOwnedModel
from amity.core.querysets import OwnedManager, RestrictedQuerySet
from amity.core.rollups import RollupState

from .choices import ContributionKind, LegalBasis, Purpose, Sex

currency_validator = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code such as VND or USD."))
year_validators = [MinValueValidator(1900), MaxValueValidator(2100)]


class Compatriot(SearchNameMixin, UnitOwnedModel):
    """A native of the province living abroad, kept under Law 91/2025/QH15 on personal data.

    ``personal_fields`` are shown only to roles with ``view_personal`` in the owning unit's
    subtree, masked in lists, and blanked by erasure; the rest (country, home province, sex,
    year of birth) stays so that anonymous counts survive an erasure.
    """

    personal_fields = (
        "full_name",
        "name_original",
        "birth_date",
        "city",
        "occupation",
        "email",
        "phone",
        "other_contacts",
        "notes",
    )

    full_name = models.CharField(_("full name"), max_length=200, help_text=_("Vietnamese form, with diacritics."))
    name_original = models.CharField(
        _("name in another script"), max_length=200, blank=True, help_text=_("E.g. the name used in the host country.")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, validators=year_validators)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    home_unit = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home commune or province"),
        help_text=_("The unit as it was named when recorded; reports map it to the units of any date."),
    )
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country of residence")
    )
    city = models.CharField(_("city of residence"), max_length=120, blank=True)
    resident_since = models.PositiveSmallIntegerField(
        _("living there since (year)"), null=True, blank=True, validators=year_validators
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compatriots",
        verbose_name=_("association abroad"),
        db_index=False,  # indexed where set (Meta.indexes)
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    other_contacts = models.CharField(
        _("other contact channels"), max_length=300, blank=True, help_text=_("Zalo, Facebook, Viber…")
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    purpose = models.CharField(
        _("purpose of processing"),
        max_length=300,
        default=_("Keeping in touch with natives abroad and mobilising them for the homeland"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    retain_until = models.DateField(_("keep until"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        editable=False,
        verbose_name=_("merged into"),
        db_index=False,  # indexed where set (Meta.indexes)
    )
    search_name = models.CharField(max_length=400, editable=False)  # indexed in Meta.indexes
    search_from = ("full_name", "name_original")

    str_names_person = True
    #: the table of the names' words that name searches correct a query against (migration 0011)
    search_vocabulary = "diaspora_compatriot_word"
    #: the table of the distinct names, with their persons, that they read first (migration 0013)
    search_names = "diaspora_compatriot_name"

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("overseas compatriot")
        verbose_name_plural = _("overseas compatriots")
        ordering = ["search_name", "pk"]
        # the order of addition, which lists holding names a user may not see follow (NEUTRAL_ORDER):
        # read backwards, a page of a million compatriots without sorting them all
        indexes = [
            models.Index(fields=["created", "id"], name="diaspora_compatriot_added"),
            # the figures count the live compatriots by unit and country: read from this index
            # alone (an index-only scan), not from the table's rows
            models.Index(
                fields=["unit", "country"], condition=Q(deleted_at__isnull=True), name="diaspora_compatriot_counted"
            ),
            # the name order and the search's look-up of a name's persons; a plain btree only (a
            # field's db_index adds a second one for LIKE 'prefix%' on PostgreSQL, which nothing asks).
            # With the unit and the deletion beside each name, a list's page of a province's
            # compatriots finds its keys in name order from the index alone (core.compiled), walking
            # past other provinces' names without reading their rows
            models.Index(
                fields=["search_name", "id"], include=["unit", "deleted_at"], name="diaspora_compatriot_named"
            ),
            # most compatriots belong to no association and were merged into nobody: only the rows
            # that were are indexed, which every look-up by either (= or IN) reads, and an import
            # of persons with neither writes no entry into these two indexes
            models.Index(
                fields=["organisation"], condition=Q(organisation__isnull=False), name="diaspora_compatriot_member"
            ),
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="diaspora_compatriot_merged"
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("Erased person #%(pk)s") % {"pk": self.pk})
        return self.full_name

    def clean(self):
        if self.legal_basis == LegalBasis.CONSENT and not self.consent_on and not self.erased_at:
            raise ValidationError({"consent_on": _("Record the date consent was given.")})
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise ValidationError({"birth_year": _("The year of birth differs from the date of birth.")})
        if self.consent_on and self.retain_until and self.retain_until < self.consent_on:
            raise ValidationError({"retain_until": _("The retention date is before the consent date.")})

    def save(self, *args, **kwargs):
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)


class Contribution(UnitOwnedModel):
    """A donation to the homeland by a compatriot or an association abroad, received by a unit.

    Cash is the amount in its currency; in kind is a quantity of something with its estimated
    value in ``amount``/``currency``, so that both add up in reports.
    """

    compatriot = models.ForeignKey(
        Compatriot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("compatriot"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="diaspora_contributions",
        verbose_name=_("association"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.CASH)
    item = models.CharField(_("goods"), max_length=200, blank=True, help_text=_("For in-kind gifts, e.g. rice."))
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, null=True, blank=True)
    quantity_unit = models.CharField(_("unit of quantity"), max_length=30, blank=True, help_text=_("E.g. tonne."))
    amount = models.DecimalField(
        _("amount or estimated value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND", validators=[currency_validator])
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices, default=Purpose.OTHER)
    campaign = models.CharField(_("campaign"), max_length=200, blank=True)
    received_on = models.DateField(_("date"))
    received_on_precision = precision_field()
    received_on_inferred = inferred_field()
    notes = models.TextField(_("notes"), blank=True)

    str_names_person = True  # the donor may be a compatriot
    str_related = ("organisation", "compatriot")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-received_on", "pk"]
        indexes = [
            # a list's page in its order (the central union's first page of 200,000 at scale 1) read from
            # this index alone, not by sorting every contribution
            models.Index(
                fields=["-received_on", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="diaspora_contribution_listed",
            ),
        ]

    def __str__(self) -> str:
        return self.text(self.organisation or self.compatriot, format_money(self.amount, self.currency))

    @staticmethod
    def text(donor, money: str) -> str:
        """What a contribution is called (its ``str()``, the change log's text): its donor and the
        amount written with its currency; an import writing many passes each amount written once."""
        return f"{donor or '?'}: {money}"

    received_on_partial = PartialDateProperty("received_on")

    def clean(self):
        clean_partial_date(self, "received_on")
        if bool(self.compatriot_id) == bool(self.organisation_id):
            raise ValidationError(_("Give either a compatriot or an association as the donor, not both."))
        if self.kind == ContributionKind.IN_KIND and not (self.item and self.quantity):
            raise ValidationError({"item": _("An in-kind gift needs the goods and their quantity.")})


class RemittanceStat(UnitOwnedModel):
    """Remittances received in the province over a period from one source: an aggregate, never per person."""

    year_from = models.PositiveSmallIntegerField(_("from year"), validators=year_validators)
    year_to = models.PositiveSmallIntegerField(_("to year"), validators=year_validators)
    source = models.CharField(_("source"), max_length=200, help_text=_("E.g. commercial banks in the province."))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_validator])
    notes = models.TextField(_("notes"), blank=True)

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("remittance figure")
        verbose_name_plural = _("remittance figures")
        ordering = ["-year_to", "source"]

    def __str__(self) -> str:
        period = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{period} {self.source}: {format_money(self.amount, self.currency)}"

    def clean(self):
        if self.year_from and self.year_to and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("The end year is before the start year.")})


class MergeRecord(UnitOwnedModel):
    """A merge of a duplicate into a kept record, with what is needed to undo it."""

    kept = models.ForeignKey(Compatriot, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept record"))
    merged = models.ForeignKey(Compatriot, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged record"))
    moved_contributions = models.JSONField(_("moved contributions"), default=list)
    filled_fields = models.JSONField(_("fields filled from the duplicate"), default=list)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.kept_id}"

    def get_absolute_url(self) -> str:
        return reverse("diaspora:compatriot_detail", args=[self.kept_id])


class ImportJob(ImportJobBase):
    """An uploaded file on its way in: preview, row errors, progress, then an all-or-nothing commit.

    Not audited itself (it is working state); the records it creates are. The file and the
    preview hold personal data, so they are dropped once the import is done or refused, when the
    job expires (``core.jobs.import_jobs_expire``), and a person's values when they are erased.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPING = "mapping", _("Columns to map")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Waiting to be imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    KEEPS_FILE = (Status.CHECKED, Status.MAPPING)  # RUNNING as in ImportJobBase
    #: Values read from the file: the first rows, the converted cells, the cells in error.
    PERSONAL_REPORT_KEYS = ("preview", "conversions", "errors")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    options = models.JSONField(_("options"), default=dict, help_text=_("Consent date for rows without one, etc."))

    class Meta(ImportJobBase.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def get_absolute_url(self) -> str:
        return reverse("diaspora:import_job", args=[self.pk])


class ContributionImportJob(ImportJobBase):
    """An uploaded list of contributions on its way in: check with every row's errors, progress, then
    an all-or-nothing commit, both run by the task worker (``tasks.py``) while the page polls.

    Working state, not audited itself; the contributions it writes are. The report shows cells of
    the file, donors' names among them, so they go with the file (``core.jobs.import_jobs_expire``).
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        MAPPING = "mapping", _("Columns to map")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, no errors")
        QUEUED = "queued", _("Waiting to be imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    KEEPS_FILE = (Status.CHECKED, Status.MAPPING)  # RUNNING as in ImportJobBase
    #: Values read from the file: the cells shown in the preview and quoted in the messages.
    PERSONAL_REPORT_KEYS = ("table", "errors", "warnings")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    created_count = models.PositiveIntegerField(_("contributions created"), default=0)
    updated_count = models.PositiveIntegerField(_("contributions updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("contributions unchanged"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("contribution import")
        verbose_name_plural = _("contribution imports")

    def get_absolute_url(self) -> str:
        return reverse("diaspora:contribution_import_job", args=[self.pk])


class DuplicateScanQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """A scan is its requester's own: it lists persons of the units whose personal data they see."""
        return self.filter(user=user) if user.is_authenticated else self.none()


class DuplicateScan(models.Model):
    """One search for likely duplicates among the persons whose personal data a user sees, run by
    the task worker (a million records take minutes: never inside a web request). Working state,
    not audited; the merges it leads to are. ``pairs`` holds ids and reasons only, so what is shown
    is read again through the user's rights, and a person merged or erased since drops out."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Searching")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    #: Pairs kept, best first: more than a person works through before the next search.
    MAX_PAIRS = 2000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    updated = models.DateTimeField(_("last progress"), auto_now=True)
    done = models.PositiveIntegerField(_("groups compared"), default=0)
    total = models.PositiveIntegerField(_("groups to compare"), default=0)
    persons = models.PositiveIntegerField(_("persons compared"), default=0)
    pairs = models.JSONField(_("likely duplicates"), default=list, help_text=_("[first id, second id, score, reasons]"))
    error = models.TextField(_("error"), blank=True)

    objects = DuplicateScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("duplicate search")
        verbose_name_plural = _("duplicate searches")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("diaspora:duplicates")

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0


class ErasureJob(models.Model):
    """One erasure on request, run by the task worker: reading the files that waiting imports keep
    takes seconds, and a web request must neither wait for it nor hold the database meanwhile.
    Working state of its requester, not audited itself; the erasure is (``diaspora.erased``).

    The erasure and this job's "done" are written in one transaction, so a worker killed at any
    moment leaves the person either erased with the job done, or untouched with the job still
    "running"; such a job is shown as stopped after ``core.jobs.job_timeout`` and can be run again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the background worker")
        READING = "reading", _("Reading the files kept by imports")
        ERASING = "erasing", _("Erasing")
        DONE = "done", _("Erased")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.QUEUED, Status.READING, Status.ERASING)

    compatriot = models.ForeignKey(Compatriot, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by")
    )
    requested_on = models.DateField(_("request received on"))
    reason = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    updated = models.DateTimeField(_("last progress"), default=timezone.now)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = OwnedManager()

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("diaspora:erasure", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING and not self.stopped

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def no_worker(self) -> bool:
        return worker_missing(status_waiting=self.status == self.Status.QUEUED, since=self.updated)

    @property
    def stopped(self) -> bool:
        """Started by a worker that then reported nothing for the jobs' timeout: the worker died
        (killed, restarted) and its transaction was rolled back, so nothing was erased."""
        started = self.status in (self.Status.READING, self.Status.ERASING)
        return started and timezone.now() - self.updated > job_timeout()


# --- the roll-up: counts and converted sums per owning unit (``tallies.py``) ---------------------


class TallyState(RollupState):
    """Whether a unit's roll-up rows hold its compatriots and contributions as they stand.

    Database triggers (migration 0014) set ``fresh`` to false in the transaction of every write to
    the unit's compatriots or contributions, and for every unit when an exchange rate changes;
    only ``tallies.tallies_refresh`` sets it to true. Every unit owning records has a row."""

    class Meta(RollupState.Meta):
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up states")


class CompatriotTally(models.Model):
    """The live compatriots of one unit counted by one dimension: by country, by home place (the
    ``geo.AdminUnit`` recorded) or by association abroad; ``key`` is that record's id (none: null)."""

    class By(models.TextChoices):
        COUNTRY = "country", _("country")
        HOME = "home", _("home place")
        ORGANISATION = "organisation", _("association")

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    dimension = models.CharField(_("counted by"), max_length=12, choices=By.choices)
    key = models.IntegerField(_("key"), null=True, blank=True)
    count = models.PositiveIntegerField(_("compatriots"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("compatriot count")
        verbose_name_plural = _("compatriot counts")
        ordering = ["unit", "dimension", "key"]
        indexes = [models.Index(fields=["dimension", "unit"], name="diaspora_tally_by_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.dimension} {self.key}: {self.count}"


class ContributionTally(models.Model):
    """The live contributions of one unit received in one month (or, ``yearly``, one year: ``month``
    is then its 1 January), by purpose, with their sum converted into ``target`` as the figures
    convert it (each day's sum of the unit's contributions of one purpose and currency at that
    day's rate, rounded to the cent); those without a rate (``unrated``: left out of the totals,
    listed with their own sum) by currency too (``currency`` is blank for the others)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    target = models.CharField(_("converted into"), max_length=3)
    month = models.DateField(_("month"), help_text=_("Its first day."))
    yearly = models.BooleanField(_("the year's sum"), default=False)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    currency = models.CharField(_("currency"), max_length=3)
    unrated = models.BooleanField(_("without a rate"))
    count = models.PositiveIntegerField(_("contributions"))
    cents = models.BigIntegerField(_("converted amount in cents"))
    raw_cents = models.BigIntegerField(_("amount in cents"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution sum")
        verbose_name_plural = _("contribution sums")
        ordering = ["unit", "target", "month"]
        # a figure reads one target's year rows, or its month rows of a period
        indexes = [models.Index(fields=["target", "yearly", "month"], name="diaspora_tally_period")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.purpose} {self.currency}→{self.target}: {self.count}"


class ContributionTallyRate(models.Model):
    """An exchange rate a unit's ``ContributionTally`` of one month (or ``yearly``, one year) and
    target was converted with: the figures list every rate they used."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    target = models.CharField(_("converted into"), max_length=3)
    month = models.DateField(_("month"))
    yearly = models.BooleanField(_("the year's sum"), default=False)
    rate = models.ForeignKey(
        "core.ExchangeRate", on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("rate")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate of a contribution sum")
        verbose_name_plural = _("rates of contribution sums")
        ordering = ["unit", "target", "month"]
        # the figures ask, rate by rate, whether a row of the scope used it
        indexes = [models.Index(fields=["rate", "target", "yearly", "month"], name="diaspora_tally_rate_used")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.target}: {self.rate_id}"
