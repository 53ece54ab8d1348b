"""Background rendering of reports (django-tasks); a failure is recorded on the job, not raised."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from amity.audit.services import event_record
from amity.core.context import Source, change_context
from amity.core.replica import replica_reads

from .choices import JobStatus
from .content import build_document
from .expiry import render_jobs_expire
from .models import RenderJob
from .renderers import CHARTED, RENDERERS


@task()
def render_report(*, job_id: int) -> str:
    """Render one job in the report's language. A job the timeout already failed stays failed:
    one still queued is not rendered at all, and one that finishes after it was given up keeps
    its failure (the user was told to render again) with an audit event saying the late result
    was discarded, instead of turning into done behind the user's back."""
    render_jobs_expire()  # every worker that starts fails the renderings lost before it
    with transaction.atomic():
        job = (
            RenderJob.objects.select_related("report__unit", "report__plan", "requested_by")
            .select_for_update(of=("self",))
            .get(pk=job_id)
        )
        if job.status != JobStatus.QUEUED:
            return job.status
        with change_context(actor=job.requested_by, source=Source.TASK, message="report rendering"):
            job.status = JobStatus.RUNNING
            job.started_at = timezone.now()
            job.save(update_fields=["status", "started_at", "version", "updated"])
    with change_context(actor=job.requested_by, source=Source.TASK, message="report rendering"):
        with translation.override(job.language):
            try:
                with replica_reads():
                    document = build_document(report=job.report, user=job.requested_by, charts=job.format in CHARTED)
                payload = RENDERERS[job.format](document)
            except Exception as exc:  # any failure must reach the user, the report stays editable
                payload = None
                error = _("The file could not be produced: %(reason)s") % {"reason": f"{type(exc).__name__}: {exc}"}
        with transaction.atomic():
            status = RenderJob.objects.select_for_update().filter(pk=job.pk).values_list("status", flat=True).get()
            if status != JobStatus.RUNNING:  # given up by the timeout while it rendered
                event_record(
                    instance=job,
                    event="report.render_discarded",
                    message="rendering finished after the timeout; the job stays failed",
                    data={"format": job.format, "status": status, "finished_at": timezone.now().isoformat()},
                )
                return status
            if payload is None:
                job.status = JobStatus.FAILED
                job.error = error
            else:
                job.file.save(f"{document.filename}.{job.format}", ContentFile(payload), save=False)
                job.status = JobStatus.DONE
                job.error = ""
            job.finished_at = timezone.now()
            job.save()
    return job.status
