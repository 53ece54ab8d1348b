from rest_framework import serializers

from amity.core.api import AmitySerializer, NationalOrUnitSerializerMixin
from amity.core.dates import PartialDateSerializerMixin
from amity.registry.models import Organisation, Person

from ..choices import RecipientOrigin
from ..forms import NATIONAL_REFUSED
from ..models import Award, AwardType, Decision, Nomination
from ..selectors import decision_list


class AwardTypeSerializer(NationalOrUnitSerializerMixin, AmitySerializer):
    """``unit`` null is a national award type, which only central administrators send."""

    national_refused = NATIONAL_REFUSED

    class Meta:
        model = AwardType
        exclude = ["deleted_at"]


class NominationSerializer(AmitySerializer):
    class Meta:
        model = Nomination
        exclude = ["deleted_at"]


class DecisionSerializer(PartialDateSerializerMixin, AmitySerializer):
    partial_dates = ("decided_on",)

    class Meta:
        model = Decision
        exclude = ["deleted_at", "search_name"]


class AwardSerializer(AmitySerializer):
    class Meta:
        model = Award
        exclude = ["deleted_at"]
        read_only_fields = ["recipient_kind"]


class NominationApproveSerializer(serializers.Serializer):
    """Input of the approve action: the decision conferring the award, and an optional citation."""

    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.none())
    citation = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # the schema generator builds it without one
            self.fields["decision"].queryset = decision_list(user=request.user, action="change")


class NominationReasonSerializer(serializers.Serializer):
    """Input of the reject (reason required) and withdraw (reason optional) actions."""

    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RecipientRowSerializer(serializers.Serializer):
    """One recipient of a bulk add: a person or an organisation of the registry in the user's scope."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), required=False, allow_null=True
    )
    origin = serializers.ChoiceField(choices=RecipientOrigin.choices, required=False, allow_blank=True)
    citation = serializers.CharField(required=False, allow_blank=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:  # the schema generator builds it without one
            fields["person"].queryset = Person.objects.restrict(request.user)
            fields["organisation"].queryset = Organisation.objects.restrict(request.user)
        return fields


class RecipientsAddSerializer(serializers.Serializer):
    """Input of a decision's add-recipients action: all rows are added, or none."""

    recipients = RecipientRowSerializer(many=True)
