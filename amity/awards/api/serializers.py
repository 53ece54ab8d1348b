from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..models import Award, AwardType, Decision, Nomination
from ..selectors import decision_list


class AwardTypeSerializer(AmitySerializer):
    class Meta:
        model = AwardType
        exclude = ["deleted_at"]


class NominationSerializer(AmitySerializer):
    class Meta:
        model = Nomination
        exclude = ["deleted_at"]


class DecisionSerializer(AmitySerializer):
    class Meta:
        model = Decision
        exclude = ["deleted_at"]


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
        request = self.context["request"]
        self.fields["decision"].queryset = decision_list(user=request.user, action="change")


class NominationReasonSerializer(serializers.Serializer):
    """Input of the reject (reason required) and withdraw (reason optional) actions."""

    reason = serializers.CharField(required=False, allow_blank=True, default="")
