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
from amity.core.formatting import format_day
from amity.core.money import RateBook
from amity.core.services import model_create, model_update
from amity.core.text import fold
from amity.geo.models import AdminUnit
from amity.geo.selectors import current_province_for
from amity.registry.choices import OrganisationKind
from amity.registry.models import NGORegistration
from amity.units.models import Membership

from .choices import HISTORIC_STATUSES, TRANSITION_FIELDS, AidStatus, TransactionKind
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
    sector_aliases,
    workflow_overlap_check,
)
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
def aid_item_record_afterwards(*, actor, data: dict, status: str) -> AidItem:
    """Enter aid decided before the workflow in force existed (the 2018–2023 items, before Decree
    313/2025) with the status and decision it has had since, marked ``recorded_afterwards``: no steps
    of today's workflow are walked. Refused, keyed by field, without a decision date or where the
    workflow in force today already governed that date (such aid takes its steps)."""
    decided_on = data.get("decision_date")
    errors: dict[str, str] = {}
    if status not in HISTORIC_STATUSES:
        errors["status"] = _("Aid recorded afterwards has a decided status: approved, in implementation, completed…")
    if not decided_on:
        errors["decision_date"] = _("Aid recorded afterwards needs the date of its decision.")
    elif data.get("unit") is not None:
        workflow = workflow_for(item=AidItem(unit=data["unit"]), on=timezone.localdate())
        if workflow is not None and (workflow.valid_from is None or workflow.valid_from <= decided_on):
            errors["decision_date"] = _(
                "The workflow “%(workflow)s” already governed decisions of %(date)s: record the item and take its steps."
            ) % {"workflow": workflow.name, "date": format_day(decided_on)}
    if errors:
        raise ValidationError(errors)
    item = model_create(
        model=AidItem,
        data={**data, "status": status, "status_since": decided_on, "recorded_afterwards": True},
        actor=actor,
    )
    event_record(
        instance=item,
        event="aid.recorded_afterwards",
        data={"status": status, "decision_date": str(decided_on), "decision_number": item.decision_number},
    )
    return item


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


@dataclass
class DisbursementCheck:
    """What comparing an item's disbursements with its commitments found: ``warning`` is empty when
    they are within it; ``exceeded`` carries the event data when they are not."""

    warning: str = ""
    exceeded: dict | None = None


def disbursement_check(*, transactions, book: RateBook) -> DisbursementCheck:
    """The one over-disbursement rule, for a screen's single transaction and an import's rows alike.

    ``transactions`` are (kind, amount, currency, date). Amounts in one currency are compared as
    they are; in several, in USD through the rate table at each transaction's date. Where a rate
    is missing the check says it could not be made.
    """
    transactions = list(transactions)
    currencies = {currency for _kind, _amount, currency, _day in transactions}
    base = next(iter(currencies)) if len(currencies) == 1 else "USD"
    totals = {TransactionKind.COMMITMENT: Decimal("0"), TransactionKind.DISBURSEMENT: Decimal("0")}
    for kind, amount, currency, day in transactions:
        if currency == base:  # nothing to convert (an import checks thousands of rows)
            totals[kind] += amount
            continue
        conversion = book.convert(amount, currency, day, base)
        if conversion.missing:
            currency, _target, year = conversion.missing
            return DisbursementCheck(
                warning=_(
                    "Could not compare the disbursements with the commitments: "
                    "no exchange rate for %(currency)s in %(year)s."
                )
                % {"currency": currency, "year": year}
            )
        totals[kind] += conversion.amount or Decimal("0")
    committed, disbursed = totals[TransactionKind.COMMITMENT], totals[TransactionKind.DISBURSEMENT]
    if disbursed <= committed:
        return DisbursementCheck()
    warning = _("Disbursed %(disbursed)s %(currency)s exceeds the commitment of %(committed)s %(currency)s.") % {
        "disbursed": disbursed,
        "committed": committed,
        "currency": base,
    }
    return DisbursementCheck(
        warning=warning, exceeded={"currency": base, "committed": str(committed), "disbursed": str(disbursed)}
    )


def _check_disbursement(tx: AidTransaction) -> AidTransaction:
    """Sets ``tx.warning`` and records an ``aid.over_disbursed`` event when the item's disbursements
    exceed its commitments (``disbursement_check``); the money is kept all the same."""
    tx.warning = aid_disbursements_check(item=tx.item) if tx.kind == TransactionKind.DISBURSEMENT else ""
    return tx


def aid_disbursements_check(*, item: AidItem) -> str:
    """``disbursement_check`` on all of ``item``'s money; an ``aid.over_disbursed`` event when it is
    exceeded. Returns the warning, if any."""
    rows = [(row.kind, row.amount, row.currency, row.date) for row in item.transactions.all()]
    if not any(kind == TransactionKind.DISBURSEMENT for kind, *_rest in rows):
        return ""
    check = disbursement_check(transactions=rows, book=RateBook.load({row[2] for row in rows} | {"USD"}))
    if check.exceeded:
        event_record(instance=item, event="aid.over_disbursed", message=check.warning, data=check.exceeded)
    return check.warning


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


def status_route(
    *, workflow: Workflow | None, roles: set[str], superuser: bool, from_status: str, to_status: str, field: str
) -> list[WorkflowTransition]:
    """The fewest moves of ``workflow`` from one status to another that the actor may all make.

    An import that sets a status makes these moves at once, so it needs the rights, and the data,
    that each of them needs on a screen. Raises ``TransitionNotAllowed`` when a move on every way
    there is reserved to other roles, ``ValidationError`` when the workflow leads nowhere there;
    both keyed by ``field``.
    """
    if from_status == to_status:
        return []
    label = {"from": AidStatus(from_status).label, "to": AidStatus(to_status).label}
    if workflow is None:
        raise ValidationError({field: _("No aid workflow is in force for this unit.")})
    moves = list(workflow.transitions.all())

    def shortest(allowed) -> list[WorkflowTransition] | None:
        routes: dict[str, list] = {from_status: []}
        frontier = [from_status]
        while frontier:
            following = []
            for status in frontier:
                for move in moves:
                    if move.from_status == status and move.to_status not in routes and allowed(move):
                        routes[move.to_status] = [*routes[status], move]
                        following.append(move.to_status)
            if to_status in routes:
                return routes[to_status]
            frontier = following
        return None

    route = shortest(lambda move: superuser or bool(roles & set(move.roles)))
    if route is not None:
        return route
    route = shortest(lambda move: True)
    if route is None:
        raise ValidationError(
            {field: _("%(workflow)s does not lead from %(from)s to %(to)s.") % {"workflow": workflow, **label}}
        )
    reserved = sorted({str(role) for move in route if not roles & set(move.roles) for role in move.role_labels()})
    raise TransitionNotAllowed(
        {
            field: _(
                "Your role may not take an item from %(from)s to %(to)s; a step on the way is reserved to: %(roles)s."
            )
            % {**label, "roles": ", ".join(reserved)}
        }
    )


def route_required_fields(route: list[WorkflowTransition]) -> list[str]:
    """The item data the moves of a route ask for, in order, each once (the note is the import's own)."""
    names: list[str] = []
    for move in route:
        names.extend(name for name in move.required_fields if name != "note" and name not in names)
    return names


@dataclass
class TransitionResult:
    item: AidItem
    warnings: list[str] = field(default_factory=list)


class CertificateCheck:
    """Foreign NGO donors' registration certificates against an item's places and sectors: read
    once, then asked for one item (a transition) or for every row of an import."""

    def __init__(self, organisations):
        self.ngos = {org.pk: org for org in organisations if org.kind == OrganisationKind.FOREIGN_NGO}
        self.registrations: dict[int, list] = {pk: [] for pk in self.ngos}
        for registration in NGORegistration.objects.filter(organisation__in=list(self.ngos)).prefetch_related(
            "provinces"
        ):
            self.registrations[registration.organisation_id].append(registration)
        self._provinces: dict[int, AdminUnit | None] = {}

    def _province(self, place: AdminUnit) -> AdminUnit | None:
        if place.pk not in self._provinces:
            try:
                self._provinces[place.pk] = current_province_for(place)
            except AdminUnit.DoesNotExist:
                self._provinces[place.pk] = None
        return self._provinces[place.pk]

    def warnings(self, *, donors, locations, sectors, on: date) -> list[str]:
        """Warnings about the foreign NGO donors whose certificate does not cover the approval."""
        warnings = []
        item_provinces = {p for p in (self._province(place) for place in locations) if p is not None}
        for org in donors:
            if org.pk not in self.ngos:
                continue
            registrations = self.registrations[org.pk]
            if not registrations:
                warnings.append(_("%(org)s has no registration certificate on record.") % {"org": org})
                continue
            valid = [r for r in registrations if r.is_valid_on(on)]
            if not valid:
                last = max(registrations, key=lambda r: r.valid_until)
                warnings.append(
                    _("The registration certificate %(number)s of %(org)s expired on %(date)s.")
                    % {"number": last.number, "org": org, "date": format_day(last.valid_until)}
                )
                continue
            permitted = {self._province(p) or p for r in valid for p in r.provinces.all()}
            outside = sorted(p.name for p in item_provinces - permitted)
            if permitted and outside:
                warnings.append(
                    _("%(org)s is not registered to work in %(provinces)s.")
                    % {"org": org, "provinces": ", ".join(outside)}
                )
            fields = [fold(f) for r in valid for f in r.field_list]
            if fields and sectors and not any(_sector_matches(s, fields) for s in sectors):
                warnings.append(
                    _("The sectors of this aid are outside the fields %(org)s is registered for.") % {"org": org}
                )
        return warnings


def registration_warnings(*, item: AidItem, on: date) -> list[str]:
    """Warnings about foreign NGO donors whose certificate does not cover the approval."""
    donors = [link.organisation for link in item.donor_links.select_related("organisation")]
    return CertificateCheck(donors).warnings(
        donors=donors, locations=list(item.locations.all()), sectors=list(item.sectors.all()), on=on
    )


def _sector_matches(sector: Sector, fields: list[str]) -> bool:
    """A certificate field names a sector by its code, its DAC category code or (part of) its name,
    in English or in a language Amity translates it to ("giáo dục")."""
    names = {fold(sector.name), fold(sector.category_name)}
    names.update(fold(alias) for alias in sector_aliases(sector.code, sector.category_code))
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
    status_dates(item=item, workflow=workflow, today=today)
    item.full_clean()
    item.save()
    event_record(
        instance=item,
        event=f"aid.{to_status}",
        message=str(data.get("note", "")),
        data=transition_event_data(
            workflow=workflow, from_status=before, to_status=to_status, data=data, warnings=warnings
        ),
    )
    return TransitionResult(item=item, warnings=warnings)


def transition_event_data(*, workflow: Workflow, from_status: str, to_status: str, data: dict, warnings: list) -> dict:
    """What an ``aid.<status>`` event records of a move, whichever channel made it."""
    return {
        "from": from_status,
        "to": to_status,
        "workflow": workflow.name,
        **{k: str(v) for k, v in data.items() if k in TRANSITION_FIELDS and v not in (None, "")},
        "warnings": warnings,
    }


def status_dates(*, item: AidItem, workflow: Workflow, today: date) -> None:
    """Set when ``item`` reached its status and when the next step is due (the workflow's step)."""
    item.status_since, item.status_deadline = status_reached(status=item.status, workflow=workflow, today=today)


def status_reached(*, status: str, workflow: Workflow, today: date) -> tuple[date, date | None]:
    """An item reaching ``status`` today: since when it holds it, and when its next step is due."""
    step = next((s for s in workflow.steps.all() if s.status == status), None)
    return today, today + timedelta(days=step.deadline_days) if step and step.deadline_days else None


@transaction.atomic
def aid_status_import(*, actor, item: AidItem, to_status: str) -> TransitionResult:
    """Set the status a file (IATI) gives ``item`` by the workflow's moves, as ``aid_transition``
    makes them one at a time: each allowed to ``actor``'s role, each with the decision data it
    needs (already on ``item``, which is saved), an ``aid.<status>`` event per move, certificate
    warnings on approval. Errors are keyed "status" or by the missing field."""
    today = timezone.localdate()
    current = AidItem.objects.filter(pk=item.pk).values_list("status", flat=True).first() if item.pk else None
    from_status = current or AidStatus.PROPOSED
    workflow = workflow_for(item=item, on=today)
    route = status_route(
        workflow=workflow,
        roles=user_roles_for_item(actor, item),
        superuser=actor.is_superuser,
        from_status=from_status,
        to_status=to_status,
        field="status",
    )
    missing = {
        name: _("Required for the status %(status)s: %(field)s.")
        % {"status": AidStatus(to_status).label, "field": TRANSITION_FIELDS[name]}
        for name in route_required_fields(route)
        if getattr(item, name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    if not route:
        return TransitionResult(item=item)
    assert workflow is not None  # status_route makes no move without one
    item.status = to_status
    status_dates(item=item, workflow=workflow, today=today)
    item.save()
    warnings = []
    if any(move.to_status == AidStatus.APPROVED for move in route):
        warnings = registration_warnings(item=item, on=item.decision_date or today)
    data = {name: getattr(item, name) for name in TRANSITION_FIELDS if name != "note"}
    for move in route:
        event_record(
            instance=item,
            event=f"aid.{move.to_status}",
            data=transition_event_data(
                workflow=workflow,
                from_status=move.from_status,
                to_status=move.to_status,
                data={k: v for k, v in data.items() if k in move.required_fields},
                warnings=warnings if move.to_status == AidStatus.APPROVED else [],
            ),
        )
    return TransitionResult(item=item, warnings=warnings)
