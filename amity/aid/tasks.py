"""Background work for the aid import: check a file, then write it all or nothing, reporting
progress on the AidImportJob that the import page polls (``core.import_rows``'s job tasks)."""

from django_tasks import task

from amity.core.import_rows import job_check, job_commit, job_progress
from amity.core.jobs import JobProgress, in_job_language

from . import imports
from .models import AidImportJob


def _progress(job_id: int) -> JobProgress:
    return job_progress(AidImportJob, job_id)


@task()
@in_job_language(AidImportJob)
def check_aid_import(job_id: int) -> str:
    """Check every row; the job ends "checked" (ready to import) or "refused" with every error."""
    return job_check(
        AidImportJob,
        job_id,
        check=lambda job, progress: imports.aid_import_preview(
            user=job.user,
            unit=job.unit,
            content=bytes(job.content),
            filename=job.filename,
            mapping=job.mapping or None,
            progress=progress,
        ),
        progress=_progress(job_id),
    )


@task()
@in_job_language(AidImportJob)
def commit_aid_import(job_id: int) -> str:
    """Check the file again and write every row or none; the job says what was written, or why nothing was."""
    return job_commit(
        AidImportJob,
        job_id,
        commit=lambda job, progress: imports.aid_import_commit(
            actor=job.user,
            unit=job.unit,
            content=bytes(job.content),
            filename=job.filename,
            mapping=job.mapping or None,
            progress=progress,
        ),
        progress=_progress(job_id),
    )
