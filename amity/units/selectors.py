"""The unit tree as a user may see it, and where their new records belong."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Membership, Unit


def unit_list(*, user, action: str = "view") -> QuerySet[Unit]:
    return Unit.objects.restrict(user, action).select_related("parent", "province", "successor")


def access_unit(*, user, pk: int, action: str = "view") -> Unit:
    return get_object_or_404(unit_list(user=user, action=action), pk=pk)


def primary_unit(user) -> Unit | None:
    """The unit new records default to: the user's highest-placed membership."""
    membership = (
        Membership.objects.restrict(user).filter(user=user).select_related("unit").order_by("unit__path").first()
    )
    return membership.unit if membership else None
