from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..choices import RenderFormat
from ..models import RenderJob, Report


class ReportSerializer(AmitySerializer):
    class Meta:
        model = Report
        exclude = ["deleted_at", "search_name"]


class RenderJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RenderJob
        fields = ["id", "report", "format", "status", "error", "created", "started_at", "finished_at", "download_url"]

    def get_download_url(self, obj) -> str | None:
        return obj.get_download_url() if obj.status == "done" else None


class RenderRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=RenderFormat.choices)
