"""Background work for the aid import: check a file, then write it all or nothing, reporting
progress on the AidImportJob that the import page polls (``core.import_rows``'s job tasks)."""

from django_tasks import task

from amity.core.import_rows import job_check, job_commit
from amity.core.jobs import in_job_language

from . import imports
from .models import AidImportJob


@task()
@in_job_language(AidImportJob)
def check_aid_import(job_id: int) -> str:
    """Check every row; the job ends "checked" (ready to import) or "refused" with every error."""
    return job_check(AidImportJob, job_id, check=imports.aid_import_preview)


@task()
@in_job_language(AidImportJob)
def commit_aid_import(job_id: int) -> str:
    """Check the file again and write every row or none; the job says what was written, or why nothing was."""
    return job_commit(AidImportJob, job_id, commit=imports.aid_import_commit)
