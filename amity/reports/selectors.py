"""Reads of reports, restricted to the user's units (another unit's report answers 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import RenderJob, Report


def report_list(*, user, action: str = "view") -> QuerySet[Report]:
    return Report.objects.restrict(user, action).select_related("unit", "plan")


def access_report(*, user, pk: int, action: str = "view") -> Report:
    return get_object_or_404(report_list(user=user, action=action), pk=pk)


def render_job_list(*, user, action: str = "view") -> QuerySet[RenderJob]:
    return RenderJob.objects.restrict(user, action).select_related("report")


def access_render_job(*, user, pk: int) -> RenderJob:
    return get_object_or_404(render_job_list(user=user), pk=pk)
