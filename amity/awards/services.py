"""Writes of the awards register. Each takes the acting user; callers have checked the right."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.audit.services import event_record
from amity.core.formatting import format_day
from amity.core.services import model_create, model_update

from .choices import NOMINATION_MOVES, NominationStatus
from .models import Award, Decision, Nomination, registry_origin


def _check_nomination_for(*, nomination: Nomination, decision: Decision) -> None:
    """A decision answers a nomination only for the award type proposed."""
    if decision.award_type_id != nomination.award_type_id:
        raise ValidationError(
            {
                "decision": _("The nomination proposes %(proposed)s; this decision confers %(conferred)s.")
                % {"proposed": nomination.award_type, "conferred": decision.award_type}
            }
        )


@transaction.atomic
def award_create(*, actor, data: dict) -> Award:
    """Add a recipient to a decision. A nomination it names must have been approved (approving
    is a separate step, reserved to the roles that may take it) and must propose this recipient."""
    nomination = data.get("nomination")
    if nomination is not None:
        if nomination.status != NominationStatus.APPROVED:
            raise ValidationError(
                {
                    "nomination": _(
                        "This nomination is %(status)s: approve it with this decision from the nomination's page."
                    )
                    % {"status": nomination.get_status_display().lower()}
                }
            )
        if (data.get("person"), data.get("organisation")) != (nomination.person, nomination.organisation):
            raise ValidationError({"nomination": _("The nomination proposes another recipient.")})
        if data.get("decision") is not None:
            _check_nomination_for(nomination=nomination, decision=data["decision"])
    return model_create(model=Award, data=data, actor=actor)


@transaction.atomic
def awards_add(*, actor, decision: Decision, recipients: list[dict]) -> list[Award]:
    """Add several recipients to ``decision`` at once, all or nothing.

    Each row gives a ``person`` or an ``organisation``, optionally an ``origin`` (default: what
    the registry says of the recipient) and a ``citation``. If any row is invalid (origin at odds
    with the registry, already a recipient, named twice, neither or both given) nothing is written
    and the error names every bad row.
    """
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one person or organisation.")})
    errors, awards, seen = [], [], set()
    for number, row in enumerate(recipients, start=1):
        person, organisation = row.get("person"), row.get("organisation")
        award = Award(
            decision=decision,
            person=person,
            organisation=organisation,
            origin=row.get("origin") or registry_origin(person=person, organisation=organisation),
            citation=row.get("citation") or "",
        )
        key = ("person", person.pk) if person else ("organisation", organisation.pk) if organisation else None
        try:
            if key in seen:
                raise ValidationError(_("%(name)s is named twice.") % {"name": award.recipient})
            seen.add(key)
            award.full_clean()
        except ValidationError as exc:
            for message in exc.messages:
                errors.append(
                    _("Row %(row)s (%(name)s): %(error)s")
                    % {"row": number, "name": award.recipient or "–", "error": message}
                )
        awards.append(award)
    if errors:
        raise ValidationError({"recipients": errors})
    created = [
        model_create(
            model=Award,
            data={f: getattr(a, f) for f in ("decision", "person", "organisation", "origin", "citation")},
            actor=actor,
        )
        for a in awards
    ]
    event_record(instance=decision, event="award.recipients_added", data={"awards": [a.pk for a in created]})
    return created


@transaction.atomic
def decision_create(*, actor, data: dict) -> Decision:
    return model_create(model=Decision, data=data, actor=actor)


@transaction.atomic
def nomination_create(*, actor, data: dict) -> Nomination:
    return model_create(model=Nomination, data=data, actor=actor)


def _nomination_move(*, actor, nomination: Nomination, move: str, reason: str = "", data: dict | None = None):
    """Lock the nomination, check it is still open, set its new status and record the event."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.PROPOSED:
        raise ValidationError(
            {
                "status": _(
                    "This nomination is %(status)s since %(date)s: only a proposed nomination can be approved, "
                    "rejected or withdrawn."
                )
                % {
                    "status": nomination.get_status_display().lower(),
                    "date": format_day(nomination.status_since) if nomination.status_since else "?",
                }
            }
        )
    status = NOMINATION_MOVES[move][0]
    before = nomination.status
    nomination = model_update(
        instance=nomination,
        data={"status": status, "status_since": timezone.localdate(), "status_reason": reason},
        actor=actor,
    )
    event_record(
        instance=nomination,
        event=f"award.nomination_{status}",
        message=reason,
        data={"from": before, "to": status, **(data or {})},
    )
    return nomination


@transaction.atomic
def nomination_approve(*, actor, nomination: Nomination, decision: Decision, citation: str = "") -> Award:
    """Approve a proposed nomination by conferring the award on the nominee in ``decision``."""
    if nomination.status == NominationStatus.PROPOSED:
        _check_nomination_for(nomination=nomination, decision=decision)
    nomination = _nomination_move(
        actor=actor,
        nomination=nomination,
        move="approve",
        data={"decision": decision.pk, "decision_number": decision.number},
    )
    return model_create(
        model=Award,
        data={
            "decision": decision,
            "person": nomination.person,
            "organisation": nomination.organisation,
            "origin": nomination.origin,
            "nomination": nomination,
            "citation": citation,
        },
        actor=actor,
    )


@transaction.atomic
def nomination_reject(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Reject a proposed nomination; the reason is required and kept on the nomination."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the nomination.")})
    return _nomination_move(actor=actor, nomination=nomination, move="reject", reason=reason)


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, reason: str = "") -> Nomination:
    """The proposer withdraws a nomination that has not been decided."""
    return _nomination_move(actor=actor, nomination=nomination, move="withdraw", reason=(reason or "").strip())
