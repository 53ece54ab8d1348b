"""Background work for the aid import: check a file, then write it all or nothing, reporting
progress on the AidImportJob that the import page polls."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from amity.core.jobs import JobProgress, in_job_language, job_finish, job_update

from . import imports
from .models import AidImportJob

logger = logging.getLogger(__name__)
Status = AidImportJob.Status


def _progress(job_id: int) -> JobProgress:
    return JobProgress(AidImportJob, job_id, statuses={"check": Status.CHECKING, "write": Status.IMPORTING})


def _finish(job_id: int, status: str, report: dict, **counts) -> None:
    job_finish(AidImportJob, job_id, status, report, **counts)


@task()
@in_job_language(AidImportJob)
def check_aid_import(job_id: int) -> str:
    """Check every row; the job ends "checked" (ready to import) or "refused" with every error."""
    job = AidImportJob.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.UPLOADED:
        return job.status
    job_update(AidImportJob, job_id, status=Status.CHECKING, done=0, total=0, started=timezone.now())
    progress = _progress(job_id)
    try:
        preview = imports.aid_import_preview(
            user=job.user,
            unit=job.unit,
            content=bytes(job.content),
            filename=job.filename,
            mapping=job.mapping or None,
            progress=progress,
        )
    except Exception:
        _finish(job_id, Status.FAILED, {"refused": _("The file could not be checked; nothing was written.")})
        raise
    finally:
        progress.close()
    report = preview.as_report()
    job_update(AidImportJob, job_id, header=preview.header, mapping=preview.mapping)
    if preview.mappable:  # the file is kept for the user to map its columns
        job_update(AidImportJob, job_id, status=Status.MAPPING, report=report)
        return Status.MAPPING
    if preview.ok:
        job_update(AidImportJob, job_id, status=Status.CHECKED, report=report)
        return Status.CHECKED
    _finish(job_id, Status.FAILED, report)
    return Status.FAILED


@task()
@in_job_language(AidImportJob)
def commit_aid_import(job_id: int) -> str:
    """Check the file again and write every row or none; the job says what was written, or why nothing was."""
    job = AidImportJob.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.QUEUED or job.user is None:
        return job.status
    job_update(AidImportJob, job_id, started=timezone.now())
    progress = _progress(job_id)
    report = {k: v for k, v in job.report.items() if k in ("rows", "warnings")}
    try:
        # The job is marked done in the transaction that writes the rows: a worker killed at any
        # moment leaves either both or neither, so the job never says "nothing written" wrongly.
        with transaction.atomic():
            result = imports.aid_import_commit(
                actor=job.user,
                unit=job.unit,
                content=bytes(job.content),
                filename=job.filename,
                mapping=job.mapping or None,
                progress=progress,
            )
            rows = result.created + result.updated + result.unchanged
            _finish(
                job_id,
                Status.DONE,
                report,
                done=rows,
                total=rows,
                created_count=result.created,
                updated_count=result.updated,
                unchanged_count=result.unchanged,
            )
    except imports.ImportRejected as exc:
        report = exc.preview.as_report()
        report["refused"] = _("The file has errors; nothing was imported.")
        _finish(job_id, Status.FAILED, report)
        return Status.FAILED
    except Exception as exc:
        logger.exception("aid import %s failed", job_id)
        report = {"refused": _("The import failed while writing; nothing was written (%(error)s).") % {"error": exc}}
        _finish(job_id, Status.FAILED, report)
        raise
    finally:
        progress.close()
    return Status.DONE
