"""Writes of union life. Each takes the acting user; callers (screens, API, the press module's
fact confirmation, the demo) have checked the right."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amity.audit.services import event_record
from amity.core.services import model_create, model_update

from .models import Congress, ElectedBody, ElectedRole, Metric, StatedFigure


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
