"""Background work: check and import an uploaded file of compatriots (ImportJob) or of contributions
(ContributionImportJob), reporting progress on the job; erase a person on request (ErasureJob);
search for duplicates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from amity.core.context import Source, change_context
from amity.core.import_rows import job_check, job_commit
from amity.core.jobs import JobProgress, in_job_language, job_finish, job_update, scrub_report
from amity.core.tabular import ImportRefused, MappingRefused, parse_date

from . import contribution_imports, imports, services
from .duplicates import find_duplicates
from .models import Compatriot, ContributionImportJob, DuplicateScan, ErasureJob, ImportJob
from .selectors import duplicate_scan_population

Status = ImportJob.Status


def _refuse(job_id: int, report: dict) -> None:
    """Refused: the report says why; the file (personal data) is not kept, nor the preview rows."""
    job_finish(ImportJob, job_id, Status.FAILED, {k: v for k, v in report.items() if k != "preview"})


#: The last file this worker checked, by job: its commit writes those checked rows instead of
#: checking the file again when nothing the check read has changed since (``imports.check_holds``).
_checked: dict[int, imports.CheckResult] = {}


def run_check(job: ImportJob, *, kept: imports.CheckResult | None = None) -> imports.CheckResult | None:
    """Check the job's file with its column mapping and store the preview report; ``None`` when
    the file is refused. Columns that do not map keep the file for the user to map them. ``kept``:
    an earlier check of the job, taken as it is if it still holds."""
    job_update(ImportJob, job.pk, status=Status.CHECKING, done=0, started=timezone.now())
    options = job.options or {}
    arguments = {
        "unit": job.unit,
        "mapping": job.mapping or None,
        "defaults": {k: parse_date(options[k]) for k in ("consent_on", "retain_until") if options.get(k)},
        "skip_existing": bool(options.get("skip_existing")),
        "resolutions": options.get("duplicates") or {},
    }
    content = bytes(job.content)
    try:
        if kept is not None and imports.check_holds(kept, content, job.filename, **arguments):
            result = kept
        else:
            result = imports.check(
                content, job.filename, progress=JobProgress(ImportJob, job.pk, statuses={}), **arguments
            )
    except MappingRefused as exc:
        job_update(
            ImportJob,
            job.pk,
            status=Status.MAPPING,
            header=exc.header,
            mapping=exc.mapping,
            report={"refused": str(exc)},
        )
        return None
    except ImportRefused as exc:
        _refuse(job.pk, {"refused": str(exc)})
        return None
    report = result.as_report()
    job_update(ImportJob, job.pk, header=result.header, mapping=result.mapping)
    if result.ok or (result.unresolved and not result.errors):  # the file is kept for the user to resolve them
        job_update(ImportJob, job.pk, status=Status.CHECKED, report=report)
        return result
    if not result.errors:
        report["refused"] = _("Every row is already in the registry; there is nothing to import.")
    _refuse(job.pk, report)
    return result


@task()
@in_job_language(ImportJob)
def check_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if job.status != Status.UPLOADED:
        return job.status
    result = run_check(job)
    _checked.clear()  # one file's rows kept at a time
    if result is not None and result.ok:
        _checked[job_id] = result
    return ImportJob.objects.get(pk=job_id).status


@task()
@in_job_language(ImportJob)
def commit_import(job_id: int) -> int:
    """Check again (the file is the truth, not the preview) unless this worker's check of it still
    holds, and write all rows or none."""
    job = ImportJob.objects.select_related("unit", "user").get(pk=job_id)
    kept = _checked.pop(job_id, None)
    if job.status != Status.QUEUED or job.user is None:
        return 0
    result = run_check(job, kept=kept)
    if result is None or not result.ok:
        return 0
    job_update(ImportJob, job_id, status=Status.IMPORTING, done=0)
    progress = JobProgress(ImportJob, job_id, statuses={}, stage="write")
    report = scrub_report(ImportJob, result.as_report())
    rows = len(result.rows)
    try:
        # The job is marked done in the transaction that writes the rows: a worker killed at any
        # moment leaves either both or neither, so the job never says "nothing written" wrongly.
        created = imports.commit(
            result,
            unit=job.unit,
            actor=job.user,
            progress=progress,
            filename=job.filename,
            then=lambda created: job_finish(
                ImportJob, job_id, Status.DONE, report, created_count=created, done=rows, total=rows
            ),
        )
    except ImportRefused as exc:
        _refuse(job_id, {"refused": str(exc)})
        return 0
    finally:
        progress.close()
    return created


@task()
def scan_duplicates(scan_id: int) -> int:
    """Compare the persons the requester sees and keep the likely duplicates' ids and reasons."""
    Scan = DuplicateScan.Status
    scan = DuplicateScan.objects.select_related("user").filter(pk=scan_id, status=Scan.QUEUED).first()
    if scan is None:
        return 0
    DuplicateScan.objects.filter(pk=scan_id).update(status=Scan.RUNNING, started=timezone.now(), updated=timezone.now())

    def progress(done: int, total: int) -> None:
        DuplicateScan.objects.filter(pk=scan_id).update(done=done, total=total, updated=timezone.now())

    try:
        people = duplicate_scan_population(user=scan.user)
        found = find_duplicates(people, same_unit=False, progress=progress)
    except Exception as exc:
        DuplicateScan.objects.filter(pk=scan_id).update(
            status=Scan.FAILED, error=str(exc), finished=timezone.now(), updated=timezone.now()
        )
        raise
    pairs = [[c.first.pk, c.second.pk, c.score, c.codes] for c in found[: DuplicateScan.MAX_PAIRS]]
    DuplicateScan.objects.filter(pk=scan_id).update(
        status=Scan.DONE, pairs=pairs, persons=people.count(), finished=timezone.now(), updated=timezone.now()
    )
    return len(found)


@task()
def erase_compatriot(job_id: int) -> str:
    """Run one queued erasure: the kept files are read outside any transaction, then the person is
    erased and the job marked done in one. Taken with one conditional UPDATE, so two workers (or a
    re-run) never erase twice; a person erased meanwhile makes the job done, as it is."""
    Status = ErasureJob.Status
    now = timezone.now()
    if not ErasureJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.READING, started=now, updated=now, done=0, total=0
    ):
        return ErasureJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
    job = ErasureJob.objects.select_related("user").get(pk=job_id)
    person = Compatriot.all_objects.get(pk=job.compatriot_id)
    progress = JobProgress(ErasureJob, job_id, statuses={"read": Status.READING, "erase": Status.ERASING}, stage="read")
    with (
        translation.override(job.language or settings.LANGUAGE_CODE),
        change_context(actor=job.user, source=Source.TASK, message="erasure on request"),
    ):
        try:
            if person.erased_at:
                ErasureJob.objects.filter(pk=job_id).update(status=Status.DONE, finished=timezone.now())
            else:
                services.compatriot_erase(
                    actor=job.user,
                    compatriot=person,
                    requested_on=job.requested_on,
                    reason=job.reason,
                    progress=progress,
                    job=job,
                )
        except ValidationError as exc:
            now = timezone.now()
            ErasureJob.objects.filter(pk=job_id).update(
                status=Status.FAILED, error=" ".join(exc.messages), finished=now, updated=now
            )
        finally:
            progress.close()
    return ErasureJob.objects.filter(pk=job_id).values_list("status", flat=True).get()


@task()
@in_job_language(ContributionImportJob)
def check_contribution_import(job_id: int) -> str:
    """Check every row of a list of contributions; the job ends checked, columns to map, or refused."""
    return job_check(ContributionImportJob, job_id, check=contribution_imports.contribution_import_preview)


@task()
@in_job_language(ContributionImportJob)
def commit_contribution_import(job_id: int) -> str:
    """Check the list again and write every row or none."""
    return job_commit(ContributionImportJob, job_id, commit=contribution_imports.contribution_import_commit)
