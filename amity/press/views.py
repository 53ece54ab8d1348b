import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView
from amity.union.models import Metric

from . import filtersets, forms, selectors, services, tables
from .choices import TARGETS_BY_KIND, FactStatus, Target
from .models import Article

#: The model an existing record of each target is chosen from.
TARGET_MODELS = {
    Target.ACTIVITY: "activities.Activity",
    Target.PARTNER: "registry.Organisation",
    Target.PERSON: "registry.Person",
    Target.AID_ITEM: "aid.AidItem",
    Target.AWARD: "awards.Award",
    Target.PLAN: "plans.Plan",
    Target.STATED_FIGURE: "union.StatedFigure",
    Target.CONGRESS: "union.Congress",
}


class ArticleListView(ObjectListView):
    model = Article
    filterset_class = filtersets.ArticleFilterSet
    table_class = tables.ArticleTable

    def get_queryset(self):
        return selectors.article_list(user=self.request.user)


class ArticleDetailView(ObjectDetailView):
    model = Article
    template_name = "press/article_detail.html"
    hidden_fields = ("text", "title", "search_text")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        facts = list(selectors.fact_list(user=self.request.user, article=self.object))
        ctx["pieces"] = selectors.highlighted(self.object, facts)
        ctx["facts"] = facts
        ctx["proposed"] = sum(f.status == FactStatus.PROPOSED for f in facts)
        return ctx


class ArticleEditView(ObjectEditView):
    model = Article
    form_class = forms.ArticleForm
    create_service = staticmethod(services.article_create)
    update_service = staticmethod(services.article_update)


#: The confirming screen's keys, shown above its table (facts.js reads them).
KEYS = [
    (("j", "↓"), gettext_lazy("next fact")),
    (("k", "↑"), gettext_lazy("previous fact")),
    (("a",), gettext_lazy("accept")),
    (("r",), gettext_lazy("reject")),
    (("e",), gettext_lazy("correct the value (Enter accepts it)")),
    (("t", "1–9"), gettext_lazy("what it becomes")),
    (("m",), gettext_lazy("the metric of a figure")),
    (("Esc",), gettext_lazy("back to the facts")),
]


class ArticleFactsView(LoginRequiredMixin, TemplateView):
    """The confirming screen: every proposal with its span, one keyboard stroke each (``KEYS``)."""

    template_name = "press/article_facts.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        article = selectors.access_article(user=self.request.user, pk=self.kwargs["pk"], action="change")
        facts = list(selectors.fact_list(user=self.request.user, article=article))
        for fact in facts:
            fact.targets = [(t, Target(t).label) for t in TARGETS_BY_KIND[fact.kind]]
            fact.context_before = article.text[max(0, fact.start - 60) : fact.start]
            fact.context_after = article.text[fact.end : fact.end + 60]
            fact.value_json = json.dumps(
                {k: v for k, v in fact.current_value.items() if k not in ("registry_id", "unit_id")}, ensure_ascii=False
            )
        ctx.update(
            article=article,
            keys=KEYS,
            facts=facts,
            proposed=[f for f in facts if f.status == FactStatus.PROPOSED],
            metrics=list(Metric.objects.restrict(self.request.user, "view").order_by("code")),
        )
        return ctx


class FactDecideView(LoginRequiredMixin, View):
    """POST one decision on one fact, then back to the confirming screen at the next one."""

    def post(self, request, pk):
        fact = selectors.access_fact(user=request.user, pk=pk)
        form = forms.FactDecisionForm(request.POST)
        back = HttpResponseRedirect(request.POST.get("next") or f"{fact.article.get_absolute_url()}facts/")
        if not form.is_valid():
            messages.error(request, _("The decision could not be read: %(errors)s") % {"errors": form.errors.as_text()})
            return back
        data = form.cleaned_data
        try:
            if data["decision"] == "reject":
                services.fact_reject(actor=request.user, fact=fact)
                messages.success(request, _("Rejected: %(fact)s") % {"fact": fact})
            else:
                target = data["target"] or TARGETS_BY_KIND[fact.kind][0]
                if target in forms.RECORD_FORMS and not data.get("record"):  # a new one: its form asks the rest
                    query = urlencode({"target": target, "corrected": request.POST.get("corrected", "")})
                    return HttpResponseRedirect(f"{reverse('press:fact_record', args=[fact.pk])}?{query}")
                record = self._record(request, target, data.get("record"))
                extra = {"metric": self._metric(request, data.get("metric"))} if target == Target.STATED_FIGURE else {}
                services.fact_accept(
                    actor=request.user,
                    fact=fact,
                    target=target,
                    record=record,
                    corrected=data.get("corrected") or None,
                    data=extra,
                )
                messages.success(request, _("Accepted: %(fact)s") % {"fact": fact})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return back

    def _metric(self, request, pk: int | None):
        metric = Metric.objects.restrict(request.user, "view").filter(pk=pk).first() if pk else None
        if metric is None:
            raise ValidationError(_("Choose the metric the figure is stated for."))
        return metric

    def _record(self, request, target: str, pk: int | None):
        if not pk:
            return None
        label = TARGET_MODELS.get(target)
        if label is None:
            raise ValidationError(_("Facts of this kind are not linked to an existing record."))
        model = apps.get_model(label)
        record = model.objects.restrict(request.user, "change").filter(pk=pk).first()
        if record is None:
            raise ValidationError(
                _("No %(model)s number %(pk)s that you may change.") % {"model": model._meta.verbose_name, "pk": pk}
            )
        return record


class FactRecordView(LoginRequiredMixin, TemplateView):
    """Accept one fact into a new aid item, plan or award: that module's own form, prefilled with
    what the fact and its article say (the amount, the number, the dates, the title), asking the
    rest; a correction typed on the confirming screen comes along."""

    template_name = "press/fact_record.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.fact = selectors.access_fact(user=request.user, pk=kwargs["pk"])
        self.target = request.POST.get("target") or request.GET.get("target", "")
        if self.target not in forms.RECORD_FORMS or self.target not in TARGETS_BY_KIND[self.fact.kind]:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return forms.record_form(fact=self.fact, target=self.target, user=self.request.user, data=data)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            fact=self.fact,
            target=self.target,
            target_label=Target(self.target).label,
            corrected=self.request.POST.get("corrected") or self.request.GET.get("corrected", ""),
            back=f"{reverse('press:article_facts', args=[self.fact.article_id])}#fact-{self.fact.pk}",
        )
        ctx.setdefault("form", self.form())
        return ctx

    def post(self, request, pk):
        form = self.form(request.POST)
        corrected = forms.FactDecisionForm({"decision": "accept", "corrected": request.POST.get("corrected")})
        if not corrected.is_valid():  # a correction typed on the confirming screen that is not JSON
            form.add_error(None, corrected.errors.get("corrected", []))
        if form.is_valid():
            try:
                services.fact_accept(
                    actor=request.user,
                    fact=self.fact,
                    target=self.target,
                    corrected=corrected.cleaned_data.get("corrected") or None,
                    data=form.service_data(),
                )
            except ValidationError as exc:
                for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Accepted: %(fact)s") % {"fact": self.fact})
                return HttpResponseRedirect(self.get_context_data(form=form)["back"])
        return self.render_to_response(self.get_context_data(form=form))


class ArticleReadView(LoginRequiredMixin, View):
    """Read the article again (after the registry grew, or the reader improved)."""

    def post(self, request, pk):
        article = selectors.access_article(user=request.user, pk=pk, action="change")
        counts = services.article_read(actor=request.user, article=article)
        messages.success(
            request,
            _("Read again: %(new)s new facts, %(dropped)s no longer found.")
            % {"new": counts["new"], "dropped": counts["dropped"]},
        )
        return HttpResponseRedirect(f"{article.get_absolute_url()}facts/")
