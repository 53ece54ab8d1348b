from rest_framework import serializers

from amity.core.api import AmitySerializer
from amity.core.dates import PartialDateSerializerMixin
from amity.units.api.serializers import RollupRowSerializer

from ..models import Compatriot, Contribution, ErasureJob, RemittanceStat
from ..selectors import MASK


class CompatriotSerializer(AmitySerializer):
    """Personal fields are replaced by a mask for users without the personal right in the unit."""

    class Meta:
        model = Compatriot
        exclude = ["deleted_at", "search_name"]
        read_only_fields = ["erased_at", "merged_into"]

    def shown(self, data: dict) -> dict:
        personal_ids = self.context.get("personal_ids", frozenset())
        if personal_ids is not None and data["unit"] not in personal_ids:
            for name in Compatriot.personal_fields:
                if data.get(name) not in (None, ""):
                    data[name] = MASK
        return data


class EraseSerializer(serializers.Serializer):
    requested_on = serializers.DateField(help_text="the day the person asked for erasure")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ErasureJobSerializer(serializers.ModelSerializer):
    """An erasure on its way: ``stopped`` when its worker died (nothing was erased; POST the
    erasure again to run it anew)."""

    stopped = serializers.BooleanField(read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ErasureJob
        fields = ["id", "compatriot", "status", "percent", "stopped", "error", "created", "started", "finished"]


class MergeSerializer(serializers.Serializer):
    kept = serializers.IntegerField()
    duplicate = serializers.IntegerField()


class MergeRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kept = serializers.IntegerField(source="kept_id")
    merged = serializers.IntegerField(source="merged_id")
    moved_contributions = serializers.ListField(child=serializers.IntegerField())
    filled_fields = serializers.ListField(child=serializers.CharField())
    undone_at = serializers.DateTimeField(allow_null=True)


class DuplicatePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    birth_year = serializers.IntegerField(allow_null=True)


class DuplicateSerializer(serializers.Serializer):
    first = DuplicatePersonSerializer()
    second = DuplicatePersonSerializer()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    codes = serializers.ListField(child=serializers.CharField(), help_text="Reason codes, as in ``reasons``.")


class DuplicateScanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    stalled = serializers.BooleanField(help_text="No worker took it for a minute, or it stopped reporting.")
    percent = serializers.IntegerField()
    persons = serializers.IntegerField(help_text="Persons compared (once done).")
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField()


class DuplicateListSerializer(serializers.Serializer):
    scan = DuplicateScanSerializer(allow_null=True, help_text="The user's last search; null before the first.")
    results = DuplicateSerializer(many=True, help_text="Its likely duplicates, best first (once done).")


class ContributionSerializer(PartialDateSerializerMixin, AmitySerializer):
    partial_dates = ("received_on",)

    class Meta:
        model = Contribution
        exclude = ["deleted_at"]


class RemittanceStatSerializer(AmitySerializer):
    class Meta:
        model = RemittanceStat
        exclude = ["deleted_at"]


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


def _money():
    return serializers.DecimalField(max_digits=20, decimal_places=2)


class PurposeRowSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    count = serializers.IntegerField()
    amount = _money()


class YearRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    amount = _money()


class MissingRateSerializer(serializers.Serializer):
    currency = serializers.CharField()
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    amount = _money()


class RemittanceRowSerializer(serializers.Serializer):
    period = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    source = serializers.CharField()
    amount = _money()
    currency = serializers.CharField()


class AssociationRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    members = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    """Money as decimal strings, never floats."""

    total = serializers.IntegerField()
    countries = serializers.IntegerField()
    rows = FigureRowSerializer(many=True)
    contributions = PurposeRowSerializer(many=True)
    contributions_total = _money()
    contributions_by_year = YearRowSerializer(many=True)
    currency = serializers.CharField()
    remittances = RemittanceRowSerializer(many=True)
    missing_rates = MissingRateSerializer(many=True)
    associations = AssociationRowSerializer(many=True)
    by_unit = RollupRowSerializer(many=True)
    day = serializers.DateField()
