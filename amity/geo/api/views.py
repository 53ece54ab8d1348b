"""Viewsets of the geography API: reference data read by all, country groups written like records."""

from rest_framework import viewsets

from amity.core.api import AmityViewSet

from ..models import AdminUnit, Country, CountryGroup, Region
from .serializers import AdminUnitSerializer, CountryGroupSerializer, CountrySerializer, RegionSerializer


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
