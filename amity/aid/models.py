"""Foreign non-governmental aid: items, donors, money, exchange rates and the configurable lifecycle."""

import functools
import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amity.core.currencies import validate_currency
from amity.core.dates import dates_in_order
from amity.core.formatting import format_day
from amity.core.jobs import ImportJobBase
from amity.core.models import (
    AmityModel,
    SearchNameMixin,
    TranslatedNameMixin,
    UnitOwnedModel,
    ValidPeriodMixin,
    in_language,
)
from amity.core.querysets import ReferenceManager, RestrictedQuerySet
from amity.core.roles import Role
from amity.core.rollups import RollupState
from amity.core.text import fold

from .choices import TRANSITION_FIELDS, AidKind, AidStatus, TransactionKind
from .querysets import AllWorkflowPartsManager, AllWorkflowsManager, WorkflowManager, WorkflowPartManager


class Sector(models.Model):
    """An OECD-DAC 5-digit purpose code, loaded from the IATI Sector code list (never typed by hand)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=255)
    category_code = models.CharField(_("category code"), max_length=3)
    category_name = models.CharField(_("category"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ReferenceManager()
    unit_path = None  # shared reference data: everyone reads it
    central_reference = True  # loaded from the official code lists: the centre's alone

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return sector_label(self.code, self.name, self.category_code)

    def get_absolute_url(self) -> str:
        return reverse("aid:aiditem_list") + f"?sector={self.pk}"


#: Amity's own translations of the DAC 3-digit categories and of the 5-digit purpose codes (all of
#: them) into Vietnamese, Chinese and Russian; the code list itself is English.
SECTOR_NAMES_FILE = Path(__file__).parent / "data" / "sector_names.json"


@functools.cache
def sector_names() -> dict:
    return json.loads(SECTOR_NAMES_FILE.read_text(encoding="utf-8"))


def sector_name(code: str, name: str, category_code: str, language: str | None = None) -> str:
    """A sector's name in the reader's language (``name``, the code list's English, for English); a
    purpose code not yet translated keeps its English name after its category in that language
    ("Y tế cơ bản – Malaria control"), so no page shows a bare English name."""
    language = (language or translation.get_language() or "vi").lower()
    if language.startswith("en"):
        return name
    names = sector_names()
    own = names["sectors"].get(code, {}).get(language)
    if own:
        return own
    category = names["categories"].get(category_code, {}).get(language)
    return f"{category} – {name}" if category else name


def sector_label(code: str, name: str, category_code: str, language: str | None = None) -> str:
    """A sector as the reader's language names it, code first: "11220 Giáo dục tiểu học"."""
    return f"{code} {sector_name(code, name, category_code, language)}"


def sector_aliases(code: str, category_code: str, languages: tuple[str, ...] | None = None) -> list[str]:
    """A sector's name in each translated language (or in ``languages``), alone and with its
    category's ("Đào tạo giáo viên (Giáo dục, cấp học không xác định)"): what a registration
    certificate's field may name it by, and a picker find it by beside its English name ("nước
    sạch", "giáo dục"). The name alone ranks a sector named by the words typed before one whose
    category holds some."""
    names = sector_names()
    own, category = names["sectors"].get(code, {}), names["categories"].get(category_code, {})
    aliases = []
    for language in languages or sorted(own.keys() | category.keys()):
        if language in own or language in category:
            aliases += [own.get(language, ""), f"{own.get(language, '')} ({category.get(language, '')})"]
    return aliases


@functools.cache
def sector_search_names(code: str, category_code: str, language: str) -> tuple[str, ...]:
    """``sector_aliases`` in one language, folded once (a picker scores them at every key typed)."""
    return tuple(fold(alias) for alias in sector_aliases(code, category_code, (language,)))


class BeneficiaryGroup(TranslatedNameMixin, AmityModel):
    """A group aid is meant for (women, Agent Orange victims…); an editable list shared by all units."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"), default=0)

    unit_path = None
    central_reference = True  # national aid figures count by group: only the central union edits

    class Meta(AmityModel.Meta):
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        ordering = ["position", "name"]

    def get_absolute_url(self) -> str:
        """The aid items meant for the group: the list is edited in the admin, a group has no page."""
        return reverse("aid:aiditem_list") + f"?beneficiary={self.pk}"


class AidItem(SearchNameMixin, UnitOwnedModel):
    """A foreign non-governmental aid project or non-project aid managed by a union."""

    reference = models.CharField(
        _("reference"), max_length=60, blank=True, help_text=_("The unit's own code; imports match on it.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AidKind.choices, default=AidKind.PROJECT)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=400)
    title_original = models.CharField(_("title (original language)"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AidStatus.choices, default=AidStatus.PROPOSED)
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    status_deadline = models.DateField(_("next step due"), null=True, blank=True, editable=False)
    donors = models.ManyToManyField(
        "registry.Organisation", through="AidDonor", related_name="aid_items", verbose_name=_("donors")
    )
    implementing_body = models.CharField(_("implementing body"), max_length=255, blank=True)
    receiving_body = models.CharField(
        _("receiving body"), max_length=255, blank=True, help_text=_("The Vietnamese agency that owns the aid.")
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    locations = models.ManyToManyField(
        "geo.AdminUnit",
        blank=True,
        related_name="+",
        verbose_name=_("locations"),
        help_text=_("Communes or provinces."),
    )
    beneficiary_groups = models.ManyToManyField(
        BeneficiaryGroup, blank=True, related_name="items", verbose_name=_("beneficiary groups")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    approving_body = models.CharField(_("approving body"), max_length=255, blank=True)
    recorded_afterwards = models.BooleanField(
        _("recorded afterwards"),
        default=False,
        editable=False,
        help_text=_("Decided before the workflow in force existed; entered with its status, without its steps."),
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # searched for its words (``contains``: the trigram index on PostgreSQL, core migration 0001),
    # never compared whole, so no btree: every item written paid for two on PostgreSQL
    search_name = models.CharField(max_length=900, editable=False)
    search_from = ("reference", "title_vi", "title_original")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("aid item")
        verbose_name_plural = _("aid items")
        ordering = ["-decision_date", "title_vi"]
        indexes = [
            # the figures' items of a period: decided (or, lacking a decision, started) in it
            models.Index(
                Coalesce("decision_date", "start_date"),
                condition=models.Q(deleted_at__isnull=True),
                name="aid_item_period",
            ),
            # a list's first page in its order, read from the index's first entries (not every
            # item sorted)
            models.Index(
                fields=["-decision_date", "title_vi"],
                condition=models.Q(deleted_at__isnull=True),
                name="aid_item_listed",
            ),
            # a list's exact count of live items in the user's units (every unit's for the central
            # union: 50,000 at scale 1): read from this small index alone, not from the rows
            models.Index(fields=["unit"], condition=models.Q(deleted_at__isnull=True), name="aid_item_counted"),
        ]

    def __str__(self) -> str:
        return self.title_vi

    def clean(self):
        dates_in_order(self.start_date, self.end_date, end_field="end_date")

    @property
    def reference_date(self):
        """The date that places the item in a period: its approval, else its start."""
        return self.decision_date or self.start_date


class AidDonor(AmityModel):
    """One donor of an item and its share of the money, in per cent (empty: equal shares)."""

    item = models.ForeignKey(AidItem, on_delete=models.CASCADE, related_name="donor_links", verbose_name=_("aid item"))
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="aid_donations", verbose_name=_("donor")
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    unit_path = "item__unit"
    str_related = ("organisation", "item")

    class Meta(AmityModel.Meta):
        verbose_name = _("donor of an aid item")
        verbose_name_plural = _("donors of aid items")
        ordering = ["item", "-share", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"], condition=models.Q(deleted_at__isnull=True), name="unique_aid_donor"
            )
        ]

    def __str__(self) -> str:
        return self.text(self.organisation, self.item)

    @staticmethod
    def text(organisation, item) -> str:
        """A donor link as lists and the change log name it (imports name links they insert without an instance)."""
        return f"{organisation} – {item}"

    #: Set by ``services.aid_donor_shares_set``, which checks the shares of all the item's donors at once.
    shares_checked = False

    def clean(self):
        if self.item_id is None or self.shares_checked:
            return
        others = AidDonor.objects.filter(item_id=self.item_id).exclude(pk=self.pk).values_list("share", flat=True)
        donor_shares_check([*others, self.share], own=self.share)


def donor_shares_check(shares, *, own: Decimal | None | str = "all") -> None:
    """The shares of an item's donors: every one given, adding up to at most 100%, or none (equal
    shares). ``own`` is the one share being written, if only one is (the message then speaks of it)."""
    given = [share for share in shares if share is not None]
    if given and len(given) < len(shares):
        if own == "all":
            message = _("Give every donor's share, or none (equal shares): some have a share and others none.")
        elif own is None:
            message = _("The other donors of this item have a share: give this donor's share too (all shares or none).")
        else:
            message = _(
                "Some donors of this item have no share: give every donor's share, or none (equal shares). "
                "Set them all at once from the item's page."
            )
        raise ValidationError({"share": message})
    total = sum(given, Decimal("0"))
    if total > 100:
        message = _("The donors' shares of this item would add up to %(total)s%%; at most 100%%.")
        raise ValidationError({"share": message % {"total": f"{total.normalize():f}"}})

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


def workflow_overlap_check(*, valid_from, valid_to, units, exclude_pk=None, field: str = "valid_from") -> None:
    """Refuse a workflow in force on a day when another one for one of the same ``units`` is (or, with
    no units, another national default): which one governed an item would then be a matter of list
    order. The error is put on ``field`` and names the other workflow and its period."""
    unit_pks = {getattr(unit, "pk", unit) for unit in units}
    others = Workflow.objects.prefetch_related("units").exclude(pk=exclude_pk)
    for other in others.order_by("valid_from", "pk"):
        other_units = {unit.pk for unit in other.units.all()}
        if (unit_pks & other_units if unit_pks else not other_units) and _periods_overlap(
            (valid_from, valid_to), (other.valid_from, other.valid_to)
        ):
            if unit_pks:
                message = _("%(other)s (%(period)s) is already in force for these units on some of these days.")
            else:
                message = _("%(other)s (%(period)s) is already the national workflow on some of these days.")
            raise ValidationError({field: message % {"other": other.name, "period": _period_label(other)}})


def _periods_overlap(one, two) -> bool:
    (a_from, a_to), (b_from, b_to) = one, two
    return (a_to is None or b_from is None or b_from <= a_to) and (b_to is None or a_from is None or a_from <= b_to)


def _period_label(workflow) -> str:
    start = format_day(workflow.valid_from) if workflow.valid_from else "…"
    end = format_day(workflow.valid_to) if workflow.valid_to else "…"
    return f"{start} – {end}"


class AidTransaction(AmityModel):
    """A dated commitment or disbursement in any currency."""

    item = models.ForeignKey(AidItem, on_delete=models.CASCADE, related_name="transactions", verbose_name=_("aid item"))
    kind = models.CharField(_("kind"), max_length=20, choices=TransactionKind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    # indexed where set (``aid_transaction_donor``): most transactions, an import's all, name no donor
    donor = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("donor"),
        db_index=False,
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    # read among an item's own transactions (by the item's index), never looked up across items
    import_key = models.CharField(max_length=120, blank=True, editable=False)

    unit_path = "item__unit"
    #: Set by the services on a write that leaves the item's disbursements above its commitments.
    warning: str = ""

    class Meta(AmityModel.Meta):
        verbose_name = _("aid transaction")
        verbose_name_plural = _("aid transactions")
        ordering = ["item", "date", "pk"]
        indexes = [
            models.Index(fields=["donor"], condition=models.Q(donor__isnull=False), name="aid_transaction_donor")
        ]

    def __str__(self) -> str:
        return self.text(self.get_kind_display(), self.amount, self.currency, self.date)

    @staticmethod
    def text(kind_label: str, amount, currency: str, day) -> str:
        """A transaction as lists and the change log name it (imports name those they insert without an instance)."""
        return f"{kind_label} {amount} {currency} ({day.day:02d}/{day.month:02d}/{day.year})"  # as %d/%m/%Y writes it, without strftime

    def clean(self):
        if self.currency:
            self.currency = self.currency.upper()

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class AidDocument(AmityModel):
    """A document of an item: proposal, appraisal, approval decision, agreement, report."""

    item = models.ForeignKey(AidItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("aid item"))
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="aid/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)

    unit_path = "item__unit"

    class Meta(AmityModel.Meta):
        verbose_name = _("aid document")
        verbose_name_plural = _("aid documents")
        ordering = ["item", "-date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class Workflow(ValidPeriodMixin, TranslatedNameMixin, AmityModel):
    """The lifecycle rules of a legal basis (e.g. Decree 313/2025/ND-CP), valid between two dates.

    A workflow listing units applies to those units and their subtrees; one listing none is the
    national default. Statuses are fixed (they map onto IATI); steps and transitions are data.
    """

    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    legal_basis_vi = models.CharField(_("legal basis (Vietnamese)"), max_length=200, blank=True)
    legal_basis_zh = models.CharField(_("legal basis (Chinese)"), max_length=200, blank=True)
    legal_basis_ru = models.CharField(_("legal basis (Russian)"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="+", verbose_name=_("units"), help_text=_("Empty: every unit.")
    )
    notes = models.TextField(_("notes"), blank=True)

    unit_path = None
    objects = WorkflowManager()
    all_objects = AllWorkflowsManager()

    class Meta(AmityModel.Meta):
        verbose_name = _("aid workflow")
        verbose_name_plural = _("aid workflows")
        ordering = ["-valid_from", "name"]

    @property
    def legal_basis_display(self) -> str:
        """The legal basis in the reader's language (the column itself is in English)."""
        return in_language(self, "legal_basis")

    def clean(self):
        dates_in_order(self.valid_from, self.valid_to, end_field="valid_to")

    def get_absolute_url(self) -> str:
        return reverse("aid:workflow_detail", args=[self.pk])


class WorkflowStep(AmityModel):
    """A status in a workflow: the body that acts and how many days it has."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps", verbose_name=_("workflow"))
    status = models.CharField(_("status"), max_length=20, choices=AidStatus.choices)
    body = models.CharField(_("responsible body"), max_length=255, blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days)"), null=True, blank=True)

    unit_path = None
    objects = WorkflowPartManager()
    all_objects = AllWorkflowPartsManager()
    str_related = ("workflow",)

    class Meta(AmityModel.Meta):
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["workflow", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "status"], condition=models.Q(deleted_at__isnull=True), name="unique_workflow_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workflow}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return self.workflow.get_absolute_url()


def _transition_roles_default() -> list:
    return [Role.ADMIN, Role.EDITOR]


class WorkflowTransition(AmityModel):
    """Which status may follow which, who may make the move and what it must record."""

    workflow = models.ForeignKey(
        Workflow, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("workflow")
    )
    from_status = models.CharField(pgettext_lazy("workflow status", "from"), max_length=20, choices=AidStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=AidStatus.choices)
    roles = models.JSONField(_("roles allowed"), default=_transition_roles_default)
    required_fields = models.JSONField(_("required data"), default=list, blank=True)

    unit_path = None
    objects = WorkflowPartManager()
    all_objects = AllWorkflowPartsManager()

    class Meta(AmityModel.Meta):
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")
        ordering = ["workflow", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def role_labels(self) -> list[str]:
        """The roles allowed, in the user's language."""
        return [str(Role(r).label) if r in Role.values else r for r in self.roles]

    def required_labels(self) -> list[str]:
        """The data the move asks for, in the user's language."""
        return [str(TRANSITION_FIELDS.get(name, name)) for name in self.required_fields]

    def clean(self):
        if self.from_status and self.from_status == self.to_status:
            raise ValidationError({"to_status": _("A transition leads to another status.")})
        unknown_roles = set(self.roles or []) - set(Role.values)
        if unknown_roles:
            raise ValidationError(
                {"roles": _("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown_roles))}}
            )
        unknown_fields = set(self.required_fields or []) - set(TRANSITION_FIELDS)
        if unknown_fields:
            raise ValidationError(
                {"required_fields": _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown_fields))}}
            )

    def get_absolute_url(self) -> str:
        return self.workflow.get_absolute_url()


class AidImportJob(ImportJobBase):
    """An uploaded list of aid items on its way in: check with every row's errors, progress, then an
    all-or-nothing commit, both run as background tasks (``tasks.py``) that the page polls.

    Working state, not audited itself; the items it writes are. The file is dropped once the job
    is imported or refused, or when it expires (``core.jobs.import_jobs_expire``).
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

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    created_count = models.PositiveIntegerField(_("items created"), default=0)
    updated_count = models.PositiveIntegerField(_("items updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("items unchanged"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("aid import")
        verbose_name_plural = _("aid imports")

    def get_absolute_url(self) -> str:
        return reverse("aid:import_job", args=[self.pk])


# --- the roll-up: each item's transactions converted and summed (``sums.py``) ----------------------


class AidSumState(RollupState):
    """Whether the roll-up rows (``AidItemSum``) of a unit's items hold their transactions as they stand.

    Database triggers (migration 0009) set ``fresh`` to false in the transaction of every write to
    the unit's transactions and of every item added to, moved into or out of, deleted from or
    restored to the unit, and for every unit when an exchange rate changes; only
    ``sums.aid_sums_refresh`` sets it to true. Every unit owning items has a row."""

    class Meta(RollupState.Meta):
        verbose_name = _("state of the aid sums")
        verbose_name_plural = _("states of the aid sums")


class AidItemSum(models.Model):
    """An item's transactions converted into ``target`` through one rate (none: already in
    ``target``, or without a rate) and summed, as the figures convert them: the committed and
    disbursed cents, and how many transactions had no rate (``unrated``, left out of the sums)."""

    item = models.ForeignKey(AidItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("aid item"))
    target = models.CharField(_("converted into"), max_length=3)
    rate = models.ForeignKey(
        "core.ExchangeRate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="+",
        verbose_name=_("rate"),
    )
    unrated = models.PositiveIntegerField(_("transactions without a rate"))
    committed = models.BigIntegerField(_("committed, in cents"))
    disbursed = models.BigIntegerField(_("disbursed, in cents"))

    unit_path = "item__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("converted sum of an aid item")
        verbose_name_plural = _("converted sums of aid items")
        ordering = ["item", "target"]
        indexes = [models.Index(fields=["target", "item"], name="aid_itemsum_target_item")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.target}: {self.committed} / {self.disbursed}"
