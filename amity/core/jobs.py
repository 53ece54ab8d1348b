"""What the background import jobs of every app share: the stored job (an uploaded file on its way
in), its progress as the worker reports it, the language its report is written in, and its expiry
(a job whose worker died is failed with the reason; a file left unimported is not kept for ever).

An app's job model extends ``ImportJobBase`` and names its statuses; ``import_jobs_expire`` finds
every such model by itself.
"""

import functools
import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, connections, models, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from .access import user_can
from .querysets import OwnedManager

logger = logging.getLogger(__name__)


class ImportJobBase(models.Model):
    """An uploaded file checked, then written all or nothing, by background tasks that the job's
    page polls. Working state, not audited itself; the records it writes are. The file is dropped
    once the job is imported or refused, or when it expires (``import_jobs_expire``)."""

    #: Statuses in which a worker is busy with the job, or should be about to start it.
    RUNNING: tuple[str, ...] = ("uploaded", "checking", "queued", "importing")
    #: Statuses in which the job waits for a worker to pick it up.
    WAITING: tuple[str, ...] = ("uploaded", "queued")
    #: Statuses in which the job waits for its user, with the file kept.
    KEEPS_FILE: tuple[str, ...] = ("checked",)
    #: Keys of ``report`` that hold values read from the file (personal data in some apps).
    PERSONAL_REPORT_KEYS: tuple[str, ...] = ()
    DONE = "done"
    FAILED = "failed"

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("unit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("user"),
    )
    created = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)
    filename = models.CharField(gettext_lazy("file name"), max_length=255)
    content = models.BinaryField(gettext_lazy("file content"))
    status = models.CharField(gettext_lazy("status"), max_length=20, default="uploaded")
    total = models.PositiveIntegerField(gettext_lazy("rows"), default=0)
    done = models.PositiveIntegerField(gettext_lazy("rows processed"), default=0)
    report = models.JSONField(gettext_lazy("check report"), default=dict, blank=True)
    header = models.JSONField(gettext_lazy("file columns"), default=list)
    mapping = models.JSONField(
        gettext_lazy("column mapping"),
        default=dict,
        help_text=gettext_lazy(
            "File column -> field (empty: not imported), as recognised or as corrected by the user."
        ),
    )
    language = models.CharField(
        gettext_lazy("language"),
        max_length=10,
        blank=True,
        help_text=gettext_lazy("The uploader's language: the report is written in it."),
    )
    started = models.DateTimeField(gettext_lazy("started"), null=True, blank=True)
    finished = models.DateTimeField(gettext_lazy("finished"), null=True, blank=True)
    updated = models.DateTimeField(
        gettext_lazy("last progress"),
        default=timezone.now,
        help_text=gettext_lazy("When the job last changed or its worker last reported progress."),
    )

    objects = OwnedManager()

    class Meta:
        abstract = True
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def no_worker(self) -> bool:
        """Waiting longer than ``WORKER_WAIT`` for a worker: the page says a worker must be running."""
        return worker_missing(status_waiting=self.status in self.WAITING, since=self.updated)


#: How long a job may wait to be picked up before its page says that no worker seems to run.
WORKER_WAIT = timedelta(minutes=1)


def worker_missing(*, status_waiting: bool, since: datetime | None) -> bool:
    """True when a job still waits for a worker ``WORKER_WAIT`` after it was queued (import jobs
    and report renderings alike)."""
    return status_waiting and since is not None and timezone.now() - since > WORKER_WAIT


def job_update(model: type[ImportJobBase], pk: int, **fields) -> int:
    """Change a job's fields and mark it alive (what the expiry looks at)."""
    return model.objects.filter(pk=pk).update(updated=timezone.now(), **fields)


def job_finish(model: type[ImportJobBase], pk: int, status: str, report: dict, **fields) -> None:
    """A finished job keeps its report, not its file."""
    now = timezone.now()
    model.objects.filter(pk=pk).update(status=status, report=report, content=b"", finished=now, updated=now, **fields)


@transaction.atomic
def import_job_create(
    *, actor, model: type[ImportJobBase], unit, filename: str, content: bytes, language: str | None = None, **fields
) -> ImportJobBase:
    """Record ``actor``'s uploaded file in ``unit`` as a job of ``model`` (the aid, contribution or
    compatriot import), its report to be written in ``language`` (the active one by default);
    ``fields`` are the model's own (a compatriot import's options). The caller enqueues the check."""
    if language is None:
        language = translation.get_language() or settings.LANGUAGE_CODE
    job = model(unit=unit, user=actor, filename=filename[:255], content=content, language=language, **fields)
    job.full_clean(exclude=["header", "mapping"])  # filled in by the check
    job.save()
    return job


def job_queue_commit(*, actor, job: ImportJobBase, checked: str = "checked", queued: str = "queued") -> None:
    """Move the actor's checked job to the commit queue; refused unless it is the actor's own, in a
    unit where the actor may still add records, and checked without errors. The state change is one
    conditional UPDATE, so a double click queues it once."""
    if job.user_id != actor.pk or not user_can(actor, "add", job.unit_id):
        raise PermissionDenied
    model = type(job)
    if not model.objects.filter(pk=job.pk, user=actor, status=checked).update(
        status=queued, done=0, updated=timezone.now()
    ):
        job.refresh_from_db(fields=["status"])
        raise ValidationError(
            _("Only a file checked without errors can be imported; this one is: %(status)s.")
            % {"status": job.get_status_display()}
        )
    job.status = queued


def in_job_language(model: type[ImportJobBase]):
    """Run a task ``run(job_id)`` in the uploader's language, so that the stored report reads in it;
    expired jobs are failed first (every worker that starts does it, cron or not)."""

    def decorator(run):
        @functools.wraps(run)
        def wrapper(job_id: int):
            import_jobs_expire()
            language = model.objects.filter(pk=job_id).values_list("language", flat=True).first()
            with translation.override(language or settings.LANGUAGE_CODE):
                return run(job_id)

        return wrapper

    return decorator


class JobProgress:
    """The ``progress(done, total, stage)`` callback of a task: writes rows done/total to the job,
    its status when the stage changes, and the time (so a live job does not expire).

    A commit checks and writes its rows inside one transaction, which at its end marks the job done.
    On PostgreSQL, progress reported inside a transaction therefore goes through a second connection
    that commits each update at once: the page sees it live, and the writing transaction does not
    touch the job's row until it finishes (so neither connection waits on the other). SQLite allows
    one writer, so there progress stays in the transaction and shows when it commits."""

    def __init__(self, model: type[ImportJobBase], job_id: int, *, statuses: dict[str, str], stage: str = "check"):
        self.model = model
        self.job_id = job_id
        self.statuses = statuses
        self.stage = stage
        self.written_stage: str | None = None
        self.side = None
        self.side_blocked = False

    def __call__(self, done: int, total: int, stage: str | None = None) -> None:
        stage = stage or self.stage
        fields: dict = {"done": done, "total": total, "updated": timezone.now()}
        if stage != self.written_stage:
            self.written_stage = stage
            if stage in self.statuses:
                fields["status"] = self.statuses[stage]
        if connection.vendor == "postgresql" and connection.in_atomic_block and not self.side_blocked:
            if self._side_update(fields):
                return
            # The job's row is not visible outside this transaction (a test's) or is locked by it:
            # waiting from a second connection would wait for ever, so progress goes with the transaction.
            self.side_blocked = True
            self.close()
        self.model.objects.filter(pk=self.job_id).update(**fields)

    def _side_update(self, fields: dict) -> bool:
        """Write ``fields`` through the second connection; False if its row cannot be written there."""
        try:
            if self.side is None:
                self.side = connections.create_connection("default")
                with self.side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '100ms'")
            sets = ", ".join(f"{name} = %s" for name in fields)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {self.model._meta.db_table} SET {sets} WHERE id = %s",  # noqa: S608 (names are ours)
                    [*fields.values(), self.job_id],
                )
                return cursor.rowcount == 1
        except OperationalError:
            return False

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


class TqdmProgress:
    """The same callback for a management command: one progress bar a stage, on the terminal."""

    def __init__(self, *, disable: bool = False, stage: str = "check", file=None):
        self.disable = disable
        self.file = file
        self.stage = stage
        self.bars: dict = {}

    def __call__(self, done: int, total: int, stage: str | None = None) -> None:
        stage = stage or self.stage
        if stage not in self.bars:
            self.close()
            self.bars[stage] = tqdm(desc=stage, unit="row", total=total, disable=self.disable, file=self.file)
        bar = self.bars[stage]
        bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


# --- expiry ---------------------------------------------------------------------------------------


def job_models() -> list[type[ImportJobBase]]:
    return [m for m in apps.get_models() if issubclass(m, ImportJobBase)]


def job_timeout() -> timedelta:
    """How long a running job may go without progress before its worker is taken as dead."""
    return timedelta(minutes=settings.IMPORT_JOB_TIMEOUT_MINUTES)


def file_keep() -> timedelta:
    """How long a job that is not imported keeps its file (and the values read from it)."""
    return timedelta(days=settings.IMPORT_FILE_DAYS)


def scrub_report(model: type[ImportJobBase], report: dict) -> dict:
    """The report without the values read from the file."""
    return {k: v for k, v in (report or {}).items() if k not in model.PERSONAL_REPORT_KEYS}


def _expired_reason(job: ImportJobBase) -> str:
    with translation.override(job.language or settings.LANGUAGE_CODE):
        if job.status in ("uploaded", "queued"):
            return _(
                "No background worker started this job within %(minutes)s minutes; nothing was written. "
                "Check that the worker is running, then upload the file again."
            ) % {"minutes": settings.IMPORT_JOB_TIMEOUT_MINUTES}
        if job.status in job.RUNNING:
            return _(
                "The job stopped: no progress for %(minutes)s minutes (the background worker stopped). "
                "Nothing was written; upload the file again."
            ) % {"minutes": settings.IMPORT_JOB_TIMEOUT_MINUTES}
        return _(
            "The file was not imported within %(days)s days and has been deleted. Upload it again to import it."
        ) % {"days": settings.IMPORT_FILE_DAYS}


def _expiry(job: ImportJobBase, *, now: datetime) -> dict | None:
    """The fields that expire ``job`` at ``now`` (see ``import_jobs_expire``), or None while it lives."""
    model = type(job)
    stuck = job.status in model.RUNNING and job.updated < now - job_timeout()
    old = job.updated < now - file_keep() and (
        job.status in model.KEEPS_FILE or any(key in (job.report or {}) for key in model.PERSONAL_REPORT_KEYS)
    )
    if not (stuck or old):
        return None
    fields: dict = {"report": scrub_report(model, job.report), "content": b"", "updated": now}
    if job.status != model.FAILED:
        fields["report"]["refused"] = _expired_reason(job)
        fields.update(status=model.FAILED, finished=now)
    return fields


def job_as_shown(job: ImportJobBase, *, now: datetime | None = None) -> ImportJobBase:
    """``job`` as the next expiry run will leave it, computed without writing: a page read shows
    a job whose worker was lost as failed before the periodic ``import_jobs_expire`` has run."""
    for name, value in (_expiry(job, now=now or timezone.now()) or {}).items():
        if name != "updated":
            setattr(job, name, value)
    return job


def access_job(model: type[ImportJobBase], *, request, pk: int) -> ImportJobBase:
    """The signed-in user's job ``pk`` of ``model`` (404 for anyone else's). A read shows it as the
    next expiry run will leave it and writes nothing; a write (commit, mapping) expires it first."""
    jobs = model.objects.restrict(request.user)
    if request.method not in ("GET", "HEAD"):
        import_jobs_expire(jobs=jobs.filter(pk=pk))
    return job_as_shown(get_object_or_404(jobs.select_related("unit"), pk=pk))


def import_jobs_expire(*, jobs: QuerySet | None = None, now: datetime | None = None) -> list[ImportJobBase]:
    """Fail the running jobs with no progress for ``IMPORT_JOB_TIMEOUT_MINUTES`` (their worker died,
    or none runs: the page would poll for ever), and drop the file and the values read from it of
    the jobs not imported within ``IMPORT_FILE_DAYS`` (a checked file never committed, columns never
    mapped, a refused file's report). Each job changes with one conditional UPDATE, so a worker that
    moves on meanwhile is not overwritten. Returns the jobs changed."""
    now = now or timezone.now()
    stuck_before, file_before = now - job_timeout(), now - file_keep()
    changed = []
    for qs in [jobs] if jobs is not None else [m.objects.all() for m in job_models()]:
        model = qs.model
        old = Q(updated__lt=file_before) & (
            Q(status__in=model.KEEPS_FILE)
            | (Q(report__has_any_keys=list(model.PERSONAL_REPORT_KEYS)) if model.PERSONAL_REPORT_KEYS else Q(pk=None))
        )
        stuck = Q(status__in=model.RUNNING, updated__lt=stuck_before)
        for job in qs.filter(stuck | old).defer("content"):
            fields = _expiry(job, now=now)
            if fields and model.objects.filter(pk=job.pk, status=job.status, updated=job.updated).update(**fields):
                logger.info("%s %s expired (was %s)", model._meta.label, job.pk, job.status)
                changed.append(job)
    return changed
