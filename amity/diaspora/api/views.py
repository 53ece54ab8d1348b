from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from amity.core.access import user_can
from amity.core.api import AmityViewSet
from amity.core.personal import personal_unit_ids

from .. import filtersets, forms, selectors, services, tasks
from ..models import Compatriot, Contribution, RemittanceStat
from . import serializers


class CompatriotViewSet(AmityViewSet):
    """Overseas compatriots; personal fields only for the owning unit's staff, every read logged."""

    queryset = Compatriot.objects.select_related("country", "home_unit")
    serializer_class = serializers.CompatriotSerializer
    filterset_class = filtersets.CompatriotFilterSet
    ordering_fields = ["search_name", "birth_year", "created", "updated"]
    create_service = staticmethod(services.compatriot_create)
    update_service = staticmethod(services.compatriot_update)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "personal_ids": personal_unit_ids(self.request.user)}

    def filter_queryset(self, queryset):
        """Ordering by name (``ordering=search_name``, the default) is ignored where the list
        holds names the user may not see: records come in the order they were added."""
        return selectors.compatriot_order(user=self.request.user, queryset=super().filter_queryset(queryset))

    def perform_create(self, serializer):
        if not user_can(self.request.user, "view_personal", serializer.validated_data["unit"].pk):
            raise PermissionDenied
        super().perform_create(serializer)

    def perform_update(self, serializer):
        if not user_can(self.request.user, "view_personal", serializer.instance.unit_id):
            raise PermissionDenied
        super().perform_update(serializer)

    @extend_schema(methods=["get"], request=None, responses=serializers.ErasureJobSerializer)
    @extend_schema(
        methods=["post"], request=serializers.EraseSerializer, responses={202: serializers.ErasureJobSerializer}
    )
    @action(detail=True, methods=["get", "post"], serializer_class=serializers.EraseSerializer)
    def erase(self, request, pk=None):
        """POST: erase the person's personal data on request (the anonymous counts stay); the task
        worker does it, so the answer is the queued erasure: follow it with GET, which returns the
        user's last erasure of this person. One whose worker stopped (``stopped``) erased nothing:
        a new POST runs it anew."""
        person = selectors.access_compatriot_for_erasure(user=request.user, pk=pk)
        if request.method == "GET":
            job = selectors.erasure_latest(user=request.user, compatriot=person)
            if job is None:
                raise NotFound
            return Response(serializers.ErasureJobSerializer(job).data)
        data = serializers.EraseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.erasure_request(actor=request.user, compatriot=person, **data.validated_data)
        if job.status == job.Status.QUEUED:
            tasks.erase_compatriot.enqueue(job.pk)
            job.refresh_from_db()
        return Response(serializers.ErasureJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(methods=["get"], responses=serializers.DuplicateListSerializer)
    @extend_schema(methods=["post"], request=None, responses={202: serializers.DuplicateListSerializer})
    @action(detail=False, methods=["get", "post"], pagination_class=None)
    def duplicates(self, request):
        """GET: the user's last duplicate search and its likely duplicates, best first, with the
        reasons. POST: start a new search (run by the task worker; poll with GET)."""
        if request.method == "POST":
            if not selectors.duplicate_scan_allowed(user=request.user):
                raise PermissionDenied
            scan = services.duplicate_scan_request(actor=request.user)
            if scan.status == scan.Status.QUEUED:
                tasks.scan_duplicates.enqueue(scan.pk)
        scan = selectors.duplicate_scan_latest(user=request.user)
        pairs = selectors.duplicate_candidates(user=request.user, scan=scan) if scan else []
        if pairs:
            services.personal_access_record(
                actor=request.user, kind="duplicates", records=selectors.duplicate_persons(pairs)
            )
        data = {
            "scan": scan and {**{f: getattr(scan, f) for f in ("id", "status", "percent", "persons", "created")},
                              "finished": scan.finished, "error": scan.error,
                              "stalled": selectors.duplicate_scan_stalled(scan)},
            "results": [{"first": c.first, "second": c.second, "score": c.score, "reasons": c.reasons, "codes": c.codes}
                        for c in pairs],
        }  # fmt: skip
        return Response(serializers.DuplicateListSerializer(data).data, status=202 if request.method == "POST" else 200)

    @extend_schema(request=serializers.MergeSerializer, responses={201: serializers.MergeRecordSerializer})
    @action(detail=False, methods=["post"], serializer_class=serializers.MergeSerializer)
    def merge(self, request):
        """Merge ``duplicate`` into ``kept``: contributions move, blanks are filled; undo with merges/<id>/undo."""
        data = serializers.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kept, duplicate = selectors.access_merge_pair(
            user=request.user, kept_pk=data.validated_data["kept"], duplicate_pk=data.validated_data["duplicate"]
        )
        merge = services.compatriot_merge(actor=request.user, kept=kept, duplicate=duplicate)
        return Response(serializers.MergeRecordSerializer(merge).data, status=201)

    @extend_schema(request=None, responses=serializers.MergeRecordSerializer)
    @action(detail=False, methods=["post"], url_path=r"merges/(?P<merge_pk>\d+)/undo")
    def undo_merge(self, request, merge_pk=None):
        """Undo a merge: the duplicate comes back with its contributions."""
        merge = selectors.access_merge(user=request.user, pk=merge_pk)
        services.merge_undo(actor=request.user, merge=merge)
        merge.refresh_from_db()
        return Response(serializers.MergeRecordSerializer(merge).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and request.user.is_authenticated:
            rows = response.data.get("results", [response.data]) if isinstance(response.data, dict) else response.data
            hidden = (None, "", selectors.MASK, services.ERASED)
            # the records shown, with the unit each answer names (not read again: the log needs no more)
            shown = {
                r["id"]: r["unit"]
                for r in rows
                if isinstance(r, dict) and "id" in r and "unit" in r and r.get("full_name") not in hidden
            }
            if shown:
                services.personal_access_record(actor=request.user, kind="api", shown=shown, query=request.path)
        return response


class ContributionViewSet(AmityViewSet):
    queryset = Contribution.objects.select_related("organisation")
    serializer_class = serializers.ContributionSerializer
    filterset_class = filtersets.ContributionFilterSet
    ordering_fields = ["received_on", "amount"]
    create_service = staticmethod(services.contribution_create)
    update_service = staticmethod(services.contribution_update)


class RemittanceStatViewSet(AmityViewSet):
    queryset = RemittanceStat.objects.all()
    serializer_class = serializers.RemittanceStatSerializer
    filterset_class = filtersets.RemittanceStatFilterSet
    ordering_fields = ["year_to", "amount"]
    create_service = staticmethod(services.remittance_create)


class FiguresView(APIView):
    """Counts, shares, contributions and remittances, the same figures as the dashboard."""

    reads_from_replica = True

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("by", str, enum=[key for key, _label in forms.FiguresForm.GROUPINGS]),
            OpenApiParameter("day", OpenApiTypes.DATE, description="group home provinces by the units of this day"),
            OpenApiParameter("since", OpenApiTypes.DATE, description="contributions from this day"),
            OpenApiParameter("until", OpenApiTypes.DATE, description="contributions until this day"),
            OpenApiParameter("currency", str, enum=list(selectors.REPORTING_CURRENCIES)),
            OpenApiParameter("unit", int, description="one unit's subtree"),
        ],
        responses=serializers.FiguresSerializer,
    )
    def get(self, request):
        form = forms.FiguresForm(request.query_params, user=request.user, default_by="country")
        if not form.is_valid():
            return Response(form.errors, status=400)
        figures = selectors.diaspora_figures(user=request.user, **form.figure_kwargs())
        return Response(serializers.FiguresSerializer(figures).data)
