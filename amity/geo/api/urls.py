from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from amity.core.api import AmitySerializer, AmityViewSet

from ..models import AdminUnit, Country, CountryGroup, Region

app_name = "geo-api"


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "parent", "name_vi", "name_en", "name_zh", "name_ru"]


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = [
            "id",
            "iso_alpha2",
            "iso_alpha3",
            "iso_numeric",
            "sub_region",
            "name_vi",
            "name_en",
            "name_zh",
            "name_ru",
        ]


class AdminUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "full_name", "level", "parent", "valid_from", "valid_to", "successors"]


class CountryGroupSerializer(AmitySerializer):
    class Meta:
        model = CountryGroup
        exclude = ["deleted_at"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = ["parent", "code"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166 countries with CLDR names in the four languages and their M49 sub-region."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_fields = ["iso_alpha2", "sub_region"]
    ordering_fields = ["name_en", "iso_alpha2"]


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, districts and communes before and after 1 July 2025."""

    queryset = AdminUnit.objects.prefetch_related("successors")
    serializer_class = AdminUnitSerializer
    filterset_fields = ["level", "code", "parent"]
    ordering_fields = ["name", "code"]


class CountryGroupViewSet(AmityViewSet):
    queryset = CountryGroup.objects.prefetch_related("countries")
    serializer_class = CountryGroupSerializer


router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("countries", CountryViewSet)
router.register("admin-units", AdminUnitViewSet)
router.register("country-groups", CountryGroupViewSet)
urlpatterns = router.urls
