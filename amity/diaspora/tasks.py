"""Background work: check and import an uploaded file, reporting progress on the ImportJob."""

from django.utils.translation import gettext as _
from django_tasks import task

from . import imports
from .models import ImportJob


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    return report


def _refuse(job_id: int, report: dict) -> None:
    """Refused: the report says why; the file (personal data) is not kept."""
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, report=report, content=b"")


def run_check(job: ImportJob) -> imports.CheckResult | None:
    """Check the job's file with its column mapping and store the preview report; ``None`` when
    the file is refused. Columns that do not map keep the file for the user to map them."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, done=0)
    options = job.options or {}
    defaults = {k: imports.parse_date(options[k]) for k in ("consent_on", "retain_until") if options.get(k)}
    try:
        result = imports.check(
            bytes(job.content),
            job.filename,
            unit=job.unit,
            mapping=job.mapping or None,
            defaults=defaults,
            skip_existing=bool(options.get("skip_existing")),
            progress=_progress(job.pk),
        )
    except imports.MappingRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.MAPPING, header=exc.header, mapping=exc.mapping, report={"refused": str(exc)}
        )
        return None
    except imports.ImportRefused as exc:
        _refuse(job.pk, {"refused": str(exc)})
        return None
    report = result.as_report()
    ImportJob.objects.filter(pk=job.pk).update(header=result.header, mapping=result.mapping)
    if result.ok:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKED, report=report)
        return result
    if not result.errors:
        report["refused"] = _("Every row is already in the registry; there is nothing to import.")
    _refuse(job.pk, report)
    return result


@task()
def check_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    run_check(job)
    return ImportJob.objects.get(pk=job_id).status


@task()
def commit_import(job_id: int) -> int:
    """Check again (the file is the truth, not the preview) and write all rows or none."""
    job = ImportJob.objects.select_related("unit", "user").get(pk=job_id)
    result = run_check(job)
    if result is None or not result.ok:
        return 0
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.IMPORTING, done=0)
    try:
        created = imports.commit(result, unit=job.unit, actor=job.user, progress=_progress(job_id))
    except imports.ImportRefused as exc:
        _refuse(job_id, {"refused": str(exc)})
        return 0
    report = {k: v for k, v in result.as_report().items() if k not in ("preview", "conversions", "errors")}
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE, created_count=created, content=b"", report=report
    )
    return created
