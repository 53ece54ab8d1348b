"""Serializers other apps' figures endpoints share."""

from rest_framework import serializers


class RollupRowSerializer(serializers.Serializer):
    """A row of figures by union of a day (``units.rollup``): the union and how many records it holds."""

    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
