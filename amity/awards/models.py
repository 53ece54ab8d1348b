"""The awards register: award types, nominations, decisions and their recipients."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from amity.core.dates import (
    PartialDateProperty,
    clean_partial_date,
    format_partial_date,
    inferred_field,
    precision_field,
)
from amity.core.models import AmityModel, SearchNameMixin, TranslatedNameMixin, UnitOwnedModel
from amity.core.querysets import AllNationalOrUnitManager, NationalOrUnitManager
from amity.registry.choices import PersonKind
from amity.units.models import Unit

from .choices import AwardKind, NominationStatus, RecipientKind, RecipientOrigin


def award_type_label(name: str, unit_name: str | None) -> str:
    """An award type as figures name it: a union's own type (two provinces may each have a
    "Bằng khen của UBND tỉnh") carries the union's name, a national one its name alone."""
    return name if unit_name is None else f"{name} ({unit_name})"


class AwardType(TranslatedNameMixin, AmityModel):
    """A form of recognition (certificate of merit, medal, badge), read by every union. Without a
    unit it is national (VUFO's certificate, the medal "For Peace and Friendship among Nations")
    and only administrators of the central union write it; with one (a provincial People's
    Committee's certificate of merit, a province's badge) that unit's subtree's administrators do."""

    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The union whose award this is; empty for a national award type."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices)
    conferred_by = models.CharField(_("conferred by"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    write_action = "manage"  # award figures count by type: administrators write, national ones central only

    objects = NationalOrUnitManager()
    all_objects = AllNationalOrUnitManager()
    str_related = ("unit",)

    class Meta(AmityModel.Meta):
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(unit__isnull=True),
                name="awards_awardtype_national_name_unique",
                violation_error_message=_("A national award type with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                condition=models.Q(unit__isnull=False),
                name="awards_awardtype_unit_name_unique",
                violation_error_message=_("This unit already has an award type with this name."),
            ),
        ]

    def __str__(self) -> str:
        return award_type_label(self.display_name, self.unit.name if self.unit_id else None)


def ancestor_paths(paths) -> set[str]:
    """The paths of the given units and of every unit above them ("1.2." → "1.", "1.2.")."""
    return {path[: end + 1] for path in paths for end, char in enumerate(path) if char == "."}


def type_owner_ids(paths) -> set[int]:
    """Units whose own award types serve a unit at one of ``paths``: those units and every unit
    merged into them, transitively (the Bắc Ninh union confers the former Bắc Giang union's
    certificate, as it holds its records)."""
    units = list(Unit.all_objects.values_list("pk", "path", "successor_id"))
    ids = {pk for pk, path, _ in units if path in paths}
    changed = True
    while changed:
        new = {pk for pk, _, successor in units if successor in ids and pk not in ids}
        ids |= new
        changed = bool(new)
    return ids


def check_award_type_for_unit(award_type, unit) -> None:
    """A union's own award type is conferred in that union's subtree only, or in the subtree of
    the union it was merged into: Hải Phòng does not decide on Bắc Ninh's People's Committee
    certificate; national types serve every union."""
    if award_type is None or unit is None or award_type.unit_id is None:
        return
    if unit.path.startswith(award_type.unit.path):
        return
    if award_type.unit.successor_id is None or award_type.unit_id not in type_owner_ids(ancestor_paths([unit.path])):
        raise ValidationError(
            {
                "award_type": _("%(award)s belongs to %(owner)s: choose a national award type or your union's own.")
                % {"award": award_type.name, "owner": award_type.unit}
            }
        )


def _check_one_recipient(person, organisation):
    if bool(person) == bool(organisation):
        raise ValidationError({"person": _("Choose either a person or an organisation (a collective).")})


def registry_origin(*, person=None, organisation=None) -> str:
    """The origin the registry gives a recipient: a foreign friend is foreign, an overseas
    Vietnamese is overseas Vietnamese, an organisation registered abroad is foreign."""
    if person is not None:
        return {
            PersonKind.FOREIGN_FRIEND: RecipientOrigin.FOREIGN,
            PersonKind.OVERSEAS_VIETNAMESE: RecipientOrigin.OVERSEAS_VIETNAMESE,
        }.get(person.kind, RecipientOrigin.VIETNAMESE)
    if organisation is not None and organisation.registered_abroad:
        return RecipientOrigin.FOREIGN
    return RecipientOrigin.VIETNAMESE


def _check_origin(record) -> None:
    """The origin counted in the figures must agree with what the registry says of the recipient."""
    expected = None
    if record.person_id:
        expected = {
            PersonKind.FOREIGN_FRIEND: RecipientOrigin.FOREIGN,
            PersonKind.OVERSEAS_VIETNAMESE: RecipientOrigin.OVERSEAS_VIETNAMESE,
        }.get(record.person.kind)
    elif record.organisation_id and record.organisation.registered_abroad:
        if record.origin == RecipientOrigin.VIETNAMESE:
            raise ValidationError(
                {
                    "origin": _("%(name)s is registered abroad: not a Vietnamese recipient.")
                    % {"name": record.organisation}
                }
            )
    if expected and record.origin != expected:
        raise ValidationError(
            {
                "origin": _("The registry records this person as %(kind)s: the recipient is %(origin)s.")
                % {"kind": record.person.get_kind_display(), "origin": RecipientOrigin(expected).label}
            }
        )


class Nomination(UnitOwnedModel):
    """A proposal to honour a person or a collective, with who proposed it and why."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("award type"))
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collective"),
    )
    origin = models.CharField(_("recipient is"), max_length=20, choices=RecipientOrigin.choices)
    proposer = models.CharField(_("proposed by"), max_length=255)
    proposed_on = models.DateField(_("proposed on"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PROPOSED,
        editable=False,
        help_text=_("Changed only by approving, rejecting or withdrawing the nomination."),
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        editable=False,
        help_text=_("Why the nomination was rejected or withdrawn."),
    )

    str_names_person = True
    str_related = ("award_type__unit", "person", "organisation")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-proposed_on"]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.person or self.organisation}"

    def clean(self):
        _check_one_recipient(self.person_id, self.organisation_id)
        _check_origin(self)
        if self.award_type_id and self.unit_id:
            check_award_type_for_unit(self.award_type, self.unit)


class Decision(SearchNameMixin, UnitOwnedModel):
    """A decision conferring one award type, with its number, date and issuing body (by which it is
    found, and its awards with it)."""

    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("award type")
    )
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("Empty where the source gives none."))
    decided_on = models.DateField(_("date"))
    decided_on_precision = precision_field()
    decided_on_inferred = inferred_field()
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    ceremony = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_decisions",
        verbose_name=_("ceremony"),
    )
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=320, editable=False)
    search_from = ("number", "issuing_body")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-decided_on", "number"]
        # the recipients' and decisions' lists, latest first, read the first page from this index
        # instead of sorting every recipient joined to its decision (20,000 at national scale)
        indexes = [models.Index(fields=["decided_on"], name="awards_decision_decided")]

    decided_on_partial = PartialDateProperty("decided_on")

    def __str__(self) -> str:
        day = format_partial_date(self.decided_on_partial)
        if not self.number:
            return _("Decision of %(date)s") % {"date": day}
        return _("Decision %(number)s of %(date)s") % {"number": self.number, "date": day}

    def clean(self):
        clean_partial_date(self, "decided_on")
        if self.award_type_id and self.unit_id:
            check_award_type_for_unit(self.award_type, self.unit)


class Award(AmityModel):
    """One recipient of a decision: an individual (a person) or a collective (an organisation)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="awards", verbose_name=_("decision"))
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("collective"),
    )
    recipient_kind = models.CharField(_("recipient kind"), max_length=20, choices=RecipientKind.choices, editable=False)
    origin = models.CharField(_("recipient is"), max_length=20, choices=RecipientOrigin.choices)
    nomination = models.ForeignKey(
        Nomination,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
        verbose_name=_("nomination"),
    )
    citation = models.TextField(_("citation"), blank=True)

    unit_path = "decision__unit"

    str_names_person = True
    str_related = ("person", "organisation", "decision__award_type__unit")

    class Meta(AmityModel.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decision__decided_on", "pk"]
        # a unit's award counts read its decisions' live recipients from this index alone (PostgreSQL
        # keeps the kind and origin in it) instead of hashing every recipient (20,000 at national scale)
        indexes = [
            models.Index(
                fields=["decision"],
                include=["recipient_kind", "origin"],
                condition=models.Q(deleted_at__isnull=True),
                name="awards_award_live_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} – {self.decision.award_type}"

    @property
    def recipient(self):
        return self.person or self.organisation

    def clean(self):
        _check_one_recipient(self.person_id, self.organisation_id)
        _check_origin(self)
        if self.decision_id:
            same = Award.objects.filter(decision_id=self.decision_id).exclude(pk=self.pk)
            if (self.person_id and same.filter(person_id=self.person_id).exists()) or (
                self.organisation_id and same.filter(organisation_id=self.organisation_id).exists()
            ):
                raise ValidationError(
                    {
                        "person" if self.person_id else "organisation": _(
                            "%(name)s is already a recipient of this decision."
                        )
                        % {"name": self.recipient}
                    }
                )
        self.recipient_kind = RecipientKind.INDIVIDUAL if self.person_id else RecipientKind.COLLECTIVE

    def save(self, *args, **kwargs):
        self.recipient_kind = RecipientKind.INDIVIDUAL if self.person_id else RecipientKind.COLLECTIVE
        super().save(*args, **kwargs)
