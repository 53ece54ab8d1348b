"""Generic views every app's screens are small subclasses of, plus dashboard and search."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import RedirectView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from amity.core.access import member_unit_ids, unit_ids_for_user, unit_table
from amity.core.dates import display_partial_date, partial_date_columns
from amity.core.discovery import app_modules
from amity.core.export import CONTENT_TYPES, export_response, table_rows
from amity.core.filtersets import ExchangeRateFilterSet
from amity.core.formatting import format_day, format_field_number, format_moment, format_number
from amity.core.forms import ExchangeRateForm
from amity.core.jobs import ImportJobBase, access_job, job_queue_commit, job_update
from amity.core.matching import match_records
from amity.core.models import LANGUAGE_SUFFIXES, ExchangeRate, StoredFile, in_language, parent_fields
from amity.core.pagination import EstimatingPaginator, may_estimate
from amity.core.personal import hidden_label, label_is_hidden, personal_unit_ids
from amity.core.pickers import PICKER_LIMIT, pickers, read_filters
from amity.core.querysets import may_act, owning_unit_id, required_action
from amity.core.services import ConflictError, model_create, model_delete, model_restore, model_update
from amity.core.storage import content_type_of
from amity.core.tables import ExchangeRateTable
from amity.core.tabular import ColumnMappingForm
from amity.core.text import fold
from amity.core.trail import trail
from amity.core.uploads import document_url


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's errors beside the fields they name, the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ObjectMixin(LoginRequiredMixin):
    """Holds the model and the action; ``get_queryset`` is always restricted.

    Where a screen names people, ``names_via`` says how: "" when its records are people, the
    foreign key (e.g. "person", annotated ``person_visible`` by ``core.personal.with_names_visible``)
    when each names one. The names it shows are then logged as a view of personal data."""

    request: HttpRequest
    model: Any = None  # each screen's model (its managers are the app's own)
    action = "view"
    base_queryset = None
    names_via: str | None = None

    def get_base_queryset(self):
        qs = self.base_queryset if self.base_queryset is not None else self.model.objects.all()
        return qs.all()

    def get_queryset(self):
        return self.get_base_queryset().restrict(self.request.user, required_action(self.model, self.action))

    def log_names_shown(self, records, *, kind: str, query: str) -> None:
        if self.names_via is None:
            return
        via = self.names_via
        if via:
            records = [getattr(r, via) for r in records if getattr(r, f"{via}_visible", False)]
        trail().names_shown_record(actor=self.request.user, people=records, kind=kind, query=query)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        ctx.update(
            model_meta=meta,
            url_list=f"{meta.app_label}:{meta.model_name}_list",
            url_add=f"{meta.app_label}:{meta.model_name}_add",
            can_add=may_act(self.request.user, self.model, "add"),
        )
        return ctx


class PagedTableMixin(SingleTableMixin):
    """A table of a list paged by ``core.pagination.EstimatingPaginator``: in a total order (the
    user's sort, then the key), so that paging never skips nor repeats a record; its count estimated
    on a long list the user has not filtered where ``count_may_be_estimated``."""

    count_may_be_estimated = False

    def get_table_pagination(self, table):
        paginate = super().get_table_pagination(table)
        if paginate is not False:
            estimate = self.count_may_be_estimated and may_estimate(self.request)
            paginate["paginator_class"] = partial(EstimatingPaginator, estimate=estimate)
        return paginate

    def paginate_queryset(self, queryset, page_size):
        """The table pages the list (``get_table_pagination``): the list view does not count it
        twice, nor answer 404 for a page of the table's that is past its own pages of ``paginate_by``."""
        return None, None, queryset, False


class ObjectListView(ObjectMixin, PagedTableMixin, FilterView):
    """Filterable, sortable list; ``?export=csv|xlsx`` downloads it as filtered."""

    template_name = "core/object_list.html"
    filterset_class: Any = None
    table_class: Any = None
    paginate_by = 50
    personal_data = False
    export_formats = ("csv", "xlsx")
    count_may_be_estimated = True

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["core/object_list.html#results"]
        return [self.template_name]

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("export")
        if fmt in self.export_formats:
            if self.request.user.is_superuser or unit_ids_for_user(self.request.user, "export"):
                records = self.object_list.restrict(self.request.user, "export")
                rows, labels = self.export_rows(records)
                query = self.request.GET.copy()
                query.pop("export", None)
                return export_response(
                    rows=rows,
                    fmt=fmt,
                    filename=self.model._meta.model_name,
                    model=self.model,
                    user=self.request.user,
                    query=query.urlencode(),
                    personal=self.personal_data,
                    records=records,
                    labels=labels,
                )
            raise PermissionDenied
        table = context.get("table")
        if table is not None:
            rows = [row.record for row in table.paginated_rows]
            self.log_names_shown(rows, kind="list", query=self.request.GET.urlencode())
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        if hasattr(self.model, "all_objects"):  # soft-deleted records: the list links its "deleted" screen
            ctx["url_deleted"] = f"{meta.app_label}:{meta.model_name}_deleted"
            ctx["can_restore"] = may_act(self.request.user, self.model, "delete")
        return ctx

    def export_rows(self, records) -> tuple[list[list], frozenset[int]]:
        """The export's rows, header first, and its label columns (``core.export.table_rows``): the
        table's columns unless a list exports what its import reads."""
        return table_rows(self.table_class(records), exclude=getattr(self, "export_exclude", ()))


FIELD_ROWS_HIDDEN = {"id", "created", "updated", "version", "deleted_at", "search_name"}


class Related(list):
    """A record's related records in its field table, each linked to its page where it has one
    (a delegation's partners); read as text (an export), the names joined by commas."""

    def links(self) -> list[tuple[str, str | None]]:
        return [(str(record), getattr(record, "get_absolute_url", lambda: None)()) for record in self]

    def __str__(self) -> str:
        return ", ".join(str(record) for record in self)


def field_rows(obj, exclude=()):
    """(label, value, link) for each field of a record, with choices and relations displayed."""
    rows = []
    partial = partial_date_columns(type(obj))  # a date kept as a day, month or year is one row
    names = {f.name for f in obj._meta.fields}
    translated = {n for n in names if any(f"{n}_{s}" in names for s in LANGUAGE_SUFFIXES.values())}
    for f in obj._meta.fields + obj._meta.many_to_many:
        if f.name in FIELD_ROWS_HIDDEN or f.name in exclude or f.name in partial:
            continue
        if f.name in translated:  # one row in the reader's language, not one per language
            rows.append((f.verbose_name, in_language(obj, f.name), None))
            continue
        if f.name.rpartition("_")[0] in translated and f.name.rpartition("_")[2] in LANGUAGE_SUFFIXES.values():
            continue
        if f.name in partial.values():
            rows.append((f.verbose_name, display_partial_date(obj, f.name), None))
            continue
        if f.many_to_many:
            rows.append((f.verbose_name, Related(list(getattr(obj, f.name).all())), None))
            continue
        value = getattr(obj, f.name)
        if f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        elif isinstance(f, models.IntegerField):  # a count grouped (1.234 people), a year as it is
            value = format_field_number(f.name, value)
        link = (
            value.get_absolute_url() if isinstance(value, models.Model) and hasattr(value, "get_absolute_url") else None
        )
        if isinstance(f, models.FileField):
            link = document_url(obj, f.name) or None
            value = value.name.rsplit("/", 1)[-1] if value else ""
        elif isinstance(f, models.URLField) and value and value.lower().startswith(("https://", "http://")):
            link = value  # a web address opens (one imported in another scheme stays text)
        rows.append((f.verbose_name, shown(value), link))
    return rows


def shown(value):
    """A field's value as the reader's language writes it: days, times, numbers, yes and no."""
    if isinstance(value, bool):
        return pgettext("field value", "Yes") if value else pgettext("field value", "No")
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, Decimal | float):
        return format_number(value)
    return value


class ObjectDetailView(ObjectMixin, TemplateView):
    """A record's fields and related lists; ``hidden_fields`` are left out of the field table
    (e.g. fields naming people, which the template lists only where the user may see them).
    The template is ``<app>/<model>_detail.html`` where the app has one, else the generic one."""

    template_name = None
    hidden_fields: tuple[str, ...] = ()

    def get_template_names(self):
        if self.template_name:
            return [self.template_name]
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        self.object = self.get_object()
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        ctx["rows"] = field_rows(self.object, exclude=self.hidden_fields)
        self.log_names_shown([self.object], kind="detail", query=f"pk={self.object.pk}")
        user = self.request.user
        change = required_action(self.model, "change")
        ctx["can_change"] = self.get_base_queryset().restrict(user, change).filter(pk=self.object.pk).exists()
        return ctx


class ObjectEditView(ObjectMixin, TemplateView):
    """Create (no pk) or update (pk) through the app's services; refuses conflicting edits."""

    template_name = "core/object_edit.html"
    form_class: Any = None
    create_service: Any = None
    update_service: Any = None
    add_action = "add"
    change_action = "change"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            self.get_base_queryset().restrict(self.request.user, required_action(self.model, self.change_action)),
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return {k: v for k, v in self.request.GET.items() if k != "next"}

    def next_url(self) -> str | None:
        """Where the user came from to add a child record (``?next=``, a local path only)."""
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return None

    def get_form(self, data=None, files=None):
        return self.form_class(data, files, instance=self.object, user=self.request.user, initial=self.get_initial())

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and "pk" not in kwargs
            and not may_act(request.user, self.model, self.add_action)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = self.save(form)
            except ConflictError as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved: %(record)s") % {"record": saved})
                return HttpResponseRedirect(self.next_url() or saved.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400 if form.errors else 200)

    def save(self, form):
        data = form.service_data()
        if self.object is None:
            service = self.create_service or (lambda **kw: model_create(model=self.model, **kw))
            return service(actor=self.request.user, data=data)
        service = self.update_service or model_update
        return service(
            actor=self.request.user, instance=self.object, data=data, expected_version=form.cleaned_data.get("version")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        ctx["next_url"] = self.next_url()
        return ctx


class ObjectDeleteView(ObjectMixin, TemplateView):
    template_name = "core/object_delete.html"
    action = "delete"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return ctx

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        model_delete(actor=request.user, instance=obj)
        messages.success(request, _("Deleted: %(record)s. It can be restored from its history.") % {"record": obj})
        return HttpResponseRedirect(reverse(f"{self.model._meta.app_label}:{self.model._meta.model_name}_list"))


class ObjectChangeLogView(ObjectMixin, TemplateView):
    """The history of one record, deleted or not, with a restore button for deleted ones."""

    template_name = "core/object_changelog.html"

    def get_base_queryset(self):
        return self.model.all_objects.all()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        ctx["object"] = obj
        visible = personal_unit_ids(self.request.user)
        ctx["changes"] = trail().redact(list(trail().object_history(instance=obj)), visible)
        if any(trail().shows_personal(change, visible) for change in ctx["changes"]):
            trail().personal_access_record(
                actor=self.request.user, model=self.model, kind="history", records=[obj], query=f"pk={obj.pk}"
            )
        ctx["can_restore"] = (
            obj.is_deleted
            and self.get_base_queryset()
            .restrict(self.request.user, required_action(self.model, "delete"))
            .filter(pk=obj.pk)
            .exists()
        )
        ctx["deleted_parents"] = obj.deleted_parents() if obj.is_deleted else []
        return ctx


class ObjectDeletedListView(ObjectMixin, TemplateView):
    """The deleted records of one model that the user may restore, linked from its list: when and
    by whom each was deleted, its history, and restore, or the parent it comes back with."""

    template_name = "core/object_deleted.html"
    action = "delete"
    paginate_by = 50

    def get_base_queryset(self):
        return self.model.all_objects.filter(deleted_at__isnull=False)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        parents = [field.name for field in parent_fields(self.model)]
        records = self.get_queryset().select_related(*parents).order_by("-deleted_at", "-pk")
        page = EstimatingPaginator(records, self.paginate_by).get_page(self.request.GET.get("page"))
        deletions = trail().deletions_of(self.model, [record.pk for record in page])
        visible = personal_unit_ids(self.request.user)
        rows, shown = [], []
        for record in page:
            hidden = label_is_hidden(self.model, owning_unit_id(record), visible)
            if not hidden:
                shown.append(record)
            rows.append(
                {
                    "record": record,
                    "label": hidden_label(self.model, record.pk) if hidden else str(record),
                    "deletion": deletions.get(record.pk),
                    "parents": record.deleted_parents(),
                }
            )
        if self.names_via == "":  # a list of people: the names shown are a view of personal data
            self.log_names_shown(shown, kind="deleted", query=self.request.GET.urlencode())
        ctx.update(page=page, rows=rows)
        return ctx


class ObjectRestoreView(ObjectMixin, View):
    action = "delete"

    def post(self, request, *args, **kwargs):
        queryset = self.model.all_objects.restrict(request.user, required_action(self.model, self.action))
        obj = get_object_or_404(queryset, pk=kwargs["pk"])
        if not obj.is_deleted:
            raise Http404
        try:
            model_restore(actor=request.user, instance=obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(
                reverse(f"{self.model._meta.app_label}:{self.model._meta.model_name}_changelog", args=[obj.pk])
            )
        messages.success(request, _("Restored: %(record)s") % {"record": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


class DashboardView(LoginRequiredMixin, TemplateView):
    """The user's unit at a glance: each app contributes widgets through ``<app>.dashboard``.

    The page paints at once with a place for each app's widgets; each place loads its widgets from
    ``DashboardWidgetsView`` (htmx), so a slow figure never holds up the page or the others.
    """

    reads_from_replica = True

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["widget_apps"] = [label for _order, label in dashboard_apps()]
        user = self.request.user
        # a new installation, or an account no one has given a role yet: say what to do first
        ctx["first_steps"] = user.is_superuser and not unit_table().rows
        ctx["without_role"] = not user.is_superuser and not member_unit_ids(user, "view")
        return ctx


def dashboard_apps() -> list[tuple[int, str]]:
    """(order, app label) of the apps with dashboard widgets, in the order their widgets show."""
    return sorted((getattr(module, "ORDER", 100), label) for label, module in app_modules("dashboard"))


class DashboardWidgetsView(LoginRequiredMixin, TemplateView):
    """One app's dashboard widgets, loaded into the dashboard by htmx."""

    reads_from_replica = True

    template_name = "core/dashboard_widgets.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        modules = dict(app_modules("dashboard"))
        if self.kwargs["label"] not in modules:
            raise Http404
        widgets = modules[self.kwargs["label"]].widgets(self.request)
        ctx["widgets"] = sorted(widgets, key=lambda w: w.get("order", 100))
        return ctx


class SearchView(LoginRequiredMixin, TemplateView):
    """One box over every app's ``search`` hook; ignores diacritics and case."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        groups = []
        if query:
            folded = fold(query)
            for _label, module in app_modules("search"):
                if hasattr(module, "search"):  # a module may only declare pickers
                    groups.extend(module.search(user=self.request.user, query=folded))
        ctx.update(query=query, groups=[g for g in groups if g["results"]])
        return ctx


class DocumentView(LoginRequiredMixin, View):
    """An uploaded document of a record, for a user who may view the record: always a download
    (``attachment``, ``nosniff``) under the type its content showed at upload, and logged with the record, so
    the auditors of its unit see who took it. The media directory itself is never served."""

    def get(self, request, model: str, pk: int, field: str):
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError):
            raise Http404 from None
        file_field = next((f for f in model_class._meta.fields if f.name == field), None)
        if not isinstance(file_field, models.FileField) or not hasattr(model_class.objects, "restrict"):
            raise Http404
        record = get_object_or_404(model_class.objects.restrict(request.user, "view"), pk=pk)
        stored = getattr(record, field)
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        stored_type = StoredFile.objects.filter(name=stored.name).values_list("content_type", flat=True).first()
        trail().export_record(
            actor=request.user,
            model=model_class,
            format="document",
            row_count=1,
            query=f"{field}={stored.name}",
            personal=True,
            records=[record],
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=stored.name.rsplit("/", 1)[-1],
            # the type noted when the file was stored; a file stored before types were noted is read
            content_type=stored_type or content_type_of(handle),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AutocompleteView(LoginRequiredMixin, View):
    """A picker's options as JSON: the records of one pickable model the user may see that match
    ``q`` (``core.matching``), within the filters the page signed (``f``)."""

    def get(self, request, label):
        picker = pickers().get(label)
        if picker is None:
            raise Http404
        try:
            filters = read_filters(request.GET.get("f"))
        except signing.BadSignature as exc:
            raise PermissionDenied from exc
        queryset = picker.model.objects.restrict(request.user, picker.action).filter(**picker.where, **filters)
        queryset = queryset.select_related(*getattr(picker.model, "str_related", ()))  # each answer's name
        query = request.GET.get("q", "")
        related = picker.related(request.user) if callable(picker.related) else picker.related
        records = match_records(
            queryset, query, limit=PICKER_LIMIT, fields=picker.fields, related=related, aliases=picker.aliases
        )
        if records and picker.shown is not None:
            picker.shown(request.user, records, query)
        return JsonResponse({"results": [{"id": obj.pk, "text": str(obj)} for obj in records]})


class RecordActionView(LoginRequiredMixin, TemplateView):
    """A form that acts on one record through a service: ``record()`` reads the record through its
    selector (the page's right), ``form_class`` built with ``form_kwargs()`` takes the input, and
    ``act(form)`` calls the service and answers (the message, the page to go to). The service's
    errors show beside their fields, the page answering 400."""

    form_class: Any = None

    def record(self):
        raise NotImplementedError

    def form_kwargs(self) -> dict:
        return {}

    def act(self, form) -> tuple[str, str]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.record()
        return self.render_to_response(self.get_context_data(form=self.form_class(**self.form_kwargs())))

    def post(self, request, *args, **kwargs):
        self.object = self.record()
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                message, url = self.act(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class ImportTemplateView(LoginRequiredMixin, View):
    """An import's empty list to fill in, with its allowed values: ``workbook()`` as an .xlsx file
    named ``filename`` in the user's language (``fallback`` where that name has no Latin letters)."""

    workbook: Callable[[], bytes]
    filename: Any = ""
    fallback = ""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(self.workbook(), content_type=CONTENT_TYPES["xlsx"])
        name = slugify(str(self.filename)) or self.fallback
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


class ImportJobView(LoginRequiredMixin, View):
    """One import's page, for every importer: the column mapping while the file is kept, progress
    while a task runs (htmx polls the status block), the preview with its errors, the button that
    writes every row, then the result. Only the uploader sees it (``access_job``).

    An importer names its job ``model``, ``template_name`` (with a ``status`` partial), the
    ``columns`` its mapping offers, and the ``check_task`` and ``commit_task`` the worker runs;
    ``post_action`` handles a form of its own before the commit."""

    model: type[ImportJobBase]
    template_name: str
    columns: dict
    check_task: Any
    commit_task: Any

    def get_job(self, request, pk):
        return access_job(self.model, request=request, pk=pk)

    def render_job(self, request, job, *, mapping_form=None, status=200):
        template = self.template_name + ("#status" if getattr(request, "htmx", False) else "")
        if mapping_form is None and job.status in job.KEEPS_FILE and job.header:
            mapping_form = ColumnMappingForm(header=job.header, mapping=job.mapping, columns=self.columns)
        return render(request, template, {"job": job, "mapping_form": mapping_form}, status=status)

    def get(self, request, pk):
        return self.render_job(request, self.get_job(request, pk))

    def post(self, request, pk):
        job = self.get_job(request, pk)
        if "map" in request.POST:  # check the kept file again with the columns the user mapped
            return self.remap(request, job)
        response = self.post_action(request, job)
        if response is not None:
            return response
        try:
            job_queue_commit(actor=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_job(request, job, status=409)
        self.commit_task.enqueue(job.pk)
        return HttpResponseRedirect(job.get_absolute_url())

    def remap(self, request, job):
        if job.status not in job.KEEPS_FILE:  # checked again, importing or done: too late
            return self.render_job(request, job, status=409)
        form = ColumnMappingForm(request.POST, header=job.header, mapping=job.mapping, columns=self.columns)
        if not form.is_valid():
            return self.render_job(request, job, mapping_form=form, status=400)
        job_update(self.model, job.pk, mapping=form.mapping(), status=self.model.Status.UPLOADED, report={})
        self.check_task.enqueue(job.pk)
        return HttpResponseRedirect(job.get_absolute_url())

    def post_action(self, request, job):
        """An importer's own step before the commit (a response), or None to commit."""
        return None


class QuickAddView(LoginRequiredMixin, View):
    """A record added from a form's picker without leaving the form (a participant or a donor not
    yet in the registry): the picker's short form, shown in a dialog, saved through the app's
    create service; the answer is the new option, which the picker selects."""

    template_name = "core/quick_add.html"

    def picker(self, label):
        picker = pickers().get(label)
        if picker is None or picker.quick_form is None:
            raise Http404
        if not may_act(self.request.user, picker.model, "add"):
            raise PermissionDenied
        return picker

    def render_form(self, picker, form, status=200):
        context = {"form": form, "model_meta": picker.model._meta, "action": self.request.path}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, label):
        picker = self.picker(label)
        typed = request.GET.get("q", "").strip()[:200]
        form = picker.quick_form(user=request.user, initial={picker.quick_form.typed_field: typed}, prefix="quick")
        return self.render_form(picker, form)

    def post(self, request, label):
        picker = self.picker(label)
        form = picker.quick_form(request.POST, user=request.user, prefix="quick")
        if form.is_valid():
            try:
                with transaction.atomic():
                    record = picker.quick_create(actor=request.user, data=form.service_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return JsonResponse({"id": record.pk, "text": str(record)}, status=201)
        return self.render_form(picker, form, status=400)


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for by themselves: the icon among the static files."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("amity/favicon.ico")


class ExchangeRateListView(ObjectListView):
    model = ExchangeRate
    filterset_class = ExchangeRateFilterSet
    table_class = ExchangeRateTable


class ExchangeRateDetailView(ObjectDetailView):
    model = ExchangeRate


class ExchangeRateEditView(ObjectEditView):
    model = ExchangeRate
    form_class = ExchangeRateForm
