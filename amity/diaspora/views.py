"""Screens of the overseas-compatriots module; personal data guarded and every view of it logged."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from amity.core import views as core_views
from amity.core.access import unit_ids_for_user, user_can
from amity.core.export import export_response, label_positions, table_rows
from amity.core.jobs import import_job_create, job_update
from amity.core.personal import personal_unit_ids
from amity.core.views import (
    ObjectChangeLogView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectRestoreView,
)
from amity.union.figures import FiguresQueryMixin
from amity.union.selectors import stated_beside

from . import charts, contribution_imports, filtersets, forms, imports, selectors, services, tables, tasks
from .metrics import FIGURES_PAGE
from .models import (
    Compatriot,
    Contribution,
    ContributionImportJob,
    DuplicateScan,
    ErasureJob,
    ImportJob,
    MergeRecord,
    RemittanceStat,
)


class CompatriotListView(ObjectListView):
    """Names and contacts masked unless ``?reveal=1``; every page with personal data is logged."""

    model = Compatriot
    template_name = "diaspora/compatriot_list.html"
    filterset_class = filtersets.CompatriotFilterSet
    table_class = tables.CompatriotTable
    personal_data = True

    def get_queryset(self):
        return selectors.compatriot_list(user=self.request.user)

    def get_table_data(self):
        return selectors.compatriot_order(user=self.request.user, queryset=super().get_table_data())

    def get_table_kwargs(self):
        return {
            "personal_ids": personal_unit_ids(self.request.user),
            "reveal": self.request.GET.get("reveal") == "1",
            "names_hidden": selectors.hides_names(user=self.request.user, queryset=self.object_list),
        }

    def render_to_response(self, context, **kwargs):
        user = self.request.user
        fmt = self.request.GET.get("export")
        if fmt in self.export_formats:
            if not (user.is_superuser or unit_ids_for_user(user, "export")):
                raise PermissionDenied
            records = selectors.compatriot_order(user=user, queryset=self.object_list.restrict(user, "export"))
            rows, labels = table_rows(self.table_class(records, personal_ids=personal_unit_ids(user), reveal=True))
            query = self.request.GET.copy()
            query.pop("export", None)
            return export_response(
                rows=rows,
                labels=labels,
                fmt=fmt,
                filename="compatriots",
                model=Compatriot,
                user=user,
                query=query.urlencode(),
                personal=True,
                records=records,
            )
        table = context["table"]
        rows = [row.record for row in table.paginated_rows]
        shown = [r for r in rows if table.allowed(r) and not r.erased_at]
        if shown:
            services.personal_access_record(
                actor=user, kind="reveal" if table.reveal else "list", records=shown, query=self.request.GET.urlencode()
            )
        return super().render_to_response(context, **kwargs)


class CompatriotDetailView(ObjectDetailView):
    model = Compatriot

    def get_queryset(self):
        return selectors.compatriot_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        allowed = selectors.can_view_personal(user, person) and not person.erased_at
        if allowed:
            services.personal_access_record(actor=user, kind="detail", records=[person], query=f"pk={person.pk}")
        rows = []
        for name in _detail_fields():
            f = Compatriot._meta.get_field(name)
            if name in Compatriot.personal_fields:
                value = selectors.personal_value(person, name, allowed=allowed, reveal=True)
            elif f.choices:
                value = getattr(person, f"get_{name}_display")()
            else:
                value = getattr(person, name)
            rows.append((f.verbose_name, value))
        ctx.update(
            rows=rows,
            allowed=allowed,
            contributions=person.contributions.all(),
            can_erase=allowed and user_can(user, "delete", person.unit_id),
            erasure=selectors.erasure_latest(user=user, compatriot=person),
            merges=MergeRecord.objects.restrict(self.request.user).filter(
                kept=person, undone_at__isnull=True, kept__erased_at__isnull=True
            ),
        )
        return ctx


def _detail_fields() -> list[str]:
    return [f for f in forms.CompatriotForm.Meta.fields if f != "unit"] + ["unit"]


class CompatriotEditView(ObjectEditView):
    """Editing needs the personal right too: the form shows every personal field."""

    model = Compatriot
    form_class = forms.CompatriotForm
    create_service = staticmethod(services.compatriot_create)
    update_service = staticmethod(services.compatriot_update)
    add_action = "view_personal"
    change_action = "view_personal"

    def get_object(self):
        obj = super().get_object()
        if obj is not None and not user_can(self.request.user, "change", obj.unit_id):
            raise PermissionDenied
        return obj


class CompatriotEraseView(LoginRequiredMixin, View):
    """The erasure form; the erasure itself runs in the task worker (its page follows it)."""

    def get_object(self):
        return selectors.access_compatriot_for_erasure(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, pk):
        person = self.get_object()
        context = {
            "object": person,
            "form": forms.EraseForm(),
            "erasure": selectors.erasure_latest(user=request.user, compatriot=person),
        }
        return render(request, "diaspora/erase.html", context)

    def post(self, request, pk):
        person = self.get_object()
        form = forms.EraseForm(request.POST)
        if form.is_valid():
            try:
                job = services.erasure_request(actor=request.user, compatriot=person, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if job.status == ErasureJob.Status.QUEUED:
                    tasks.erase_compatriot.enqueue(job.pk)
                return HttpResponseRedirect(job.get_absolute_url())
        return render(request, "diaspora/erase.html", {"object": person, "form": form}, status=400)


class ErasureJobView(LoginRequiredMixin, View):
    """One erasure's progress (htmx polls it while the worker runs it), then a link to the record;
    an erasure whose worker stopped can be run again from here."""

    def render_job(self, request, job, status=200):
        template = "diaspora/erasure.html" + ("#status" if getattr(request, "htmx", False) else "")
        return render(request, template, {"job": job, "record_url": _record_url(job.compatriot)}, status=status)

    def get(self, request, pk):
        return self.render_job(request, selectors.access_erasure(user=request.user, pk=pk))

    def post(self, request, pk):
        job = selectors.access_erasure(user=request.user, pk=pk)
        try:
            job = services.erasure_requeue(actor=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_job(request, job, status=409)
        tasks.erase_compatriot.enqueue(job.pk)
        return HttpResponseRedirect(job.get_absolute_url())


def _record_url(person: Compatriot) -> str:
    """The detail page, or the history page of a deleted record (which has no detail page)."""
    if person.is_deleted:
        return reverse("diaspora:compatriot_changelog", args=[person.pk])
    return person.get_absolute_url()


class CompatriotChangeLogView(ObjectChangeLogView):
    """History; a deleted record can be erased here, and a merged one is brought back only by
    undoing its merge (a plain restore would count the person twice)."""

    template_name = "diaspora/compatriot_changelog.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person, user = ctx["object"], self.request.user
        ctx["can_erase"] = (
            person.is_deleted
            and not person.erased_at
            and user_can(user, "view_personal", person.unit_id)
            and user_can(user, "delete", person.unit_id)
        )
        if person.merged_into_id:
            ctx["can_restore"] = False
        return ctx


class CompatriotRestoreView(ObjectRestoreView):
    def post(self, request, *args, **kwargs):
        queryset = Compatriot.all_objects.restrict(request.user, "delete").filter(merged_into__isnull=False)
        merged = queryset.filter(pk=kwargs["pk"]).first()
        if merged is not None:
            messages.error(request, _("This record was merged into another: undo the merge from the record kept."))
            return HttpResponseRedirect(reverse("diaspora:compatriot_changelog", args=[merged.pk]))
        return super().post(request, *args, **kwargs)


class DuplicateListView(LoginRequiredMixin, View):
    """The user's last duplicate search: its progress while the worker runs it (htmx polls the
    status), then the pairs best first with their reasons; a button starts a new search."""

    template_name = "diaspora/duplicates.html"

    def get(self, request):
        scan = selectors.duplicate_scan_latest(user=request.user)
        pairs = selectors.duplicate_candidates(user=request.user, scan=scan) if scan else []
        if pairs:
            services.personal_access_record(
                actor=request.user, kind="duplicates", records=selectors.duplicate_persons(pairs)
            )
        template = self.template_name + ("#status" if getattr(request, "htmx", False) else "")
        context = {"scan": scan, "pairs": pairs, "stalled": scan is not None and selectors.duplicate_scan_stalled(scan)}
        return render(request, template, context)

    def post(self, request):
        if not selectors.duplicate_scan_allowed(user=request.user):
            raise PermissionDenied
        scan = services.duplicate_scan_request(actor=request.user)
        if scan.status == DuplicateScan.Status.QUEUED:
            tasks.scan_duplicates.enqueue(scan.pk)
        return HttpResponseRedirect(reverse("diaspora:duplicates"))


class MergeView(LoginRequiredMixin, View):
    def post(self, request):
        user = request.user
        kept, dup = selectors.access_merge_pair(
            user=user, kept_pk=request.POST.get("kept"), duplicate_pk=request.POST.get("duplicate")
        )
        try:
            services.compatriot_merge(actor=user, kept=kept, duplicate=dup)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("diaspora:duplicates"))
        messages.success(request, _("Merged. The merge can be undone from the record."))
        return HttpResponseRedirect(kept.get_absolute_url())


class MergeUndoView(LoginRequiredMixin, View):
    def post(self, request, pk):
        merge = selectors.access_merge(user=request.user, pk=pk)
        try:
            restored = services.merge_undo(actor=request.user, merge=merge)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            restored = merge.merged
        else:
            messages.success(request, _("The merge was undone."))
        return HttpResponseRedirect(restored.get_absolute_url())


class ContributionListView(ObjectListView):
    model = Contribution
    filterset_class = filtersets.ContributionFilterSet
    table_class = tables.ContributionTable
    template_name = "diaspora/contribution_list.html"
    personal_data = True  # the export names compatriot donors

    def export_rows(self, records) -> tuple[list[list], frozenset[int]]:
        """The import's columns and headings, so that the export can be edited and imported again;
        the compatriot's number and year of birth written as they are."""
        rows = contribution_imports.export_rows(records, personal_ids=personal_unit_ids(self.request.user))
        return rows, label_positions(contribution_imports.COLUMNS, also={"compatriot", "birth"})

    def get_queryset(self):
        return selectors.contribution_list(user=self.request.user)

    def get_table_kwargs(self):
        return {"personal_ids": personal_unit_ids(self.request.user)}

    def render_to_response(self, context, **kwargs):
        """A page naming compatriot donors is a view of personal data: logged like the registry's."""
        table = context.get("table")
        if table is not None and not self.request.GET.get("export"):
            named = [
                row.record
                for row in table.paginated_rows
                if row.record.compatriot_id and table.donor_visible(row.record) and not row.record.compatriot.erased_at
            ]
            if named:
                services.personal_access_record(
                    actor=self.request.user,
                    kind="list",
                    records=named,
                    query=self.request.GET.urlencode(),
                    model=Contribution,
                )
        return super().render_to_response(context, **kwargs)


class ContributionDetailView(ObjectDetailView):
    model = Contribution
    hidden_fields = ("compatriot",)  # shown by the template, only where the user may see the name

    def get_queryset(self):
        return selectors.contribution_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        donor = self.object.compatriot
        ctx["compatriot_visible"] = bool(donor) and selectors.can_view_personal(self.request.user, donor)
        return ctx


class ContributionEditView(ObjectEditView):
    model = Contribution
    form_class = forms.ContributionForm
    create_service = staticmethod(services.contribution_create)
    update_service = staticmethod(services.contribution_update)


class RemittanceStatListView(ObjectListView):
    model = RemittanceStat
    filterset_class = filtersets.RemittanceStatFilterSet
    table_class = tables.RemittanceStatTable

    def get_queryset(self):
        return selectors.remittance_list(user=self.request.user)


class RemittanceStatDetailView(ObjectDetailView):
    model = RemittanceStat


class RemittanceStatEditView(ObjectEditView):
    model = RemittanceStat
    form_class = forms.RemittanceStatForm
    create_service = staticmethod(services.remittance_create)


class StatisticsView(LoginRequiredMixin, FiguresQueryMixin, TemplateView):
    """Counts and shares by country, region, grouping or home province, with the world map (of
    every year unless a period is asked: the compatriots recorded are counted whenever recorded)."""

    reads_from_replica = True

    template_name = "diaspora/statistics.html"
    period_params = ("since", "until")

    def default_period(self, current):
        return None, None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        asked = self.figures_asked()
        form = forms.FiguresForm(self.request.GET, user=self.request.user)
        form.is_valid()  # the grouping and currency; a bad one is shown on the form and left out
        options = {
            **form.figure_kwargs(),
            "unit": asked.unit,
            "since": asked.start,
            "until": asked.end,
            "day": asked.day,
        }
        figures = selectors.diaspora_figures(user=self.request.user, **options)
        ctx.update(
            comparisons=stated_beside(
                user=self.request.user,
                unit=asked.unit,
                start=asked.start,
                end=asked.end,
                computed=FIGURES_PAGE,
                day=asked.day,
            ),
            form=form,
            asked=asked,
            figures=figures,
            group_by=options["group_by"],
            chart=mark_safe(charts.share_chart_svg(figures)),
            world_map=mark_safe(charts.world_map_svg(figures.by_country_code)),
        )
        return ctx


class ImportView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_superuser or unit_ids_for_user(request.user, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, form, status=200):
        context = {
            "form": form,
            "headings": [imports.field_label(name) for name in imports.COLUMNS],
            "jobs": ImportJob.objects.restrict(request.user).filter(user=request.user).select_related("unit")[:10],
        }
        return render(request, "diaspora/import.html", context, status=status)

    def get(self, request):
        return self.render_page(request, forms.ImportForm(user=request.user))

    def post(self, request):
        form = forms.ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        upload = form.cleaned_data["file"]
        consent = form.cleaned_data.get("consent_on")
        job = import_job_create(
            actor=request.user,
            model=ImportJob,
            unit=form.cleaned_data["unit"],
            filename=upload.name,
            content=upload.read(),
            options={
                "consent_on": consent.isoformat() if consent else None,
                "skip_existing": form.cleaned_data["skip_existing"],
            },
        )
        tasks.check_import.enqueue(job.pk)
        return HttpResponseRedirect(reverse("diaspora:import_job", args=[job.pk]))


class ContributionImportView(LoginRequiredMixin, View):
    """Upload a list of contributions; the check runs in the task worker and the job's page shows it."""

    template_name = "diaspora/contribution_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_superuser or unit_ids_for_user(request.user, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, form, status=200):
        context = {
            "form": form,
            "headings": [contribution_imports.field_label(name) for name in contribution_imports.COLUMNS],
            "jobs": ContributionImportJob.objects.restrict(request.user).select_related("unit")[:10],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request, forms.UploadForm(user=request.user))

    def post(self, request):
        form = forms.UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        upload = form.cleaned_data["file"]
        job = import_job_create(
            actor=request.user,
            model=ContributionImportJob,
            unit=form.cleaned_data["unit"],
            filename=upload.name,
            content=upload.read(),
        )
        tasks.check_contribution_import.enqueue(job.pk)
        return HttpResponseRedirect(job.get_absolute_url())


class ImportTemplateView(core_views.ImportTemplateView):
    workbook = staticmethod(imports.import_template)
    filename = gettext_lazy("compatriots template")
    fallback = "compatriots-template"


class ContributionImportTemplateView(core_views.ImportTemplateView):
    workbook = staticmethod(contribution_imports.import_template)
    filename = gettext_lazy("contributions template")
    fallback = "contributions-template"


class ContributionImportJobView(core_views.ImportJobView):
    model = ContributionImportJob
    template_name = "diaspora/contribution_import_job.html"
    columns = contribution_imports.FIELDS
    check_task = tasks.check_contribution_import
    commit_task = tasks.commit_contribution_import


#: What may become of a row that repeats a person of an earlier row.
DUPLICATE_CHOICES = ("keep", "merge", "drop")


class ImportJobView(core_views.ImportJobView):
    """A compatriot import: besides the mapping and the commit, the user decides what becomes of
    each person the file repeats (keep, merge, drop), and the file is checked again."""

    model = ImportJob
    template_name = "diaspora/import_job.html"
    columns = imports.FIELDS
    check_task = tasks.check_import
    commit_task = tasks.commit_import

    def post_action(self, request, job):
        if "resolve" in request.POST:  # the user's choice for each repeated person; checked again
            if job.status != ImportJob.Status.CHECKED:
                return self.render_job(request, job, status=409)
            choices = {
                str(row): request.POST.get(f"dup_{row}", "")
                for row, *_rest in job.report.get("duplicates", [])
                if request.POST.get(f"dup_{row}") in DUPLICATE_CHOICES
            }
            options = {**(job.options or {}), "duplicates": choices}
            job_update(ImportJob, job.pk, options=options, status=ImportJob.Status.UPLOADED)
            tasks.check_import.enqueue(job.pk)
            return HttpResponseRedirect(job.get_absolute_url())
        if job.report.get("unresolved"):
            messages.error(request, _("Choose first what to do with each person the file repeats."))
            return self.render_job(request, job, status=409)
        return None
