from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..choices import Language, Target
from ..models import Article, Fact
from ..reader import MAX_CHARS


class ArticleSerializer(AmitySerializer):
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)

    class Meta:
        model = Article
        exclude = ["deleted_at", "search_text", "search_name"]
        read_only_fields = ["source_format", "source_name"]


class FactSerializer(AmitySerializer):
    target = serializers.ChoiceField(choices=Target.choices, allow_blank=True, read_only=True)  # "" until decided

    class Meta:
        model = Fact
        exclude = ["deleted_at", "fingerprint"]
        read_only_fields = [
            "article", "kind", "start", "end", "text", "value", "corrected", "status", "target",
            "record_model", "record_id", "decided_by", "decided_at",
        ]  # fmt: skip


class FactAcceptSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Target.choices)
    record = serializers.IntegerField(required=False, allow_null=True, help_text="An existing record's id.")
    corrected = serializers.JSONField(required=False, allow_null=True)
    metric = serializers.IntegerField(
        required=False, allow_null=True, help_text="For a new stated figure: its metric's id."
    )
    fields = serializers.DictField(
        required=False,
        help_text="For a new aid item, plan or award: its fields as that module's API names them (ids for "
        "related records); what is left out is taken from the fact and its article, as on the screen.",
    )


class ReadSerializer(serializers.Serializer):
    """A text to read without storing it."""

    text = serializers.CharField(max_length=MAX_CHARS, trim_whitespace=False)
    language = serializers.ChoiceField(choices=["auto", *Language.values], default="auto")
    published = serializers.DateField(required=False, allow_null=True)


class ProposalSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    value = serializers.DictField()
