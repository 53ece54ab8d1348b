"""Serializers of the unit tree and its memberships, and the roll-up row other apps' figures endpoints share."""

from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..models import Membership, Unit


class RollupRowSerializer(serializers.Serializer):
    """A row of figures by union of a day (``units.rollup``): the union and how many records it holds."""

    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()


class UnitSerializer(AmitySerializer):
    path = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        exclude = ["deleted_at"]


class MembershipSerializer(AmitySerializer):
    class Meta:
        model = Membership
        exclude = ["deleted_at"]
