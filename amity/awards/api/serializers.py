from amity.core.api import AmitySerializer

from ..models import Award, AwardType, Decision, Nomination


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
