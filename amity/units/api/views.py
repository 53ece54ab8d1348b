"""Viewsets of the unit tree and its memberships."""

from amity.core.api import AmityViewSet

from ..filtersets import UnitFilterSet
from ..models import Membership, Unit
from .serializers import MembershipSerializer, UnitSerializer


class UnitViewSet(AmityViewSet):
    """Units in the user's subtree (and those merged into it)."""

    queryset = Unit.objects.select_related("parent")
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    ordering_fields = ["path", "name"]


class MembershipViewSet(AmityViewSet):
    """Who holds which role where; only administrators of a unit manage it."""

    queryset = Membership.objects.select_related("user", "unit")
    serializer_class = MembershipSerializer
    filterset_fields = ["unit", "role"]

    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "manage")
