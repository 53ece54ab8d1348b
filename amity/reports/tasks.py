"""Background rendering of reports (django-tasks); a failure is recorded on the job, not raised."""

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from amity.audit.context import Source, change_context

from .choices import JobStatus
from .content import build_document
from .models import RenderJob
from .renderers import RENDERERS


@task()
def render_report(*, job_id: int) -> str:
    job = RenderJob.objects.select_related("report__unit", "report__plan", "requested_by").get(pk=job_id)
    with change_context(actor=job.requested_by, source=Source.SYSTEM, message="report rendering"):
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at", "version", "updated"])
        with translation.override(job.language):
            try:
                document = build_document(report=job.report, user=job.requested_by)
                payload = RENDERERS[job.format](document)
            except Exception as exc:  # any failure must reach the user, the report stays editable
                job.status = JobStatus.FAILED
                job.error = _("The file could not be produced: %(reason)s") % {"reason": f"{type(exc).__name__}: {exc}"}
            else:
                job.file.save(f"{document.filename}.{job.format}", ContentFile(payload), save=False)
                job.status = JobStatus.DONE
                job.error = ""
        job.finished_at = timezone.now()
        job.save()
    return job.status
