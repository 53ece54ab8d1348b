"""Writes of union life. Each takes the acting user; callers (screens, API, the press module's
fact confirmation, the demo) have checked the right."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amity.audit.services import event_record
from amity.core.access import user_can
from amity.core.services import model_create, model_update
from amity.core.text import fold
from amity.registry.services import person_create

from .models import Congress, ElectedBody, ElectedRole, Metric, StatedFigure
from .roster import RosterLine


@transaction.atomic
def congress_create(*, actor, data: dict[str, Any]) -> Congress:
    """Record a congress and the term it opens; refused with the field named when the term overlaps
    another of the unit's or the ordinal is out of sequence. ``source_*`` say where it is known from."""
    return model_create(model=Congress, data=data, actor=actor)


@transaction.atomic
def congress_update(
    *, actor, instance: Congress, data: dict[str, Any], expected_version: int | None = None
) -> Congress:
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


@transaction.atomic
def elected_body_create(*, actor, data: dict[str, Any]) -> ElectedBody:
    return model_create(model=ElectedBody, data=data, actor=actor)


@transaction.atomic
def elected_role_create(*, actor, data: dict[str, Any]) -> ElectedRole:
    """Place a person of the registry in a body; the person must belong to the congress's unit subtree."""
    person, body = data.get("person"), data.get("body")
    if person is not None and body is not None and not person.unit.path.startswith(body.congress.unit.path):
        raise ValidationError({"person": _("Choose a person recorded by %(unit)s.") % {"unit": body.congress.unit}})
    return model_create(model=ElectedRole, data=data, actor=actor)


@transaction.atomic
def elected_roles_enter(
    *, actor, body: ElectedBody, lines: list[RosterLine], start: date, dry_run: bool = False
) -> list[ElectedRole]:
    """The people of a list (``selectors.roster_read``) placed in ``body`` from ``start``, a line
    naming no one of the registry adding a new person of the union; all or nothing. What the
    body's rules or the registry's refuse is written on its line (``problem``) and the whole is
    refused naming each line. ``dry_run`` makes the same writes and rolls them back: the preview
    shows the refusals the confirmation would meet, and writes nothing."""
    unit = body.congress.unit
    roles = []
    added: dict[str, Any] = {}  # a new person named on two lines is one person, twice in the body
    for line in lines:
        if line.problem or (line.to_choose and dry_run):
            continue
        if line.to_choose:
            line.problem = _("Choose the person this line names.")
        elif line.is_new and not user_can(actor, "add", unit.pk):
            line.problem = _("You may not add people to the registry of %(unit)s.") % {"unit": unit}
        else:
            try:
                with transaction.atomic():
                    person = line.person or added.get(fold(line.name))
                    if person is None:
                        person = person_create(actor=actor, data={"unit": unit, "full_name": line.name})
                        added[fold(line.name)] = person
                    data = {"body": body, "person": person, "position": line.position, "start": start}
                    roles.append(elected_role_create(actor=actor, data=data))
            except ValidationError as exc:
                line.problem = " ".join(exc.messages)
    if dry_run:
        transaction.set_rollback(True)
        return roles
    if refused := [line for line in lines if line.problem]:
        raise ValidationError(
            [
                _("Line %(number)s (%(text)s): %(problem)s")
                % {"number": line.number, "text": line.text, "problem": line.problem}
                for line in refused
            ]
        )
    event_record(
        instance=body,
        event="union.roles_entered",
        data={"roles": len(roles), "new_people": sum(line.is_new for line in lines), "start": start.isoformat()},
    )
    return roles


@transaction.atomic
def elected_role_replace(
    *, actor, role: ElectedRole, person, on: date, position: str | None = None, notes: str = ""
) -> ElectedRole:
    """Replace the holder of ``role`` during the term from ``on``: the old role ends the day before,
    the new one names the role it replaces. All or nothing."""
    role = ElectedRole.objects.select_for_update().get(pk=role.pk)
    if on <= role.start or (role.end and on > role.end + timedelta(days=1)):
        raise ValidationError({"on": _("The replacement must start after the role began and before it ended.")})
    model_update(instance=role, data={"end": on - timedelta(days=1)}, actor=actor)
    new = elected_role_create(
        actor=actor,
        data={
            "body": role.body,
            "person": person,
            "position": position or role.position,
            "start": on,
            "replaces": role,
            "notes": notes,
        },
    )
    event_record(instance=new, event="union.role_replaced", data={"replaces": role.pk, "on": on.isoformat()})
    return new


@transaction.atomic
def metric_create(*, actor, data: dict[str, Any]) -> Metric:
    return model_create(model=Metric, data=data, actor=actor)


@transaction.atomic
def stated_figure_create(*, actor, data: dict[str, Any]) -> StatedFigure:
    """Record a figure as a union states it (value, qualifier, period or date, source). Refused with
    the field named: money without currency, "about" on an exact metric, a day in a month-precision
    date, no period. The press module calls this with ``source_kind="article"`` and the article's
    address, title and date."""
    return model_create(model=StatedFigure, data=data, actor=actor)


@transaction.atomic
def stated_figure_update(
    *, actor, instance: StatedFigure, data: dict[str, Any], expected_version: int | None = None
) -> StatedFigure:
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)
