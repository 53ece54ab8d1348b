"""Filters of countries, administrative units and country groups, for the screens and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet
from amity.core.text import fold

from .models import AdminUnit, Country, CountryGroup, Region


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Name"))
    sub_region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(parent__isnull=False), label=_("Sub-region")
    )

    class Meta:
        model = Country
        fields = ["q", "sub_region"]

    def filter_name(self, qs, name, value):
        return qs.filter(
            Q(name_vi__icontains=value)
            | Q(name_en__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(name_ru__icontains=value)
            | Q(iso_alpha2__iexact=value)
        )


class AdminUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="search_name", lookup_expr="contains", method="filter_name", label=_("Name")
    )

    class Meta:
        model = AdminUnit
        fields = ["q", "level"]

    def filter_name(self, qs, name, value):
        return qs.filter(search_name__contains=fold(value))


class CountryGroupFilterSet(AmityFilterSet):
    class Meta:
        model = CountryGroup
        fields = ["countries"]
