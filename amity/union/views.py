from functools import partial

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from amity.audit.services import names_shown_record
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RecordActionView
from amity.units.selectors import primary_unit

from . import filtersets, forms, selectors, services, tables
from .models import PERIOD_FIELDS, SOURCE_FIELDS, Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure


class CongressListView(ObjectListView):
    model = Congress
    filterset_class = filtersets.CongressFilterSet
    table_class = tables.CongressTable

    def get_queryset(self):
        return selectors.congress_list(user=self.request.user)


class CongressDetailView(ObjectDetailView):
    """The congress, the term it opens, the bodies it elected with their people, and the figures
    the union stated for the term beside the figures from records."""

    model = Congress
    template_name = "union/congress_detail.html"
    hidden_fields = (*SOURCE_FIELDS, "held_on", "held_on_precision", "held_on_inferred", "term_start", "term_end")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        congress = self.object
        ctx["bodies"] = selectors.congress_bodies(user=self.request.user, congress=congress)
        names_shown_record(
            actor=self.request.user,
            people=[role.person for body in ctx["bodies"] for role in body.role_rows if role.person_visible],
            query=f"congress={congress.pk}",
        )
        ctx["comparisons"] = selectors.stated_beside(
            user=self.request.user, unit=congress.unit, start=congress.term_start, end=congress.term_end
        )
        return ctx


class CongressEditView(ObjectEditView):
    model = Congress
    form_class = forms.CongressForm
    create_service = staticmethod(services.congress_create)
    update_service = staticmethod(services.congress_update)


class ElectedBodyListView(ObjectListView):
    model = ElectedBody
    filterset_class = filtersets.ElectedBodyFilterSet
    table_class = tables.ElectedBodyTable

    def get_queryset(self):
        return selectors.elected_body_list(user=self.request.user)


class ElectedBodyDetailView(ObjectDetailView):
    model = ElectedBody
    template_name = "union/electedbody_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        roles = selectors.elected_role_list(user=self.request.user).filter(body=self.object)
        ctx["roles"] = [(role, tables.shown_person(role)) for role in roles]
        ctx["names_in_sight"] = selectors.roster_names_in_sight(user=self.request.user, body=self.object)
        names_shown_record(
            actor=self.request.user,
            people=[role.person for role in roles if role.person_visible],
            query=f"body={self.object.pk}",
        )
        return ctx


class ElectedBodyRosterView(LoginRequiredMixin, TemplateView):
    """Several people of a body entered at once, as the congress announced them: the list is read
    and matched to the registry, previewed with what would be refused line by line, and written
    only when the user confirms (``services.elected_roles_enter``)."""

    template_name = "union/electedbody_roster.html"

    def get(self, request, *args, **kwargs):
        body = self.body()
        form = forms.RosterForm(initial={"start": body.congress.held_on})
        return self.render_to_response(self.get_context_data(body=body, form=form))

    def post(self, request, *args, **kwargs):
        body = self.body()
        form = forms.RosterForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(body=body, form=form), status=400)
        chosen = {
            int(key.removeprefix("choose-")): value
            for key, value in request.POST.items()
            if key.startswith("choose-") and key.removeprefix("choose-").isdigit()
        }
        lines = selectors.roster_read(user=request.user, body=body, text=form.cleaned_data["lines"], chosen=chosen)
        enter = partial(services.elected_roles_enter, actor=request.user, body=body, lines=lines)
        status = 200
        if "confirm" in request.POST:
            try:
                roles = enter(start=form.cleaned_data["start"])
            except ValidationError:
                status = 400
            else:
                messages.success(
                    request,
                    ngettext("%(count)s person added to %(body)s.", "%(count)s people added to %(body)s.", len(roles))
                    % {"count": len(roles), "body": body},
                )
                return HttpResponseRedirect(body.get_absolute_url())
        else:
            enter(start=form.cleaned_data["start"], dry_run=True)
        names_shown_record(
            actor=request.user,
            people=[person for line in lines for person in [line.person, *line.candidates] if person is not None],
            query=f"body={body.pk}",
        )
        refused = [line for line in lines if line.problem]
        to_choose = any(line.to_choose for line in lines)
        ready = bool(lines) and not (refused or to_choose)
        ctx = self.get_context_data(
            body=body, form=form, lines=lines, refused=refused, to_choose=to_choose, ready=ready
        )
        return self.render_to_response(ctx, status=status)

    def body(self) -> ElectedBody:
        return selectors.roster_body(user=self.request.user, pk=self.kwargs["pk"])


class ElectedBodyEditView(ObjectEditView):
    model = ElectedBody
    form_class = forms.ElectedBodyForm
    create_service = staticmethod(services.elected_body_create)


class ElectedRoleListView(ObjectListView):
    model = ElectedRole
    names_via = "person"
    filterset_class = filtersets.ElectedRoleFilterSet
    table_class = tables.ElectedRoleTable

    def get_queryset(self):
        return selectors.elected_role_list(user=self.request.user)


class ElectedRoleDetailView(ObjectDetailView):
    model = ElectedRole
    names_via = "person"
    template_name = "union/electedrole_detail.html"
    hidden_fields = ("person",)  # shown by the template, only where the user may see it

    def get_queryset(self):
        return selectors.elected_role_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["person_name"] = tables.shown_person(self.object)
        return ctx


class ElectedRoleEditView(ObjectEditView):
    model = ElectedRole
    form_class = forms.ElectedRoleForm
    create_service = staticmethod(services.elected_role_create)


class ElectedRoleReplaceView(RecordActionView):
    """Another person takes over a role during the term."""

    template_name = "union/electedrole_replace.html"
    form_class = forms.ElectedRoleReplaceForm

    def record(self):
        return get_object_or_404(
            selectors.elected_role_list(user=self.request.user, action="change"), pk=self.kwargs["pk"]
        )

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def act(self, form) -> tuple[str, str]:
        new = services.elected_role_replace(actor=self.request.user, role=self.object, **form.cleaned_data)
        return _("Saved: %(record)s") % {"record": new}, new.body.congress.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person_name=tables.shown_person(self.object), **kwargs)


class MetricListView(ObjectListView):
    model = Metric
    filterset_class = filtersets.MetricFilterSet
    table_class = tables.MetricTable

    def get_queryset(self):
        return selectors.metric_list(user=self.request.user)


class MetricDetailView(ObjectDetailView):
    model = Metric
    template_name = "core/object_detail.html"


class MetricEditView(ObjectEditView):
    model = Metric
    form_class = forms.MetricForm
    create_service = staticmethod(services.metric_create)


class StatedFigureListView(ObjectListView):
    """Stated figures with the value from records beside each, on screen and in the exports."""

    model = StatedFigure
    filterset_class = filtersets.StatedFigureFilterSet

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.table_class = partial(tables.StatedFigureTable, user=request.user)

    def get_queryset(self):
        return selectors.stated_figure_list(user=self.request.user)


class StatedFigureDetailView(ObjectDetailView):
    model = StatedFigure
    template_name = "union/statedfigure_detail.html"
    hidden_fields = (*SOURCE_FIELDS, *PERIOD_FIELDS, "qualifier", "value", "currency")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["comparison"] = selectors.figure_comparison(user=self.request.user, figure=self.object)
        return ctx


class StatedFigureEditView(ObjectEditView):
    model = StatedFigure
    form_class = forms.StatedFigureForm
    create_service = staticmethod(services.stated_figure_create)
    update_service = staticmethod(services.stated_figure_update)


class NationalTermListView(ObjectListView):
    model = NationalTerm
    table_class = tables.NationalTermTable
    filterset_class = filtersets.NationalTermFilterSet

    def get_queryset(self):
        return NationalTerm.objects.all()


class NationalTermDetailView(ObjectDetailView):
    model = NationalTerm
    template_name = "core/object_detail.html"


class NationalTermEditView(ObjectEditView):
    model = NationalTerm
    form_class = forms.NationalTermForm


class RollupView(LoginRequiredMixin, TemplateView):
    """For one metric and period, each provincial union's value: from records where it keeps them,
    else its stated figure, marked as stated; the total is the sum of the rows."""

    template_name = "union/rollup.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        term = selectors.term_for(primary_unit(user), timezone.localdate())
        form = forms.RollupForm(self.request.GET or None, user=user, initial={"start": term.start, "end": term.end})
        rollup = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            rollup = selectors.stated_rollup(
                user=user,
                metric=data["metric"],
                start=data["start"],
                end=data["end"],
                currency=data["currency"] or "USD",
                day=data["day"] or None,
            )
        ctx.update(form=form, rollup=rollup, term=term)
        return ctx
