"""Renderings whose worker was lost: failed by the periodic expiry, shown failed meanwhile; and
the files a lost worker wrote but never recorded, removed."""

import posixpath
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amity.core.context import Source, change_context

from .choices import JobStatus
from .models import RenderJob

#: Where renderings are stored (``RenderJob.file``'s ``upload_to`` without its year).
RENDER_DIR = "reports"


def render_timeout() -> timedelta:
    """How long a rendering may stay queued or running before it is taken as lost."""
    return timedelta(minutes=settings.REPORT_RENDER_TIMEOUT_MINUTES)


def render_jobs_expire(*, jobs: QuerySet[RenderJob] | None = None, now: datetime | None = None) -> list[RenderJob]:
    """Fail the renderings queued or running for longer than the timeout: their worker died or
    none is running, and the file list would otherwise wait for them forever. A late worker that
    still finishes one turns it to done; meanwhile the user may render the file again."""
    cutoff = (now or timezone.now()) - render_timeout()
    running = Q(status=JobStatus.RUNNING) & (Q(started_at__lt=cutoff) | Q(started_at__isnull=True, updated__lt=cutoff))
    queued = Q(status=JobStatus.QUEUED, created__lt=cutoff)
    expired = []
    with transaction.atomic(), change_context(source=Source.SYSTEM, message="report rendering timeout"):
        for job in (
            (jobs if jobs is not None else RenderJob.objects.all())
            .filter(running | queued)
            .select_related(None)
            .select_for_update(of=("self",))
        ):
            render_job_as_shown(job, now=now)
            job.save(update_fields=["status", "error", "finished_at", "version", "updated"])
            expired.append(job)
    return expired


def render_job_as_shown(job: RenderJob, *, now: datetime | None = None) -> RenderJob:
    """``job`` failed in memory if it waited or ran past the timeout (what ``render_jobs_expire``
    writes): pages and the API show a lost rendering as failed without writing on a read."""
    now = now or timezone.now()
    cutoff = now - render_timeout()
    if job.status == JobStatus.RUNNING:
        lost = (job.started_at or job.updated) < cutoff
    else:
        lost = job.status == JobStatus.QUEUED and job.created < cutoff
    if not lost:
        return job
    minutes = settings.REPORT_RENDER_TIMEOUT_MINUTES
    with translation.override(job.language):  # in the language the file was asked for
        if job.status == JobStatus.RUNNING:
            job.error = _(
                "The rendering did not finish within %(minutes)s minutes: the background worker stopped. "
                "Render the file again."
            ) % {"minutes": minutes}
        else:
            job.error = _(
                "No background worker started the rendering within %(minutes)s minutes. "
                "Check that the worker is running, then render the file again."
            ) % {"minutes": minutes}
    job.status = JobStatus.FAILED
    job.finished_at = now
    return job


def orphan_renderings_remove(*, now: datetime | None = None) -> list[str]:
    """Delete the rendered files no job records, older than the render timeout. A worker killed
    after it wrote a file but before its transaction committed leaves such a file: no page links
    to it and nothing would ever remove it. Younger files may belong to a rendering about to commit.
    Returns the names removed."""
    field = RenderJob._meta.get_field("file")
    storage, cutoff = field.storage, (now or timezone.now()) - render_timeout()
    if not storage.exists(RENDER_DIR):
        return []
    recorded = set(RenderJob.objects.exclude(file="").values_list("file", flat=True))
    removed = []
    for year in storage.listdir(RENDER_DIR)[0]:
        folder = posixpath.join(RENDER_DIR, year)
        for name in storage.listdir(folder)[1]:
            path = posixpath.join(folder, name)
            if path not in recorded and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed.append(path)
    return removed
