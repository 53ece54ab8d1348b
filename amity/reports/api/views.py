from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from amity.core.api import AmityViewSet

from .. import filtersets, selectors, services
from ..expiry import render_job_as_shown
from ..models import RenderJob, Report
from . import serializers


class ReportViewSet(AmityViewSet):
    queryset = Report.objects.select_related("unit", "plan")
    serializer_class = serializers.ReportSerializer
    filterset_class = filtersets.ReportFilterSet
    ordering_fields = ["period_end", "title"]
    create_service = staticmethod(services.report_create)
    update_service = staticmethod(services.report_update)

    @extend_schema(request=serializers.RenderRequestSerializer, responses={202: serializers.RenderJobSerializer})
    @action(detail=True, methods=["post"], url_path="render")
    def render_file(self, request, pk=None):
        """Queue a rendering to docx, pdf or xlsx; follow it at /api/reports/jobs/<id>/."""
        report = selectors.access_report(user=request.user, pk=pk)
        data = serializers.RenderRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.render_job_start(actor=request.user, report=report, format=data.validated_data["format"])
        return Response(serializers.RenderJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class RenderJobViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RenderJob.objects.all()
    serializer_class = serializers.RenderJobSerializer

    def get_queryset(self):
        return selectors.render_job_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        """Lost renderings show as failed (the periodic expiry writes that): a read writes nothing."""
        if args:
            shown = args[0]
            for job in shown if kwargs.get("many") else [shown]:
                render_job_as_shown(job)
        return super().get_serializer(*args, **kwargs)
