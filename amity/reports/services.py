"""Writes of reports: create/update with validation, and starting a background rendering."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from amity.core.services import model_create, model_update

from .choices import JobStatus, RenderFormat
from .content import clean_text, narrative_keys
from .models import RenderJob, Report


def _clean_narratives(kind: str, narratives: dict | None) -> dict:
    allowed = {key for key, _heading in narrative_keys(kind)}
    unknown = set(narratives or {}) - allowed
    if unknown:
        raise ValidationError({"narratives": _("Unknown sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))}})
    cleaned = {k: clean_text(v) for k, v in (narratives or {}).items()}  # no XML-illegal characters stored
    return {k: v for k, v in cleaned.items() if v.strip()}


@transaction.atomic
def report_create(*, actor, data: dict) -> Report:
    data = dict(data)
    data["narratives"] = _clean_narratives(data.get("kind", ""), data.get("narratives"))
    return model_create(model=Report, data=data, actor=actor)


@transaction.atomic
def report_update(*, actor, instance: Report, data: dict, expected_version: int | None = None) -> Report:
    data = dict(data)
    if "narratives" in data:
        data["narratives"] = _clean_narratives(data.get("kind", instance.kind), data["narratives"])
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


def render_job_start(*, actor, report: Report, format: str) -> RenderJob:
    """Queue a rendering; the file is computed with ``actor``'s view of the records."""
    if format not in RenderFormat.values:
        raise ValidationError({"format": _("Unknown format: %(format)s") % {"format": format}})
    from .tasks import render_report

    with transaction.atomic():
        job = RenderJob.objects.create(
            report=report, format=format, requested_by=actor, language=get_language() or "vi", status=JobStatus.QUEUED
        )
    try:
        render_report.enqueue(job_id=job.pk)
    except Exception as exc:  # no queue (database down, backend misconfigured): say so, keep the report
        job.refresh_from_db()
        job.status = JobStatus.FAILED
        job.error = _("The rendering could not be queued: %(reason)s") % {"reason": f"{type(exc).__name__}: {exc}"}
        job.save(update_fields=["status", "error", "version", "updated"])
        return job
    job.refresh_from_db()
    return job
