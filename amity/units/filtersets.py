"""Filters of the unit tree and its memberships, for the screens and the API."""

from amity.core.filtersets import AmityFilterSet

from .models import Membership, Unit


class UnitFilterSet(AmityFilterSet):
    class Meta:
        model = Unit
        fields = ["kind", "province"]


class MembershipFilterSet(AmityFilterSet):
    class Meta:
        model = Membership
        fields = ["unit", "role"]
