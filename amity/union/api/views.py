from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.core.querysets import may_act
from amity.units.selectors import access_unit

from .. import filtersets, selectors, services
from ..models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from . import serializers


class CongressViewSet(AmityViewSet):
    queryset = Congress.objects.select_related("unit")
    serializer_class = serializers.CongressSerializer
    filterset_class = filtersets.CongressFilterSet
    ordering_fields = ["held_on", "ordinal", "term_start"]
    create_service = staticmethod(services.congress_create)
    update_service = staticmethod(services.congress_update)


class ElectedBodyViewSet(AmityViewSet):
    queryset = ElectedBody.objects.select_related("congress")
    serializer_class = serializers.ElectedBodySerializer
    filterset_class = filtersets.ElectedBodyFilterSet
    ordering_fields = ["kind"]
    create_service = staticmethod(services.elected_body_create)


class ElectedRoleViewSet(AmityViewSet):
    queryset = ElectedRole.objects.select_related("body__congress", "person")
    serializer_class = serializers.ElectedRoleSerializer
    filterset_class = filtersets.ElectedRoleFilterSet
    ordering_fields = ["start"]
    create_service = staticmethod(services.elected_role_create)

    @extend_schema(request=serializers.ElectedRoleReplaceSerializer, responses={201: serializers.ElectedRoleSerializer})
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        """Replace the holder during the term: the role ends the day before ``on``; 400 names the bad field."""
        role = get_object_or_404(selectors.elected_role_list(user=request.user, action="change"), pk=pk)
        data = serializers.ElectedRoleReplaceSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        new = services.elected_role_replace(actor=request.user, role=role, **data.validated_data)
        body = serializers.ElectedRoleSerializer(new, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MetricViewSet(AmityViewSet):
    queryset = Metric.objects.select_related("unit")
    serializer_class = serializers.MetricSerializer
    filterset_class = filtersets.MetricFilterSet
    ordering_fields = ["code"]
    create_service = staticmethod(services.metric_create)

    def create(self, request, *args, **kwargs):
        if not may_act(request.user, Metric, "add"):  # not an administrator: refused before the data is read
            raise PermissionDenied
        return super().create(request, *args, **kwargs)


class StatedFigureViewSet(AmityViewSet):
    queryset = StatedFigure.objects.select_related("metric", "unit", "congress")
    serializer_class = serializers.StatedFigureSerializer
    filterset_class = filtersets.StatedFigureFilterSet
    ordering_fields = ["period_start", "as_of", "value"]
    create_service = staticmethod(services.stated_figure_create)
    update_service = staticmethod(services.stated_figure_update)


class NationalTermViewSet(AmityViewSet):
    queryset = NationalTerm.objects.all()
    serializer_class = serializers.NationalTermSerializer
    ordering_fields = ["start"]


def _day(params, name):
    try:
        return date.fromisoformat(params[name]) if params.get(name) else None
    except ValueError:
        raise ValidationError({name: ["Dates are YYYY-MM-DD."]}) from None


def _unit(params):
    unit = params.get("unit")
    if unit is not None and not unit.isdigit():
        raise Http404
    return unit


@extend_schema(parameters=[OpenApiParameter("unit", int), OpenApiParameter("day", date)], responses=dict)
@api_view(["GET"])
def term(request):
    """The unit's current and previous terms on ``day`` (today by default), and where each comes
    from: the unit's own congress, a unit above it, or the national default."""
    unit_id = _unit(request.query_params)
    unit = access_unit(user=request.user, pk=int(unit_id)) if unit_id else None
    previous, current = selectors.terms_for(unit, _day(request.query_params, "day"))

    def body(t):
        return {
            "start": t.start,
            "end": t.end,
            "label": t.label,
            "source": t.source,
            "congress": t.congress.pk if t.congress else None,
        }

    return Response({"current": body(current), "previous": body(previous)})


@extend_schema(
    parameters=[
        OpenApiParameter("metric", str, required=True),
        OpenApiParameter("start", date, required=True),
        OpenApiParameter("end", date, required=True),
        OpenApiParameter("currency", str),
        OpenApiParameter("day", date),
    ],
    responses=dict,
)
@api_view(["GET"])
def rollup(request):
    """One row per provincial union (as on ``day``): the value from records where it keeps records
    for the period, else its stated figure (``uses_stated``); the total is the sum of the rows."""
    params = request.query_params
    metric = get_object_or_404(selectors.metric_list(user=request.user), code=params.get("metric", ""))
    start, end = _day(params, "start"), _day(params, "end")
    if start is None or end is None:
        raise ValidationError({"start" if start is None else "end": ["Give the period (YYYY-MM-DD)."]})
    if end < start:
        raise ValidationError({"end": ["The period ends before it starts."]})
    data = selectors.stated_rollup(
        user=request.user,
        metric=metric,
        start=start,
        end=end,
        currency=params.get("currency") or "USD",
        day=_day(params, "day"),
    )

    def text(value):
        return None if value is None else f"{value:f}"

    return Response(
        {
            "metric": metric.code,
            "currency": data.currency,
            "start": start,
            "end": end,
            "rows": [
                {
                    "unit": row.unit.pk,
                    "unit_name": row.unit.name,
                    "label": row.label,
                    "computed": text(row.computed.value) if row.computed and row.computed.records else None,
                    "records": row.computed.records if row.computed else 0,
                    "stated": row.stated.pk if row.stated else None,
                    "stated_value": text(row.stated_value),
                    "value": text(row.used),
                    "uses_stated": row.uses_stated,
                }
                for row in data.rows
            ],
            "total": text(data.total),
        }
    )
