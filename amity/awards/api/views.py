from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.core.dates import period_check
from amity.core.querysets import may_act
from amity.core.replica import reads_from_replica
from amity.units.forms import ROLLUP_DAY_DESCRIPTION, rollup_day_from
from amity.units.selectors import access_unit

from .. import filtersets, selectors, services
from ..models import Award, AwardType, Decision, Nomination
from . import serializers


class AwardTypeViewSet(AmityViewSet):
    queryset = AwardType.objects.select_related("unit")
    serializer_class = serializers.AwardTypeSerializer
    filterset_class = filtersets.AwardTypeFilterSet
    ordering_fields = ["name"]

    def create(self, request, *args, **kwargs):
        if not may_act(request.user, AwardType, "add"):  # not an administrator: refused before the data is read
            raise PermissionDenied
        return super().create(request, *args, **kwargs)


class NominationViewSet(AmityViewSet):
    queryset = Nomination.objects.select_related("award_type")
    serializer_class = serializers.NominationSerializer
    filterset_class = filtersets.NominationFilterSet
    ordering_fields = ["proposed_on"]
    create_service = staticmethod(services.nomination_create)

    def _move(self, request, pk, move):
        nomination = selectors.access_nomination(user=request.user, pk=pk, move=move)
        input_class = (
            serializers.NominationApproveSerializer if move == "approve" else serializers.NominationReasonSerializer
        )
        data = input_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        award = None
        if move == "approve":
            award = services.nomination_approve(actor=request.user, nomination=nomination, **data.validated_data)
        elif move == "reject":
            services.nomination_reject(actor=request.user, nomination=nomination, **data.validated_data)
        else:
            services.nomination_withdraw(actor=request.user, nomination=nomination, **data.validated_data)
        nomination.refresh_from_db()
        body = serializers.NominationSerializer(nomination, context={"request": request}).data
        return Response({"nomination": body, "award": award.pk if award else None})

    @extend_schema(request=serializers.NominationApproveSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a proposed nomination by conferring the award in a decision (administrators); 400 if it is no longer proposed."""
        return self._move(request, pk, "approve")

    @extend_schema(request=serializers.NominationReasonSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a proposed nomination with a reason (administrators)."""
        return self._move(request, pk, "reject")

    @extend_schema(request=serializers.NominationReasonSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a proposed nomination (editors and administrators)."""
        return self._move(request, pk, "withdraw")


class DecisionViewSet(AmityViewSet):
    queryset = Decision.objects.select_related("award_type")
    serializer_class = serializers.DecisionSerializer
    filterset_class = filtersets.DecisionFilterSet
    ordering_fields = ["decided_on", "number"]
    create_service = staticmethod(services.decision_create)

    @extend_schema(request=serializers.RecipientsAddSerializer, responses={201: serializers.AwardSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="add-recipients", pagination_class=None)
    def add_recipients(self, request, pk=None):
        """Add several recipients at once; 400 names every bad row and nothing is written."""
        decision = get_object_or_404(selectors.decision_list(user=request.user, action="change"), pk=pk)
        data = serializers.RecipientsAddSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        rows = [dict(row) for row in data.validated_data["recipients"]]
        awards = services.awards_add(actor=request.user, decision=decision, recipients=rows)
        body = serializers.AwardSerializer(awards, many=True, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class AwardViewSet(AmityViewSet):
    queryset = Award.objects.select_related("decision")
    serializer_class = serializers.AwardSerializer
    filterset_class = filtersets.AwardFilterSet
    ordering_fields = ["pk"]
    create_service = staticmethod(services.award_create)


@reads_from_replica
@extend_schema(
    parameters=[
        OpenApiParameter("start", date),
        OpenApiParameter("end", date),
        OpenApiParameter("unit", int),
        OpenApiParameter("day", date, description=ROLLUP_DAY_DESCRIPTION),
    ],
    responses=dict,
)
@api_view(["GET"])
def counts(request):
    """Recipients by award type, year, recipient kind and origin."""
    params = request.query_params
    try:
        start = date.fromisoformat(params["start"]) if params.get("start") else None
        end = date.fromisoformat(params["end"]) if params.get("end") else None
    except ValueError:
        raise ValidationError({"start": ["Dates are YYYY-MM-DD."]}) from None
    unit = params.get("unit")
    if unit is not None and not unit.isdigit():
        raise Http404
    period_check(start, end)
    data = selectors.award_counts(
        user=request.user,
        unit=access_unit(user=request.user, pk=int(unit)) if unit else None,
        start=start,
        end=end,
        day=rollup_day_from(params),
    )
    return Response(
        {
            "total": data["total"],
            "by_type": [
                {"award_type": name, "count": n, "by_kind": by_kind} for name, by_kind, n in data["by_type_and_kind"]
            ],
            "by_year": [{"year": year, "count": n} for year, n in data["by_year"]],
            "by_kind": [{"kind": code, "label": label, "count": n} for code, label, n in data["by_kind"]],
            "by_origin": [{"origin": code, "label": label, "count": n} for code, label, n in data["by_origin"]],
            "by_unit": data["by_unit"],
            "day": data["day"],
        }
    )
