from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from amity.audit.services import export_record
from amity.core.access import unit_ids_for_user
from amity.core.charts import bar_chart_svg
from amity.core.currencies import ReportingCurrency
from amity.core.export import label_positions
from amity.core.formatting import format_day, format_number
from amity.core.jobs import import_job_create
from amity.core.views import (
    ImportJobView,
    ImportTemplateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RecordActionView,
)
from amity.union.figures import FiguresQueryMixin
from amity.union.selectors import stated_beside
from amity.units.selectors import primary_unit

from . import filtersets, forms, iati, imports, selectors, services, tables, tasks
from .choices import AidStatus
from .metrics import FIGURES_PAGE
from .models import (
    AidDocument,
    AidDonor,
    AidImportJob,
    AidItem,
    AidTransaction,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
)


class AidItemListView(ObjectListView):
    model = AidItem
    filterset_class = filtersets.AidItemFilterSet
    table_class = tables.AidItemTable
    template_name = "aid/aiditem_list.html"

    def get_queryset(self):
        return selectors.aid_item_list(user=self.request.user).prefetch_related("donors")

    def export_rows(self, records) -> tuple[list[list], frozenset[int]]:
        """The import's columns and headings, so that the export can be edited and imported again."""
        return imports.export_rows(records), label_positions(imports.COLUMNS)


class AidItemDetailView(ObjectDetailView):
    model = AidItem

    def get_queryset(self):
        return selectors.aid_item_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = self.object
        ctx.update(
            donor_links=item.donor_links.select_related("organisation__country").prefetch_related(
                "organisation__registrations__provinces"
            ),
            transactions=item.transactions.select_related("donor"),
            documents=item.documents.all(),
            transitions=services.available_transitions(user=self.request.user, item=item) if ctx["can_change"] else [],
            workflow=selectors.workflow_for(item=item, on=timezone.localdate()),
        )
        return ctx


class AidItemEditView(ObjectEditView):
    model = AidItem
    form_class = forms.AidItemForm
    create_service = staticmethod(services.aid_item_create)
    update_service = staticmethod(services.aid_item_update)


class AidRecordedAfterwardsView(ObjectEditView):
    """Enter aid decided before today's workflow (the 2018–2023 items) with its historic status and
    decision, marked as recorded afterwards, without walking steps that did not exist then."""

    model = AidItem
    form_class = forms.AidRecordedAfterwardsForm

    def save(self, form):
        data = form.service_data()
        status = data.pop("status")
        return services.aid_item_record_afterwards(actor=self.request.user, data=data, status=status)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["intro"] = _(
            "For aid decided before the workflow in force today: give its decision and the status it has "
            "had since. It is marked as recorded afterwards and takes no workflow steps."
        )
        return ctx


class AidDonorSharesView(RecordActionView):
    """The shares of all an item's donors in one form: all given (at most 100%) or none."""

    template_name = "aid/aiditem_shares.html"
    form_class = forms.DonorSharesForm

    def record(self):
        return selectors.access_aid_item(user=self.request.user, pk=self.kwargs["pk"], action="change")

    def form_kwargs(self) -> dict:
        return {"links": self.object.donor_links.select_related("organisation").order_by("pk")}

    def act(self, form) -> tuple[str, str]:
        services.aid_donor_shares_set(actor=self.request.user, item=self.object, shares=form.shares())
        return _("Saved: %(record)s") % {"record": self.object}, self.object.get_absolute_url()


class _ChildListView(ObjectListView):
    """Lists of an item's parts (donors, transactions, documents), mostly reached from the item."""

    paginate_by = 100


class AidDonorListView(_ChildListView):
    model = AidDonor
    filterset_class = filtersets.AidDonorFilterSet
    table_class = tables.AidDonorTable
    base_queryset = AidDonor.objects.select_related("item", "organisation")


class AidDonorDetailView(ObjectDetailView):
    model = AidDonor


class AidDonorEditView(ObjectEditView):
    model = AidDonor
    form_class = forms.AidDonorForm


class AidTransactionListView(_ChildListView):
    model = AidTransaction
    filterset_class = filtersets.AidTransactionFilterSet
    table_class = tables.AidTransactionTable
    base_queryset = AidTransaction.objects.select_related("item", "donor")


class AidTransactionDetailView(ObjectDetailView):
    model = AidTransaction


class AidTransactionEditView(ObjectEditView):
    model = AidTransaction
    form_class = forms.AidTransactionForm

    create_service = staticmethod(services.aid_transaction_create)
    update_service = staticmethod(services.aid_transaction_update)

    def save(self, form):
        tx = super().save(form)
        if getattr(tx, "warning", ""):
            messages.warning(self.request, tx.warning)
        return tx


class AidDocumentListView(_ChildListView):
    model = AidDocument
    filterset_class = filtersets.AidDocumentFilterSet
    table_class = tables.AidDocumentTable
    base_queryset = AidDocument.objects.select_related("item")


class AidDocumentDetailView(ObjectDetailView):
    model = AidDocument


class AidDocumentEditView(ObjectEditView):
    model = AidDocument
    form_class = forms.AidDocumentForm


class WorkflowListView(ObjectListView):
    model = Workflow
    filterset_class = filtersets.WorkflowFilterSet
    table_class = tables.WorkflowTable
    base_queryset = Workflow.objects.prefetch_related("units")


class WorkflowDetailView(ObjectDetailView):
    """The rules with their steps and transitions, each editable where the user may write the
    workflow; any administrator may copy it for their own unit (e.g. the national one)."""

    model = Workflow
    hidden_fields = ("units",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        workflow = self.object
        copy_form = forms.WorkflowCopyForm(user=self.request.user)
        own = {unit.pk for unit in workflow.units.all()}
        targets = [unit for unit in copy_form.fields["unit"].queryset if {unit.pk} != own]
        copy_form.fields["unit"].queryset = copy_form.fields["unit"].queryset.filter(pk__in=[u.pk for u in targets])
        ctx.update(
            steps=workflow.steps.all(),
            transitions=workflow.transitions.all(),
            copy_form=copy_form if targets else None,
        )
        return ctx


class WorkflowEditView(ObjectEditView):
    model = Workflow
    form_class = forms.WorkflowForm


class WorkflowCopyView(LoginRequiredMixin, View):
    """One click: a copy of a workflow (e.g. the national one) for a unit the user administers,
    which the user then adapts; refused for a unit the user may not configure."""

    def post(self, request, pk):
        workflow = get_object_or_404(Workflow.objects.restrict(request.user, "view"), pk=pk)
        form = forms.WorkflowCopyForm(request.POST, user=request.user)
        if not form.is_valid():
            raise PermissionDenied
        try:
            copy = services.workflow_copy(actor=request.user, workflow=workflow, units=[form.cleaned_data["unit"]])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(workflow.get_absolute_url())
        messages.success(
            request, _("Copied: %(record)s. Adapt its bodies and deadlines to your rules.") % {"record": copy}
        )
        return HttpResponseRedirect(copy.get_absolute_url())


class WorkflowStepListView(_ChildListView):
    model = WorkflowStep
    filterset_class = filtersets.WorkflowStepFilterSet
    table_class = tables.WorkflowStepTable
    base_queryset = WorkflowStep.objects.select_related("workflow")


class WorkflowStepDetailView(ObjectDetailView):
    model = WorkflowStep


class WorkflowStepEditView(ObjectEditView):
    model = WorkflowStep
    form_class = forms.WorkflowStepForm


class WorkflowTransitionListView(_ChildListView):
    model = WorkflowTransition
    filterset_class = filtersets.WorkflowTransitionFilterSet
    table_class = tables.WorkflowTransitionTable
    base_queryset = WorkflowTransition.objects.select_related("workflow")


class WorkflowTransitionDetailView(ObjectDetailView):
    model = WorkflowTransition
    hidden_fields = ("roles", "required_fields")


class WorkflowTransitionEditView(ObjectEditView):
    model = WorkflowTransition
    form_class = forms.WorkflowTransitionForm


class AidTransitionView(RecordActionView):
    """Move an item to its next status; the workflow decides who may and what must be given."""

    template_name = "aid/aiditem_transition.html"
    form_class = forms.TransitionForm

    def record(self):
        item = selectors.access_aid_item(user=self.request.user, pk=self.kwargs["pk"], action="change")
        self.transitions = services.available_transitions(user=self.request.user, item=item)
        return item

    def form_kwargs(self) -> dict:
        return {"transitions": self.transitions, "initial": self.request.GET.dict()}

    def act(self, form) -> tuple[str, str]:
        data = {k: v for k, v in form.cleaned_data.items() if k != "to_status"}
        result = services.aid_transition(
            actor=self.request.user, item=self.object, to_status=form.cleaned_data["to_status"], data=data
        )
        for warning in result.warnings:
            messages.warning(self.request, warning)
        return _("Status changed to: %(status)s") % {
            "status": result.item.get_status_display()
        }, result.item.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(transitions=self.transitions, **kwargs)
        if any(t.to_status == AidStatus.APPROVED for t in self.transitions):
            # said before the approval too, so that it is not decided blind
            ctx["certificate_warnings"] = services.registration_warnings(item=self.object, on=timezone.localdate())
        return ctx


CHART_DIMENSIONS = ("donor", "country", "sector", "beneficiary", "province", "unit")


#: The rows a figures chart draws, largest first.
CHART_ROWS = 12


def figure_charts(figures, dimensions=CHART_DIMENSIONS) -> dict:
    """An SVG bar chart of committed money for each dimension (of ``dimensions``) that has rows."""
    charts = {}
    for dimension in dimensions:
        rows = [r for r in getattr(figures, f"by_{dimension}") if r.label][:CHART_ROWS]
        if rows:
            charts[dimension] = mark_safe(
                bar_chart_svg([r.label[:40] for r in rows], [float(r.committed) for r in rows])
            )
    return charts


class AidFiguresRequestMixin(FiguresQueryMixin):
    """The figures query (``union.figures``) with the aid pages' currency: the unit is the user's own
    when none is asked, the period the current term."""

    own_unit_by_default = True

    def aid_figures_asked(self):
        """The query read (``FiguresAsked``), the form that shows it, and the figures' arguments."""
        asked = self.figures_asked()
        query = self.query_without_page()
        form = forms.PeriodForm(
            query or None,
            initial=None if query else {"start": asked.start, "end": asked.end, "currency": "USD", "unit": asked.unit},
            user=self.request.user,
            unit=asked.unit,
        )
        currency = "USD"
        if form.is_bound:  # the form reads the currency; the unit, period and day are ``asked``'s
            form.is_valid()
            currency = form.cleaned_data.get("currency") or currency
        arguments = {"unit": asked.unit, "start": asked.start, "end": asked.end, "currency": currency, "day": asked.day}
        return asked, form, arguments


class AidFiguresView(AidFiguresRequestMixin, LoginRequiredMixin, TemplateView):
    """Counts and money of one unit and period, with charts; the same figures as the API and reports.
    The donors' table names the largest (``selectors.DONORS_NAMED``) and links to all of them."""

    reads_from_replica = True

    template_name = "aid/figures.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        asked, form, arguments = self.aid_figures_asked()
        unit = asked.unit
        figures = selectors.aid_figures(user=self.request.user, donors_named=selectors.DONORS_NAMED, **arguments)
        charts = figure_charts(figures)
        as_on = {"date": format_day(figures.day)}
        headings = {
            "donor": _("By donor"),
            "country": _("By donor country"),
            "sector": _("By sector"),
            "beneficiary": _("By beneficiary group"),
            "province": _("By location (provinces as on %(date)s)") % as_on,
            "unit": _("By union (unions as on %(date)s)") % as_on,
        }
        others = figures.other_donors
        rest = None  # the donors' link to every donor, and the others' row when some are not named
        if figures.by_donor:
            rest = {
                "count": others.donors if others else 0,
                "committed": others.committed if others else 0,
                "disbursed": others.disbursed if others else 0,
                "every": len(figures.by_donor) + (others.donors if others else 0),
                "url": f"{reverse('aid:figure_donors')}?{self.query_without_page().urlencode()}",
            }
        sections = [
            (
                k,
                h,
                getattr(figures, f"by_{k}"),
                charts.get(k, ""),
                rest if k == "donor" else None,
            )
            for k, h in headings.items()
        ]
        ctx.update(
            comparisons=stated_beside(
                user=self.request.user,
                unit=unit,
                start=asked.start,
                end=asked.end,
                computed=FIGURES_PAGE,
                day=asked.day,
            ),
            figures=figures,
            unit=unit,
            sections=sections,
            missing=selectors.missing_rates_summary(figures),
            form=form,
            asked=asked,
            compare_url=reverse("aid:compare") + (f"?unit={unit.pk}" if unit else ""),
        )
        return ctx


class AidFigureDonorsView(AidFiguresRequestMixin, LoginRequiredMixin, TemplateView):
    """Every donor of the figures page's unit, period and currency, largest committed first, a page
    at a time: the figures page names only the largest."""

    reads_from_replica = True

    template_name = "aid/figure_donors.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        asked, form, arguments = self.aid_figures_asked()
        unit = asked.unit
        figures = selectors.aid_figures(user=self.request.user, breakdowns=("donor",), **arguments)
        page = Paginator(figures.by_donor, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.query_without_page().urlencode()
        ctx.update(
            figures=figures,
            unit=unit,
            form=form,
            asked=asked,
            page=page,
            rows=page.object_list,
            heading=_("Donor"),
            query=query,
            back=f"{reverse('aid:figures')}?{query}",
        )
        return ctx


class AidCompareView(AidFiguresRequestMixin, LoginRequiredMixin, TemplateView):
    """Two periods side by side, by default the previous term and the current one, of the unit and
    roll-up day asked (the user's own unit by default), read and refused as the figures page reads
    its one period."""

    reads_from_replica = True

    template_name = "aid/compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        periods = (
            (_("First period"), self.figures_asked(("a_start", "a_end"), previous=True)),
            (_("Second period"), self.figures_asked(("b_start", "b_end"))),
        )
        errors = [
            _("%(field)s: %(message)s") % {"field": label, "message": message}
            for label, asked in periods
            for _param, message in asked.errors
        ]
        asked = periods[1][1]
        form = forms.PeriodForm(self.request.GET)  # its currency: the periods are ``periods``'
        form.is_valid()
        currency = form.cleaned_data.get("currency") or "USD"
        first, second = (
            selectors.aid_figures(
                user=self.request.user,
                unit=a.unit,
                start=a.start,
                end=a.end,
                day=a.day,
                currency=currency,
                breakdowns=(),
            )
            for _label, a in periods
        )
        rows = [
            (_("Items"), first.items, second.items),
            (_("Donors"), first.donors, second.donors),
            (_("Donor countries"), first.donor_countries, second.donor_countries),
            (_("Committed"), first.committed, second.committed),
            (_("Disbursed"), first.disbursed, second.disbursed),
        ]
        ctx.update(
            first=first,
            second=second,
            rows=rows,
            unit=asked.unit,
            day=asked.day,
            currency=currency,
            currencies=ReportingCurrency.choices,
            errors=errors,
        )
        return ctx


class AidImportView(LoginRequiredMixin, TemplateView):
    """Upload; the check runs in the background (``tasks.check_aid_import``) and the job page shows it."""

    template_name = "aid/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_superuser or unit_ids_for_user(request.user, "add")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.ImportForm()))

    def get_context_data(self, **kwargs):
        jobs = AidImportJob.objects.restrict(self.request.user).select_related("unit")[:10]
        headings = [imports.field_label(name) for name in imports.COLUMNS]
        return super().get_context_data(headings=headings, jobs=jobs, **kwargs)

    def post(self, request, *args, **kwargs):
        unit = primary_unit(request.user)
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid() or unit is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        job = import_job_create(
            actor=request.user, model=AidImportJob, unit=unit, filename=upload.name, content=upload.read()
        )
        tasks.check_aid_import.enqueue(job.pk)
        return HttpResponseRedirect(job.get_absolute_url())


class AidImportTemplateView(ImportTemplateView):
    workbook = staticmethod(imports.import_template)
    filename = gettext_lazy("aid items template")
    fallback = "aid-items-template"


class AidImportJobView(ImportJobView):
    model = AidImportJob
    template_name = "aid/import_job.html"
    columns = imports.FIELDS
    check_task = tasks.check_aid_import
    commit_task = tasks.commit_aid_import


class AidIatiExportView(LoginRequiredMixin, View):
    """The filtered list as IATI 2.03 activity XML, validated against the schema before it is sent."""

    def get(self, request, *args, **kwargs):
        if not (request.user.is_superuser or unit_ids_for_user(request.user, "export")):
            raise PermissionDenied
        queryset = selectors.aid_item_list(user=request.user, action="export")
        items = filtersets.AidItemFilterSet(request.GET, queryset=queryset, request=request).qs
        if not items.exists():
            messages.warning(request, _("There is nothing to export: no aid item matches the filter."))
            return HttpResponseRedirect(reverse("aid:aiditem_list") + "?" + request.GET.urlencode())
        content = iati.activities_export(items=items)
        export_record(
            actor=request.user,
            model=AidItem,
            format="iati-xml",
            row_count=len(items),
            query=request.GET.urlencode(),
            records=items,
        )
        response = HttpResponse(content, content_type="application/xml")
        response["Content-Disposition"] = (
            f'attachment; filename="iati-activities-{timezone.localtime():%Y%m%d-%H%M}.xml"'
        )
        return response


class AidIatiImportView(LoginRequiredMixin, TemplateView):
    template_name = "aid/iati_import.html"

    def post(self, request, *args, **kwargs):
        unit = primary_unit(request.user)
        if unit is None or not (request.user.is_superuser or unit.pk in unit_ids_for_user(request.user, "add")):
            raise PermissionDenied
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            result = iati.activities_import(actor=request.user, unit=unit, content=form.cleaned_data["file"].read())
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(form=form, errors=exc.messages), status=400)
        messages.success(
            request,
            _("Imported from IATI: %(created)s new, %(updated)s updated.")
            % {"created": format_number(result.created), "updated": format_number(result.updated)},
        )
        return HttpResponseRedirect(request.path.replace("iati/import/", "items/"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", forms.ImportForm())
        return super().get_context_data(**kwargs)
