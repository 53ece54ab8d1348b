from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.units.selectors import access_unit, primary_unit

from .. import filtersets, selectors, services
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
)
from . import serializers


class AidItemViewSet(AmityViewSet):
    queryset = AidItem.objects.select_related("unit")
    serializer_class = serializers.AidItemSerializer
    filterset_class = filtersets.AidItemFilterSet
    ordering_fields = ["decision_date", "title_vi", "created", "updated"]
    create_service = staticmethod(services.aid_item_create)
    update_service = staticmethod(services.aid_item_update)

    @extend_schema(request=serializers.RecordAfterwardsSerializer, responses={201: serializers.AidItemSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path="record-afterwards",
        serializer_class=serializers.RecordAfterwardsSerializer,
    )
    def record_afterwards(self, request):
        """Enter aid decided before the workflow in force existed with its status and decision, marked
        recorded afterwards (no steps walked); 400 names the field (no decision date, or a date the
        workflow already governed)."""
        serializer = serializers.RecordAfterwardsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = services.aid_item_record_afterwards(actor=request.user, data=data, status=data.pop("status"))
        body = serializers.AidItemSerializer(item, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.TransitionSerializer,
        responses={
            200: inline_serializer(
                "TransitionResult",
                fields={
                    "item": serializers.AidItemSerializer(),
                    "warnings": drf_serializers.ListField(child=drf_serializers.CharField()),
                },
            )
        },
    )
    @action(detail=True, methods=["post"], serializer_class=serializers.TransitionSerializer)
    def transition(self, request, pk=None):
        """Move the item to another status; 400 names the missing data, 403 a role the workflow does not allow."""
        item = selectors.access_aid_item(user=request.user, pk=pk, action="change")
        serializer = serializers.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        to_status = data.pop("to_status")
        try:
            result = services.aid_transition(actor=request.user, item=item, to_status=to_status, data=data)
        except services.TransitionNotAllowed as exc:
            return Response(exc.message_dict, status=status.HTTP_403_FORBIDDEN)
        body = serializers.AidItemSerializer(result.item, context={"request": request}).data
        return Response({"item": body, "warnings": result.warnings})

    @extend_schema(responses={200: serializers.AidDonorSerializer(many=True)})
    @action(
        detail=True,
        methods=["post"],
        url_path="donor-shares",
        serializer_class=serializers.DonorSharesSerializer,
        pagination_class=None,  # the item's donors, all of them: a list, not a page
    )
    def donor_shares(self, request, pk=None):
        """Set the shares of all the item's donors at once: every one given (at most 100% together) or none."""
        item = selectors.access_aid_item(user=request.user, pk=pk, action="change")
        serializer = serializers.DonorSharesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shares = {int(key): value for key, value in serializer.validated_data["shares"].items()}
        services.aid_donor_shares_set(actor=request.user, item=item, shares=shares)
        links = item.donor_links.order_by("pk")
        return Response(serializers.AidDonorSerializer(links, many=True, context={"request": request}).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="transitions", serializer_class=serializers.MoveSerializer)
    def transitions(self, request, pk=None):
        """The moves the user may make now under the workflow in force, with the data each one needs."""
        item = selectors.access_aid_item(user=request.user, pk=pk, action="change")
        workflow = selectors.workflow_for(item=item, on=timezone.localdate())
        moves = services.available_transitions(user=request.user, item=item)
        return Response(
            {
                "status": item.status,
                "workflow": workflow.name if workflow else None,
                "moves": serializers.MoveSerializer(moves, many=True).data,
            }
        )

    @extend_schema(parameters=[serializers.FiguresQuerySerializer], responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def figures(self, request):
        """The figures of the dashboard for a unit (default: the user's own) and period."""
        query = serializers.FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = access_unit(user=request.user, pk=params["unit"]) if "unit" in params else primary_unit(request.user)
        figures = selectors.aid_figures(
            user=request.user,
            unit=unit,
            start=params.get("start"),
            end=params.get("end"),
            currency=params["currency"],
            day=params.get("day"),
        )
        return Response(figures.as_dict())


class AidDonorViewSet(AmityViewSet):
    queryset = AidDonor.objects.select_related("organisation")
    serializer_class = serializers.AidDonorSerializer
    filterset_class = filtersets.AidDonorFilterSet


class AidTransactionViewSet(AmityViewSet):
    queryset = AidTransaction.objects.all()
    serializer_class = serializers.AidTransactionSerializer
    filterset_class = filtersets.AidTransactionFilterSet
    ordering_fields = ["date", "amount"]
    create_service = staticmethod(services.aid_transaction_create)
    update_service = staticmethod(services.aid_transaction_update)


class AidDocumentViewSet(AmityViewSet):
    queryset = AidDocument.objects.all()
    serializer_class = serializers.AidDocumentSerializer
    filterset_class = filtersets.AidDocumentFilterSet


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The OECD-DAC purpose codes (from the IATI Sector code list)."""

    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    filterset_fields = ["code", "category_code", "active"]


class BeneficiaryGroupViewSet(AmityViewSet):
    queryset = BeneficiaryGroup.objects.all()
    serializer_class = serializers.BeneficiaryGroupSerializer


class WorkflowViewSet(AmityViewSet):
    """The lifecycle rules: everyone reads them; a province writes its own, the central union any."""

    queryset = Workflow.objects.prefetch_related("units")
    serializer_class = serializers.WorkflowSerializer
    filterset_class = filtersets.WorkflowFilterSet


class WorkflowStepViewSet(AmityViewSet):
    queryset = WorkflowStep.objects.select_related("workflow")
    serializer_class = serializers.WorkflowStepSerializer
    filterset_class = filtersets.WorkflowStepFilterSet


class WorkflowTransitionViewSet(AmityViewSet):
    queryset = WorkflowTransition.objects.select_related("workflow")
    serializer_class = serializers.WorkflowTransitionSerializer
    filterset_class = filtersets.WorkflowTransitionFilterSet
