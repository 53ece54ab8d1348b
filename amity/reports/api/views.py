from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from amity.core.api import AmityViewSet

from .. import filtersets, selectors, services
from ..models import RenderJob, Report
from . import serializers


class ReportViewSet(AmityViewSet):
    queryset = Report.objects.select_related("unit", "plan")
    serializer_class = serializers.ReportSerializer
    filterset_class = filtersets.ReportFilterSet
    ordering_fields = ["period_end", "title"]
    create_service = staticmethod(services.report_create)
    update_service = staticmethod(services.report_update)

    @extend_schema(request=serializers.RenderRequestSerializer, responses=serializers.RenderJobSerializer)
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
        services.render_jobs_expire(jobs=selectors.render_job_list(user=self.request.user))
        return selectors.render_job_list(user=self.request.user)
