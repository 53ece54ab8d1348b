from rest_framework import serializers

from amity.core.api import AmitySerializer, NationalOrUnitSerializerMixin
from amity.core.dates import PartialDateSerializerMixin
from amity.registry.models import Person

from ..forms import NATIONAL_REFUSED
from ..metrics import computed_metrics
from ..models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from ..selectors import ComparisonCache


class CongressSerializer(PartialDateSerializerMixin, AmitySerializer):
    partial_dates = ("held_on", "source_date")
    term_label = serializers.CharField(read_only=True)

    class Meta:
        model = Congress
        exclude = ["deleted_at"]


class ElectedBodySerializer(AmitySerializer):
    class Meta:
        model = ElectedBody
        exclude = ["deleted_at"]


class ElectedRoleSerializer(AmitySerializer):
    class Meta:
        model = ElectedRole
        exclude = ["deleted_at"]


class ElectedRoleReplaceSerializer(serializers.Serializer):
    """Input of a role's replace action: who takes it over, from which day."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    on = serializers.DateField()
    position = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["person"].queryset = Person.objects.restrict(request.user)
        return fields


class MetricSerializer(NationalOrUnitSerializerMixin, AmitySerializer):
    """``unit`` null is the national catalogue, which only central administrators write."""

    national_refused = NATIONAL_REFUSED
    computed = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Metric
        exclude = ["deleted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computed"].choices = [("", "")] + [(code, code) for code in computed_metrics()]


class StatedFigureListSerializer(serializers.ListSerializer):
    """A page of figures, their computed values computed together (``ComparisonCache.prepare``)."""

    def to_representation(self, data):
        figures = list(data.all() if hasattr(data, "all") else data)
        request = self.context.get("request")
        if request is not None:
            self.context.setdefault("comparisons", ComparisonCache(request.user)).prepare(figures)
        return super().to_representation(figures)


class StatedFigureSerializer(PartialDateSerializerMixin, AmitySerializer):
    """The stated value with, read-only, the value computed from records for the same unit and
    period (in the figure's currency) and the difference, stated minus computed. Dates may be
    sent as "2023-05" or "2023" (the precision follows)."""

    partial_dates = ("period_start", "period_end", "as_of", "source_date")
    comparison = serializers.SerializerMethodField()
    when = serializers.CharField(read_only=True)

    class Meta:
        model = StatedFigure
        exclude = ["deleted_at"]
        list_serializer_class = StatedFigureListSerializer

    def get_comparison(self, figure) -> dict:
        request = self.context.get("request")
        if request is None:
            return {}
        cache = self.context.setdefault("comparisons", ComparisonCache(request.user))
        return cache.compare(figure).as_dict()


class NationalTermSerializer(AmitySerializer):
    class Meta:
        model = NationalTerm
        exclude = ["deleted_at"]
