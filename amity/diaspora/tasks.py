"""Background work: check and import an uploaded file, reporting progress on the ImportJob."""

from django_tasks import task

from . import imports
from .models import ImportJob


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    return report


def run_check(
    job: ImportJob, *, mapping: dict | None = None, defaults: dict | None = None
) -> imports.CheckResult | None:
    """Check the job's file and store the preview report; ``None`` when the file is refused."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, done=0)
    defaults = {
        k: imports.parse_date(v) if k in ("consent_on", "retain_until") else v for k, v in (defaults or {}).items()
    }
    try:
        result = imports.check(
            bytes(job.content),
            job.filename,
            unit=job.unit,
            mapping=mapping,
            defaults=defaults,
            progress=_progress(job.pk),
        )
    except imports.ImportRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, report={"refused": str(exc)})
        return None
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.CHECKED if result.ok else ImportJob.Status.FAILED, report=result.as_report()
    )
    return result


@task()
def check_import(job_id: int, defaults: dict | None = None) -> str:
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    run_check(job, defaults=defaults)
    return ImportJob.objects.get(pk=job_id).status


@task()
def commit_import(job_id: int, defaults: dict | None = None) -> int:
    """Check again (the file is the truth, not the preview) and write all rows or none."""
    job = ImportJob.objects.select_related("unit", "user").get(pk=job_id)
    result = run_check(job, defaults=defaults)
    if result is None or not result.ok:
        return 0
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.IMPORTING, done=0)
    try:
        created = imports.commit(result, unit=job.unit, actor=job.user, progress=_progress(job_id))
    except imports.ImportRefused as exc:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, report={"refused": str(exc)})
        return 0
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.DONE, created_count=created)
    return created
