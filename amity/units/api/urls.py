from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from amity.core.api import AmitySerializer, AmityViewSet

from ..models import Membership, Unit
from ..views import UnitFilterSet

app_name = "units-api"


class UnitSerializer(AmitySerializer):
    path = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        exclude = ["deleted_at"]


class UnitViewSet(AmityViewSet):
    """Units in the user's subtree (and those merged into it)."""

    queryset = Unit.objects.select_related("parent")
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    ordering_fields = ["path", "name"]


class MembershipSerializer(AmitySerializer):
    class Meta:
        model = Membership
        exclude = ["deleted_at"]


class MembershipViewSet(AmityViewSet):
    """Who holds which role where; only administrators of a unit manage it."""

    queryset = Membership.objects.select_related("user", "unit")
    serializer_class = MembershipSerializer
    filterset_fields = ["unit", "role"]

    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "manage")


router = DefaultRouter()
router.register("units", UnitViewSet)
router.register("memberships", MembershipViewSet)
urlpatterns = router.urls
