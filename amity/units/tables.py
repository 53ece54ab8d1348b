"""Tables of the unit tree and its memberships."""

import django_tables2 as tables

from amity.core.tables import Table

from .models import Membership, Unit


class UnitTable(Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "province", "partner_country", "valid_from", "valid_to", "successor"]
        attrs = {"class": "table table-sm table-striped"}


class MembershipTable(Table):
    user = tables.Column(linkify=False)
    unit = tables.Column(linkify=True)

    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]
        attrs = {"class": "table table-sm table-striped"}
