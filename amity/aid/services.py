"""Writes of the aid module. Each takes the acting user; the edge has checked the right to act,
except ``aid_transition``, whose roles are configuration and are checked here against it."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.audit.services import event_record
from amity.core.access import unit_descendant_ids
from amity.core.services import model_create, model_update
from amity.core.text import fold
from amity.geo.selectors import current_province_for
from amity.registry.choices import OrganisationKind
from amity.units.models import Membership

from .choices import TRANSITION_FIELDS, AidStatus, TransactionKind
from .codelists import codelist
from .models import (
    AidDonor,
    AidItem,
    AidTransaction,
    Sector,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
    donor_shares_check,
    workflow_overlap_check,
)
from .rates import RateBook
from .selectors import workflow_for


@transaction.atomic
def sectors_load() -> int:
    """Load or refresh the OECD-DAC purpose codes from the vendored IATI Sector code list."""
    categories = codelist("SectorCategory")
    existing = {s.code: s for s in Sector.objects.all()}
    changed = []
    for code, entry in codelist("Sector").items():
        values = {
            "name": entry["name"],
            "category_code": entry["category"],
            "category_name": categories.get(entry["category"], {}).get("name", ""),
            "active": entry["status"] == "active",
        }
        sector = existing.get(code)
        if sector is None:
            changed.append(Sector(code=code, **values))
        elif any(getattr(sector, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(sector, k, v)
            sector.save()
    Sector.objects.bulk_create(changed)
    return Sector.objects.count()


@transaction.atomic
def aid_item_create(*, actor, data: dict) -> AidItem:
    return model_create(model=AidItem, data=data, actor=actor)


@transaction.atomic
def aid_item_update(*, actor, instance: AidItem, data: dict, expected_version: int | None = None) -> AidItem:
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


@transaction.atomic
def aid_donor_shares_set(*, actor, item: AidItem, shares: dict[int, Decimal | None]) -> list[AidDonor]:
    """Set the shares of all ``item``'s donors at once (``shares`` by donor link id; a link left out
    keeps its share): every donor's share, adding up to at most 100%, or none. Each changed link is
    audited; nothing is written if the whole is refused."""
    links = list(item.donor_links.select_for_update().order_by("pk"))
    unknown = set(shares) - {link.pk for link in links}
    if unknown:
        raise ValidationError(
            {"share": _("These donors are not donors of this item: %(ids)s") % {"ids": sorted(unknown)}}
        )
    final = {link.pk: shares.get(link.pk, link.share) for link in links}
    donor_shares_check(list(final.values()))
    changed = []
    for link in links:
        if link.share == final[link.pk]:
            continue
        link.shares_checked = True
        changed.append(model_update(instance=link, data={"share": final[link.pk]}, actor=actor))
    return changed


def _check_disbursement(tx: AidTransaction) -> AidTransaction:
    """Sets ``tx.warning`` and records an ``aid.over_disbursed`` event when the item's disbursements
    exceed its commitments; the money is kept all the same.

    Amounts in one currency are compared as they are; in several, in USD through the rate table
    at each transaction's date. Where a rate is missing the check says it could not be made.
    """
    tx.warning = ""
    if tx.kind != TransactionKind.DISBURSEMENT:
        return tx
    rows = list(tx.item.transactions.all())
    currencies = {row.currency for row in rows}
    base = tx.currency if currencies == {tx.currency} else "USD"
    book = RateBook.load(currencies | {base})
    totals: dict[str, Decimal] = {TransactionKind.COMMITMENT: Decimal("0"), TransactionKind.DISBURSEMENT: Decimal("0")}
    for row in rows:
        conversion = book.convert(row.amount, row.currency, row.date, base)
        if conversion.missing:
            currency, _target, year = conversion.missing
            tx.warning = _(
                "Could not compare the disbursements with the commitments: no exchange rate for %(currency)s in %(year)s."
            ) % {"currency": currency, "year": year}
            return tx
        totals[row.kind] += conversion.amount or Decimal("0")
    committed, disbursed = totals[TransactionKind.COMMITMENT], totals[TransactionKind.DISBURSEMENT]
    if disbursed > committed:
        tx.warning = _("Disbursed %(disbursed)s %(currency)s exceeds the commitment of %(committed)s %(currency)s.") % {
            "disbursed": disbursed,
            "committed": committed,
            "currency": base,
        }
        event_record(
            instance=tx.item,
            event="aid.over_disbursed",
            message=tx.warning,
            data={"currency": base, "committed": str(committed), "disbursed": str(disbursed)},
        )
    return tx


@transaction.atomic
def aid_transaction_create(*, actor, data: dict) -> AidTransaction:
    """Record a commitment or disbursement; a disbursement above the commitment is kept, with a warning event."""
    return _check_disbursement(model_create(model=AidTransaction, data=data, actor=actor))


@transaction.atomic
def aid_transaction_update(
    *, actor, instance: AidTransaction, data: dict, expected_version: int | None = None
) -> AidTransaction:
    """Correct a commitment or disbursement; the same over-disbursement warning as on recording it."""
    tx = model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)
    return _check_disbursement(tx)


@transaction.atomic
def workflow_copy(*, actor, workflow: Workflow, units: list, name: str = "") -> Workflow:
    """A new workflow for ``units`` with the steps and transitions of ``workflow`` (e.g. the national
    one, for a province to adapt); every record written is audited, plus an ``aid.workflow_copied``
    event on the copy. The edge has checked that ``actor`` may write workflows for ``units``."""
    if not units:
        raise ValidationError({"units": _("Choose the units the copy applies to.")})
    workflow_overlap_check(valid_from=workflow.valid_from, valid_to=workflow.valid_to, units=units, field="units")
    label = ", ".join(str(unit) for unit in units)
    copy = model_create(
        model=Workflow,
        actor=actor,
        data={
            "name": name or f"{workflow.name} – {label}"[:200],
            "legal_basis": workflow.legal_basis,
            "valid_from": workflow.valid_from,
            "valid_to": workflow.valid_to,
            "notes": workflow.notes,
            "units": units,
        },
    )
    for step in workflow.steps.all():
        model_create(
            model=WorkflowStep,
            actor=actor,
            data={"workflow": copy, "status": step.status, "body": step.body, "deadline_days": step.deadline_days},
        )
    for move in workflow.transitions.all():
        model_create(
            model=WorkflowTransition,
            actor=actor,
            data={
                "workflow": copy,
                "from_status": move.from_status,
                "to_status": move.to_status,
                "roles": list(move.roles),
                "required_fields": list(move.required_fields),
            },
        )
    event_record(
        instance=copy,
        event="aid.workflow_copied",
        message=str(workflow),
        data={"from": workflow.pk, "units": [unit.pk for unit in units]},
    )
    return copy


def user_roles_for_item(user, item: AidItem) -> set[str]:
    """The roles ``user`` holds over ``item``'s unit (through the unit, an ancestor or a merged unit)."""
    return {
        m.role
        for m in Membership.objects.filter(user=user, unit__deleted_at__isnull=True).select_related("unit")
        if item.unit_id in unit_descendant_ids(m.unit)
    }


def available_transitions(*, user, item: AidItem, on: date | None = None) -> list[WorkflowTransition]:
    """The moves ``user`` may make on ``item`` now, under the workflow in force."""
    workflow = workflow_for(item=item, on=on or timezone.localdate())
    if workflow is None:
        return []
    roles = user_roles_for_item(user, item)
    return [
        t for t in workflow.transitions.filter(from_status=item.status) if user.is_superuser or roles & set(t.roles)
    ]


class TransitionNotAllowed(ValidationError):
    """The workflow in force does not give the actor's role this move."""


@dataclass
class TransitionResult:
    item: AidItem
    warnings: list[str] = field(default_factory=list)


def registration_warnings(*, item: AidItem, on: date) -> list[str]:
    """Warnings about foreign NGO donors whose certificate does not cover the approval."""
    warnings = []
    item_provinces = set()
    for location in item.locations.all():
        try:
            item_provinces.add(current_province_for(location))
        except location.DoesNotExist:
            continue
    sectors = list(item.sectors.all())
    for link in item.donor_links.select_related("organisation"):
        org = link.organisation
        if org.kind != OrganisationKind.FOREIGN_NGO:
            continue
        registrations = list(org.registrations.prefetch_related("provinces"))
        if not registrations:
            warnings.append(_("%(org)s has no registration certificate on record.") % {"org": org})
            continue
        valid = [r for r in registrations if r.is_valid_on(on)]
        if not valid:
            last = max(registrations, key=lambda r: r.valid_until)
            warnings.append(
                _("The registration certificate %(number)s of %(org)s expired on %(date)s.")
                % {"number": last.number, "org": org, "date": last.valid_until.strftime("%d/%m/%Y")}
            )
            continue
        permitted = set()
        for registration in valid:
            for province in registration.provinces.all():
                try:
                    permitted.add(current_province_for(province))
                except province.DoesNotExist:
                    permitted.add(province)
        outside = sorted(p.name for p in item_provinces - permitted)
        if permitted and outside:
            warnings.append(
                _("%(org)s is not registered to work in %(provinces)s.") % {"org": org, "provinces": ", ".join(outside)}
            )
        fields = [fold(f) for r in valid for f in r.field_list]
        if fields and sectors and not any(_sector_matches(s, fields) for s in sectors):
            warnings.append(
                _("The sectors of this aid are outside the fields %(org)s is registered for.") % {"org": org}
            )
    return warnings


def _sector_matches(sector: Sector, fields: list[str]) -> bool:
    """A certificate field names a sector by its code, its DAC category code or (part of) its name."""
    names = {fold(sector.name), fold(sector.category_name)}
    return any(f in (sector.code, sector.category_code) or any(f and f in n for n in names) for f in fields)


@transaction.atomic
def aid_transition(*, actor, item: AidItem, to_status: str, data: dict | None = None) -> TransitionResult:
    """Move ``item`` to ``to_status`` if the workflow in force allows it to ``actor``'s role.

    Records the required data on the item, sets the next step's deadline, writes the
    ``aid.<status>`` audit event, and returns warnings (e.g. NGO certificates) that do not block.
    """
    data = data or {}
    today = timezone.localdate()
    item = AidItem.objects.select_for_update().get(pk=item.pk)
    workflow = workflow_for(item=item, on=today)
    if workflow is None:
        raise ValidationError(_("No aid workflow is in force for this unit."))
    move = workflow.transitions.filter(from_status=item.status, to_status=to_status).first()
    if move is None:
        raise ValidationError(
            {
                "to_status": _("%(workflow)s does not allow moving from %(from)s to %(to)s.")
                % {
                    "workflow": workflow,
                    "from": item.get_status_display(),
                    "to": AidStatus(to_status).label if to_status in AidStatus.values else to_status,
                }
            }
        )
    if not actor.is_superuser and not (user_roles_for_item(actor, item) & set(move.roles)):
        raise TransitionNotAllowed(
            {
                "to_status": _("Your role may not make this move; it is reserved to: %(roles)s.")
                % {"roles": ", ".join(move.role_labels())}
            }
        )
    errors = {}
    for name in move.required_fields:
        if data.get(name) in (None, ""):
            errors[name] = _("Required for this step: %(field)s.") % {"field": TRANSITION_FIELDS[name]}
    decision_date = data.get("decision_date")
    if decision_date and not isinstance(decision_date, date):
        errors["decision_date"] = _("Enter a valid date.")
    elif decision_date and decision_date > today:
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)

    warnings = registration_warnings(item=item, on=decision_date or today) if to_status == AidStatus.APPROVED else []
    before = item.status
    for name in ("decision_number", "decision_date", "approving_body"):
        if data.get(name) not in (None, ""):
            setattr(item, name, data[name])
    item.status = to_status
    item.status_since = today
    step = workflow.steps.filter(status=to_status).first()
    item.status_deadline = today + timedelta(days=step.deadline_days) if step and step.deadline_days else None
    item.full_clean()
    item.save()
    event_record(
        instance=item,
        event=f"aid.{to_status}",
        message=str(data.get("note", "")),
        data={
            "from": before,
            "to": to_status,
            "workflow": workflow.name,
            **{k: str(v) for k, v in data.items() if k in TRANSITION_FIELDS and v not in (None, "")},
            "warnings": warnings,
        },
    )
    return TransitionResult(item=item, warnings=warnings)
