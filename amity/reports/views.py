from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from amity.audit.services import export_record
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import filtersets, forms, selectors, services, tables
from .choices import JobStatus, RenderFormat
from .content import build_document, build_section, figure_text, format_value
from .expiry import render_job_as_shown
from .models import RenderJob, Report
from .sections import SectionContent, sections_for


class ReportListView(ObjectListView):
    model = Report
    filterset_class = filtersets.ReportFilterSet
    table_class = tables.ReportTable

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)


class ReportDetailView(ObjectDetailView):
    """The report as it would print today (figures recomputed), its renderings and their files."""

    model = Report

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    def get(self, request, *args, **kwargs):
        if getattr(request, "htmx", False):  # the file list polls itself while a rendering is pending
            self.object = self.get_object()
            return render(request, f"{self.get_template_names()[0]}#jobs", self.jobs_context())
        return super().get(request, *args, **kwargs)

    def jobs_context(self) -> dict:
        jobs = [render_job_as_shown(job) for job in self.object.jobs.select_related("requested_by")[:20]]
        pending = any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in jobs)
        return {"object": self.object, "jobs": jobs, "pending": pending}

    def get_context_data(self, **kwargs):
        """The outline (heading, period, contents, each section's heading and narrative) painted at
        once; each section's figures load from ``ReportSectionView``. ``?full=1`` (the link shown
        without JavaScript) computes every section in this request instead."""
        ctx = super().get_context_data(**kwargs)
        full = self.request.GET.get("full") == "1"
        with translation.override(self.object.language):  # as the files print it, in the report's language
            document = build_document(report=self.object, user=self.request.user, charts=False, figures=full)
            if full:
                for rendered in document.sections:
                    shown(rendered.content)
        ctx.update(
            document=document,
            full=full,
            computed={s.key for s in sections_for(self.object.kind)},
            formats=RenderFormat.choices,
            **self.jobs_context(),
        )
        return ctx


def shown(content: SectionContent) -> None:
    """A section's figures and table cells as the page writes them, in the active language."""
    for figure in content.figures:
        figure.display = figure_text(figure)
    for table in content.tables:
        table.display_rows = [["" if v == "" else format_value(v) for v in row] for row in table.rows]


class ReportSectionView(LoginRequiredMixin, View):
    """One section's figures and tables, loaded into its place on the report's page by htmx: the
    same report the page shows the user (404 otherwise), the section computed for the user as the
    files compute it, with the unit tree read once."""

    reads_from_replica = True

    def get(self, request, pk, key):
        report = selectors.access_report(user=request.user, pk=pk)
        with translation.override(report.language):
            try:
                rendered = build_section(report=report, user=request.user, key=key)
            except KeyError:
                raise Http404 from None
            shown(rendered.content)
            return render(request, "reports/report_detail.html#figures", {"s": rendered, "object": report})


class ReportEditView(ObjectEditView):
    model = Report
    form_class = forms.ReportForm
    create_service = staticmethod(services.report_create)
    update_service = staticmethod(services.report_update)


class ReportRenderView(LoginRequiredMixin, View):
    """Queue a rendering of a report the user may see; back to the report to follow it."""

    def post(self, request, pk):
        report = selectors.access_report(user=request.user, pk=pk)
        form = forms.RenderForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a format."))
            return HttpResponseRedirect(report.get_absolute_url())
        job = services.render_job_start(actor=request.user, report=report, format=form.cleaned_data["format"])
        if job.status == JobStatus.FAILED:
            messages.error(request, job.error)
        else:
            messages.success(
                request,
                _("Rendering %(format)s: %(status)s")
                % {"format": job.get_format_display(), "status": job.get_status_display()},
            )
        return HttpResponseRedirect(report.get_absolute_url())


class RenderJobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = selectors.access_render_job(user=request.user, pk=pk)
        if job.status != JobStatus.DONE or not job.file:
            raise Http404
        export_record(
            actor=request.user,
            model=RenderJob,
            format=job.format,
            row_count=1,
            query=f"report={job.report_id}",
            records=[job],  # the report's unit: its auditors see the download, no other unit's do
        )
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.download_name())
