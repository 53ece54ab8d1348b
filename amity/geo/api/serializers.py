"""Serializers of the geography API."""

from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..models import AdminUnit, Country, CountryGroup, Region


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
