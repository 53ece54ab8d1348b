"""Tables of countries, administrative units and country groups."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.tables import Table

from .models import AdminUnit, Country, CountryGroup


class CountryTable(Table):
    name = tables.Column(accessor="name", linkify=True, orderable=False, verbose_name=_("name"))

    class Meta:
        model = Country
        fields = ["iso_alpha2", "name", "name_vi", "name_en", "name_zh", "name_ru", "sub_region"]
        attrs = {"class": "table table-sm table-striped"}


class AdminUnitTable(Table):
    full_name = tables.Column(linkify=True)

    class Meta:
        model = AdminUnit
        fields = ["code", "full_name", "level", "parent", "valid_from", "valid_to"]
        attrs = {"class": "table table-sm table-striped"}


class CountryGroupTable(Table):
    name = tables.Column(linkify=True)
    countries = tables.ManyToManyColumn()

    class Meta:
        model = CountryGroup
        fields = ["name", "countries"]
        attrs = {"class": "table table-sm table-striped"}
