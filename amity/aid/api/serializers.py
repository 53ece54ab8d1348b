from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from amity.core.api import AmitySerializer
from amity.core.currencies import ReportingCurrency
from amity.units.forms import ROLLUP_DAY_DESCRIPTION

from ..choices import AidStatus
from ..forms import workflow_units_check
from ..models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    BeneficiaryGroup,
    Sector,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
    sector_name,
    workflow_overlap_check,
)


class AidItemSerializer(AmitySerializer):
    class Meta:
        model = AidItem
        exclude = ["deleted_at", "search_name", "donors"]
        read_only_fields = ["status", "decision_number", "decision_date", "approving_body"]


class RecordAfterwardsSerializer(AidItemSerializer):
    """An item decided before the workflow in force existed: its status and decision are given, not walked."""

    status = serializers.ChoiceField(choices=AidStatus.choices)

    class Meta(AidItemSerializer.Meta):
        read_only_fields: list[str] = []


class AidDonorSerializer(AmitySerializer):
    class Meta:
        model = AidDonor
        exclude = ["deleted_at"]


class AidTransactionSerializer(AmitySerializer):
    warning = serializers.SerializerMethodField(
        help_text="Set in the answer to a write that leaves disbursements above commitments (kept, and recorded)."
    )

    def get_warning(self, obj) -> str:
        return getattr(obj, "warning", "")

    class Meta:
        model = AidTransaction
        exclude = ["deleted_at", "import_key"]


class AidDocumentSerializer(AmitySerializer):
    class Meta:
        model = AidDocument
        exclude = ["deleted_at"]


class SectorSerializer(serializers.ModelSerializer):
    """``name`` is the IATI code list's English; ``name_vi``, ``name_zh`` and ``name_ru`` are Amity's
    translations, as the screens show them."""

    name_vi = serializers.SerializerMethodField()
    name_zh = serializers.SerializerMethodField()
    name_ru = serializers.SerializerMethodField()

    class Meta:
        model = Sector
        fields = ["id", "code", "name", "name_vi", "name_zh", "name_ru", "category_code", "category_name", "active"]

    def get_name_vi(self, sector) -> str:
        return sector_name(sector.code, sector.name, sector.category_code, "vi")

    def get_name_zh(self, sector) -> str:
        return sector_name(sector.code, sector.name, sector.category_code, "zh-hans")

    def get_name_ru(self, sector) -> str:
        return sector_name(sector.code, sector.name, sector.category_code, "ru")


class BeneficiaryGroupSerializer(AmitySerializer):
    class Meta:
        model = BeneficiaryGroup
        exclude = ["deleted_at"]


class WorkflowSerializer(AmitySerializer):
    """A province's own workflow lists its units; only the central union leaves them empty."""

    class Meta:
        model = Workflow
        exclude = ["deleted_at"]

    def validate(self, data):
        if self.instance is None or "units" in data:
            try:
                workflow_units_check(user=self.context["request"].user, units=data.get("units", []))
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"units": exc.messages}) from exc
        instance = self.instance
        units = data["units"] if "units" in data else (list(instance.units.all()) if instance else [])
        try:
            workflow_overlap_check(
                valid_from=data.get("valid_from", getattr(instance, "valid_from", None)),
                valid_to=data.get("valid_to", getattr(instance, "valid_to", None)),
                units=units,
                exclude_pk=getattr(instance, "pk", None),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return data


class WorkflowPartSerializer(AmitySerializer):
    """A step or transition goes only into a workflow the user may write."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["workflow"].queryset = Workflow.objects.restrict(request.user, "change")
        return fields


class WorkflowStepSerializer(WorkflowPartSerializer):
    class Meta:
        model = WorkflowStep
        exclude = ["deleted_at"]


class WorkflowTransitionSerializer(WorkflowPartSerializer):
    class Meta:
        model = WorkflowTransition
        exclude = ["deleted_at"]


class TransitionSerializer(serializers.Serializer):
    """Input of the transition action; which fields are required is the workflow's business."""

    to_status = serializers.ChoiceField(choices=AidStatus.choices)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    decision_date = serializers.DateField(required=False, allow_null=True)
    approving_body = serializers.CharField(required=False, allow_blank=True, max_length=255)
    note = serializers.CharField(required=False, allow_blank=True)


class DonorSharesSerializer(serializers.Serializer):
    """Input of the donor-shares action: ``{"shares": {"<donor link id>": "60.00" or null}}``."""

    shares = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, allow_null=True)
    )

    def validate_shares(self, value):
        if any(not str(key).isdigit() for key in value):
            raise serializers.ValidationError(_("Give the shares by the id of each donor of the item."))
        return value


class MoveSerializer(serializers.Serializer):
    """A move the workflow in force allows: the status it leads to, who may make it, what it needs."""

    to_status = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    required_fields = serializers.ListField(child=serializers.CharField())


class FiguresQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    currency = serializers.ChoiceField(choices=ReportingCurrency.choices, default="USD")
    unit = serializers.IntegerField(required=False)
    day = serializers.DateField(required=False, help_text=ROLLUP_DAY_DESCRIPTION)

    def validate(self, data):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise serializers.ValidationError({"end": [_("The end date is before the start date.")]})
        return data
