from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.core.replica import reads_from_replica
from amity.units.forms import ROLLUP_DAY_DESCRIPTION, rollup_day_from
from amity.units.selectors import access_unit

from .. import filtersets, selectors, services
from ..calendar_items import calendar_items
from ..models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay
from . import serializers


class ActivityViewSet(AmityViewSet):
    queryset = Activity.objects.select_related("unit", "leader")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filtersets.ActivityFilterSet
    ordering_fields = ["start_date", "title", "created", "updated"]
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)


class ActivityAttachmentViewSet(AmityViewSet):
    queryset = ActivityAttachment.objects.all()
    serializer_class = serializers.ActivityAttachmentSerializer
    filterset_class = filtersets.ActivityAttachmentFilterSet
    ordering_fields = ["pk"]


class DiplomaticRelationViewSet(AmityViewSet):
    queryset = DiplomaticRelation.objects.select_related("country")
    serializer_class = serializers.DiplomaticRelationSerializer
    filterset_class = filtersets.DiplomaticRelationFilterSet
    ordering_fields = ["established_on"]


class NationalDayViewSet(AmityViewSet):
    queryset = NationalDay.objects.select_related("country")
    serializer_class = serializers.NationalDaySerializer
    filterset_class = filtersets.NationalDayFilterSet
    ordering_fields = ["month", "day"]


def _period(request) -> tuple[date, date, object]:
    try:
        start = date.fromisoformat(request.query_params["start"])
        end = date.fromisoformat(request.query_params["end"])
    except (KeyError, ValueError):
        raise ValidationError({"start": ["Give start and end as YYYY-MM-DD."]}) from None
    if end < start:
        raise ValidationError({"end": [_("The end of the period is before its start.")]})
    unit = request.query_params.get("unit")
    if unit is not None and not unit.isdigit():
        raise Http404
    return start, end, access_unit(user=request.user, pk=int(unit)) if unit else None


PERIOD = [
    OpenApiParameter("start", date, required=True),
    OpenApiParameter("end", date, required=True),
    OpenApiParameter("unit", int),
    OpenApiParameter("subtree", bool, description="Include the units below (default true)."),
    OpenApiParameter("day", date, description=ROLLUP_DAY_DESCRIPTION),
]


@reads_from_replica
@extend_schema(parameters=PERIOD, responses=dict)
@api_view(["GET"])
def figures(request):
    """Activities by type, country and partner, and delegations, for a unit and period."""
    start, end, unit = _period(request)
    subtree = request.query_params.get("subtree", "true").lower() not in ("0", "false", "no")
    day = rollup_day_from(request.query_params)
    data = selectors.activity_figures(user=request.user, unit=unit, start=start, end=end, subtree=subtree, day=day)
    data["by_type"] = [{"type": c, "label": label, "count": n} for c, label, n in data["by_type"]]
    data["by_country"] = [{"country": name, "count": n} for name, n in data["by_country"]]
    data["by_partner"] = [{"partner": name, "count": n} for name, n in data["by_partner"]]
    return Response(data)


@extend_schema(parameters=PERIOD, responses=serializers.CalendarItemSerializer(many=True))
@api_view(["GET"])
def calendar(request):
    """The calendar items of the period: activities and computed dates."""
    start, end, unit = _period(request)
    if (end - start).days > 800:
        raise ValidationError({"end": ["The period is at most 800 days."]})
    items = calendar_items(user=request.user, start=start, end=end, unit=unit)
    return Response(serializers.CalendarItemSerializer(items, many=True).data)
