"""Background work for the aid import: check a file, then write it all or nothing, reporting
progress on the AidImportJob that the import page polls."""

import functools
import logging

from django.conf import settings
from django.db import connection, connections
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from . import imports
from .models import AidImportJob

logger = logging.getLogger(__name__)
Status = AidImportJob.Status


class _Progress:
    """Writes rows done/total to the job. While rows are written the commit holds a transaction, so on
    PostgreSQL progress goes through a second connection that commits each update at once (otherwise
    the page would see it only at the end); SQLite allows one writer, so there it stays in the transaction."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None
        self.stage = None

    def __call__(self, done: int, total: int, stage: str) -> None:
        fields = {"done": done, "total": total}
        if stage != self.stage:
            self.stage = stage
            fields["status"] = Status.IMPORTING if stage == "write" else Status.CHECKING
        if stage == "write" and connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection("default")
            sets = ", ".join(f"{name} = %s" for name in fields)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {AidImportJob._meta.db_table} SET {sets} WHERE id = %s",  # noqa: S608 (names are ours)
                    [*fields.values(), self.job_id],
                )
        else:
            AidImportJob.objects.filter(pk=self.job_id).update(**fields)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _finish(job_id: int, status: str, report: dict, **counts) -> None:
    """A finished job keeps its report, not its file."""
    AidImportJob.objects.filter(pk=job_id).update(status=status, report=report, content=b"", **counts)


def _in_language(run):
    """Run the task in the uploader's language, so that the stored report reads in it."""

    @functools.wraps(run)
    def wrapper(job_id: int) -> str:
        language = AidImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
        with translation.override(language or settings.LANGUAGE_CODE):
            return run(job_id)

    return wrapper


@task()
@_in_language
def check_aid_import(job_id: int) -> str:
    """Check every row; the job ends "checked" (ready to import) or "refused" with every error."""
    job = AidImportJob.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.UPLOADED:
        return job.status
    AidImportJob.objects.filter(pk=job_id).update(status=Status.CHECKING, done=0, total=0)
    progress = _Progress(job_id)
    try:
        preview = imports.aid_import_preview(
            user=job.user, unit=job.unit, content=bytes(job.content), filename=job.filename, progress=progress
        )
    except Exception:
        _finish(job_id, Status.FAILED, {"refused": _("The file could not be checked; nothing was written.")})
        raise
    finally:
        progress.close()
    report = preview.as_report()
    if preview.ok:
        AidImportJob.objects.filter(pk=job_id).update(status=Status.CHECKED, report=report)
        return Status.CHECKED
    _finish(job_id, Status.FAILED, report)
    return Status.FAILED


@task()
@_in_language
def commit_aid_import(job_id: int) -> str:
    """Check the file again and write every row or none; the job says what was written, or why nothing was."""
    job = AidImportJob.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.QUEUED or job.user is None:
        return job.status
    progress = _Progress(job_id)
    try:
        result = imports.aid_import_commit(
            actor=job.user, unit=job.unit, content=bytes(job.content), filename=job.filename, progress=progress
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
    report = {k: v for k, v in job.report.items() if k in ("rows", "warnings")}
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
    return Status.DONE
