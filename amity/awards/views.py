from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from amity.audit.services import names_shown_record
from amity.core.charts import bar_chart_svg
from amity.core.formatting import format_number
from amity.core.personal import with_names_visible
from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RecordActionView, add_service_errors
from amity.union.figures import FiguresQueryMixin
from amity.union.selectors import stated_beside
from amity.units.forms import UnitScopeForm

from . import filtersets, forms, selectors, services, tables
from .metrics import FIGURES_PAGE
from .models import Award, AwardType, Decision, Nomination
from .tables import shown_name


class AwardTypeListView(ObjectListView):
    model = AwardType
    filterset_class = filtersets.AwardTypeFilterSet
    table_class = tables.AwardTypeTable

    def get_queryset(self):
        return selectors.award_type_list(user=self.request.user)


class AwardTypeDetailView(ObjectDetailView):
    model = AwardType


class AwardTypeEditView(ObjectEditView):
    model = AwardType
    form_class = forms.AwardTypeForm


class NominationListView(ObjectListView):
    model = Nomination
    filterset_class = filtersets.NominationFilterSet
    table_class = tables.NominationTable
    names_via = "person"

    def get_queryset(self):
        return selectors.nomination_list(user=self.request.user)


class NominationDetailView(ObjectDetailView):
    model = Nomination
    hidden_fields = ("person",)  # shown by the template, only where the user may see it
    names_via = "person"

    def get_queryset(self):
        return selectors.nomination_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["moves"] = selectors.nomination_moves(user=self.request.user, nomination=self.object)
        ctx["nomination_awards"] = self.object.awards.select_related("decision")
        return ctx


class NominationEditView(ObjectEditView):
    model = Nomination
    form_class = forms.NominationForm
    create_service = staticmethod(services.nomination_create)


class DecisionListView(ObjectListView):
    model = Decision
    filterset_class = filtersets.DecisionFilterSet
    table_class = tables.DecisionTable

    def get_queryset(self):
        return selectors.decision_list(user=self.request.user)


class DecisionDetailView(ObjectDetailView):
    model = Decision

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        awards = with_names_visible(
            self.object.awards.restrict(self.request.user).select_related("person", "organisation"),
            user=self.request.user,
        )
        ctx["awards"] = [(a, shown_name(a)) for a in awards]
        names_shown_record(
            actor=self.request.user,
            people=[a.person for a in awards if a.person_visible],
            query=f"decision={self.object.pk}",
        )
        return ctx


class RecipientsAddView(RecordActionView):
    """Add several recipients from the registry to one decision at once, all or nothing."""

    template_name = "awards/recipients_add.html"
    form_class = forms.RecipientsAddForm

    def record(self):
        return get_object_or_404(selectors.decision_list(user=self.request.user, action="change"), pk=self.kwargs["pk"])

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def act(self, form) -> tuple[str, str]:
        added = services.awards_add(actor=self.request.user, decision=self.object, recipients=form.rows())
        return _("Recipients added: %(count)s") % {"count": format_number(len(added))}, self.object.get_absolute_url()


class DecisionEditView(ObjectEditView):
    model = Decision
    form_class = forms.DecisionForm
    create_service = staticmethod(services.decision_create)


class AwardListView(ObjectListView):
    model = Award
    filterset_class = filtersets.AwardFilterSet
    table_class = tables.AwardTable
    names_via = "person"

    def get_queryset(self):
        return selectors.award_list(user=self.request.user)


class AwardDetailView(ObjectDetailView):
    model = Award
    template_name = "awards/record_detail.html"
    hidden_fields = ("person",)  # shown by the template, only where the user may see it
    names_via = "person"

    def get_queryset(self):
        return selectors.award_list(user=self.request.user)


class AwardEditView(ObjectEditView):
    model = Award
    form_class = forms.AwardForm
    create_service = staticmethod(services.award_create)


class AwardCountsView(LoginRequiredMixin, FiguresQueryMixin, TemplateView):
    """Recipients by type, year, kind and origin, for a unit and period (every year unless asked:
    awards are counted over a union's whole history)."""

    reads_from_replica = True

    template_name = "awards/counts.html"

    def default_period(self, current):
        return None, None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        asked = self.figures_asked()
        start, end, unit, day = asked.start, asked.end, asked.unit, asked.day
        counts = selectors.award_counts(user=self.request.user, unit=unit, start=start, end=end, day=day)
        by_type = counts["by_type"]
        chart = bar_chart_svg([n for n, _c in by_type], [c for _n, c in by_type]) if by_type else ""
        ctx.update(
            comparisons=stated_beside(
                user=self.request.user, unit=unit, start=start, end=end, computed=FIGURES_PAGE, day=day
            ),
            counts=counts,
            type_rows=[
                (name, [(code, by_kind[code]) for code, _l, _n in counts["by_kind"]], n)
                for name, by_kind, n in counts["by_type_and_kind"]
            ],
            chart=mark_safe(chart),
            unit=unit,
            start=start,
            end=end,
            unit_form=UnitScopeForm(user=self.request.user, unit=unit),
            asked=asked,
        )
        return ctx


class NominationMoveView(LoginRequiredMixin, TemplateView):
    """Approve (with a decision), reject (with a reason) or withdraw a nomination."""

    template_name = "awards/nomination_move.html"
    forms = {"approve": forms.NominationApproveForm, "reject": forms.NominationReasonForm}
    titles = {
        "approve": gettext_lazy("Approve the nomination"),
        "reject": gettext_lazy("Reject the nomination"),
        "withdraw": gettext_lazy("Withdraw the nomination"),
    }

    def setup_nomination(self):
        self.move = self.kwargs["move"]
        self.nomination = selectors.access_nomination(user=self.request.user, pk=self.kwargs["pk"], move=self.move)

    def get_form(self, data=None):
        form_class = self.forms.get(self.move, forms.NominationReasonForm)
        return form_class(data, user=self.request.user, nomination=self.nomination)

    def get(self, request, *args, **kwargs):
        self.setup_nomination()
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.setup_nomination()
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.move == "approve":
                    services.nomination_approve(
                        actor=request.user,
                        nomination=self.nomination,
                        decision=data["decision"],
                        citation=data["citation"],
                    )
                elif self.move == "reject":
                    services.nomination_reject(actor=request.user, nomination=self.nomination, reason=data["reason"])
                else:
                    services.nomination_withdraw(actor=request.user, nomination=self.nomination, reason=data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.nomination.refresh_from_db()
                messages.success(
                    request, _("Status changed to: %(status)s") % {"status": self.nomination.get_status_display()}
                )
                return HttpResponseRedirect(self.nomination.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(object=self.nomination, move=self.move, title=self.titles[self.move])
        return ctx
