"""The unit tree as a user may see it, and where their new records belong."""

import copy

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from amity.core.access import member_unit_ids

from .models import Membership, Unit
from .rollup import kept_units


def unit_list(*, user, action: str = "view") -> QuerySet[Unit]:
    return Unit.objects.restrict(user, action).select_related("parent", "province", "successor")


def access_unit(*, user, pk: int, action: str = "view") -> Unit:
    return get_object_or_404(unit_list(user=user, action=action), pk=pk)


def primary_unit(user) -> Unit | None:
    """The unit new records default to: the user's highest-placed membership. Every role may view
    its own unit, so the user's memberships in live units (read once per request for their reach)
    name it among the units the request has read already: no query of its own."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:  # reaches every unit: a membership in a deleted unit counts as well
        membership = (
            Membership.objects.restrict(user).filter(user=user).select_related("unit").order_by("unit__path").first()
        )
        return membership.unit if membership else None
    member_ids = member_unit_ids(user, "view")
    units = kept_units() if member_ids else {}
    own = [units[pk] for pk in member_ids if pk in units]
    return copy.copy(min(own, key=lambda unit: unit.path)) if own else None
