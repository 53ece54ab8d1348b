"""The unit tree as a user may see it, and where their new records belong."""

import copy

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from amity.core.access import member_unit_ids

from .models import Membership, Unit
from .rollup import kept_units


def unit_list(*, user, action: str = "view") -> QuerySet[Unit]:
    return Unit.objects.restrict(user, action).select_related("parent", "province", "successor")


def access_unit(*, user, pk: int, action: str = "view") -> Unit:
    return get_object_or_404(unit_list(user=user, action=action), pk=pk)


def user_account_list(*, user) -> QuerySet:
    """The accounts ``user`` administers: those holding a role in a unit of their administrators'
    reach, each with its roles there; every account for a superuser. Other superusers (the
    operators' accounts) only a superuser sees."""
    reach = Membership.objects.restrict(user, "manage")
    accounts = get_user_model().objects.prefetch_related(
        Prefetch("memberships", queryset=reach.select_related("unit").order_by("unit__path"), to_attr="roles_seen")
    )
    if not user.is_superuser:
        accounts = accounts.filter(is_superuser=False, pk__in=reach.values("user_id"))
    return accounts.order_by("username")


def may_change_account(*, user, account) -> bool:
    """Whether every role ``account`` holds is in ``user``'s administrators' reach: a provincial
    administrator does not close or reset the account of someone who also works for another union."""
    if user.is_superuser:
        return True
    reach = Membership.objects.restrict(user, "manage").values("pk")
    return not account.memberships.exclude(pk__in=reach).exists()


def access_user_account(*, user, pk: int, action: str = "view"):
    """One account ``user`` administers (404 otherwise); to change it (``action="change"``), one
    they may change (``may_change_account``; 403, saying why)."""
    account = get_object_or_404(user_account_list(user=user), pk=pk)
    if action != "view" and not may_change_account(user=user, account=account):
        raise PermissionDenied(_("This account also has roles in units you do not administer."))
    return account


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
