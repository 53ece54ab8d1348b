from django.utils.translation import gettext as _
from rest_framework import serializers

from amity.core.api import AmitySerializer
from amity.core.dates import PartialDateSerializerMixin

from ..models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay


class ActivitySerializer(PartialDateSerializerMixin, AmitySerializer):
    partial_dates = ("start_date",)

    class Meta:
        model = Activity
        exclude = ["deleted_at", "search_name"]

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [_("The end date is before the start date.")]})
        return attrs


class ActivityAttachmentSerializer(AmitySerializer):
    class Meta:
        model = ActivityAttachment
        exclude = ["deleted_at"]


class DiplomaticRelationSerializer(AmitySerializer):
    class Meta:
        model = DiplomaticRelation
        exclude = ["deleted_at"]


class NationalDaySerializer(AmitySerializer):
    class Meta:
        model = NationalDay
        exclude = ["deleted_at"]


class CalendarItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    years = serializers.IntegerField(allow_null=True)
    is_round = serializers.BooleanField()
    precision = serializers.CharField()
    country = serializers.CharField(source="country.iso_alpha2", allow_null=True, default=None)
