"""Writes of reports: create/update with validation, and starting a background rendering."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.core.services import model_create, model_update
from amity.union.selectors import term_for

from .choices import JobStatus, RenderFormat, ReportKind
from .content import clean_text, narrative_keys
from .expiry import render_jobs_expire
from .models import RenderJob, Report
from .tasks import render_report


def _clean_narratives(kind: str, narratives: dict | None) -> dict:
    allowed = {key for key, _heading in narrative_keys(kind)}
    unknown = set(narratives or {}) - allowed
    if unknown:
        raise ValidationError({"narratives": _("Unknown sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))}})
    cleaned = {k: clean_text(v) for k, v in (narratives or {}).items()}  # no XML-illegal characters stored
    return {k: v for k, v in cleaned.items() if v.strip()}


def _term_period(data: dict, instance: Report | None = None) -> dict:
    """A term report covers the term of its unit's congress (``union.selectors.term_for``) that
    holds the period start given (or the date of issue, or today): its period is that term's."""
    kind = data.get("kind", instance.kind if instance else "")
    unit = data.get("unit", instance.unit if instance else None)
    if kind != ReportKind.TERM or unit is None:
        return data
    day = data.get("period_start") or data.get("issued_on") or (instance and instance.period_start)
    term = term_for(unit, day or timezone.localdate())
    return {**data, "period_start": term.start, "period_end": term.end}


@transaction.atomic
def report_create(*, actor, data: dict) -> Report:
    data = _term_period(dict(data))
    data["narratives"] = _clean_narratives(data.get("kind", ""), data.get("narratives"))
    return model_create(model=Report, data=data, actor=actor)


@transaction.atomic
def report_update(*, actor, instance: Report, data: dict, expected_version: int | None = None) -> Report:
    data = _term_period(dict(data), instance)
    if "narratives" in data:
        data["narratives"] = _clean_narratives(data.get("kind", instance.kind), data["narratives"])
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


def render_job_start(*, actor, report: Report, format: str) -> RenderJob:
    """Queue a rendering; the file is computed with ``actor``'s view of the records, in the
    report's own language (not the interface language of the person asking)."""
    if format not in RenderFormat.values:
        raise ValidationError({"format": _("Unknown format: %(format)s") % {"format": format}})
    render_jobs_expire(jobs=report.jobs.all())
    with transaction.atomic():
        job = RenderJob.objects.create(
            report=report, format=format, requested_by=actor, language=report.language, status=JobStatus.QUEUED
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
