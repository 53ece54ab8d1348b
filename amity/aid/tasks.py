"""Background work for the aid import: check a file, then write it all or nothing, reporting
progress on the AidImportJob that the import page polls (``core.import_rows``'s job tasks)."""

import functools

from django_tasks import task

from amity.core.import_rows import ImportPreview, job_check, job_commit
from amity.core.jobs import in_job_language

from . import imports
from .models import AidImportJob

#: The last file this worker checked, by job: its commit writes those checked rows instead of
#: checking the file again when nothing the check read has changed since (``aid_import_commit``).
_checked: dict[int, ImportPreview] = {}


@task()
@in_job_language(AidImportJob)
def check_aid_import(job_id: int) -> str:
    """Check every row; the job ends "checked" (ready to import) or "refused" with every error."""

    def check(**kwargs) -> ImportPreview:
        preview = imports.aid_import_preview(**kwargs)
        _checked.clear()  # one file's rows kept at a time
        if preview.ok:
            _checked[job_id] = preview
        return preview

    return job_check(AidImportJob, job_id, check=check)


@task()
@in_job_language(AidImportJob)
def commit_aid_import(job_id: int) -> str:
    """Write every row or none (the file checked again unless this worker's check of it still
    holds); the job says what was written, or why nothing was."""
    commit = functools.partial(imports.aid_import_commit, checked=_checked.pop(job_id, None))
    return job_commit(AidImportJob, job_id, commit=commit)
