"""FilterSet base: choice lists only offer records the user may see (large ones through a picker);
periods must not end before they start."""

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend

from amity.core.dates import period_check
from amity.core.models import ExchangeRate
from amity.core.pickers import use_autocomplete


class AmityFilterSet(django_filters.FilterSet):
    #: (start filter, end filter) pairs; a period whose end is before its start is refused on the end's
    #: field (a form error on screen, 400 in the API) rather than answered with nothing.
    periods: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():  # before self.form is built, which copies the querysets
            queryset = getattr(f, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                f.queryset = queryset.restrict(user, "view").select_related(*getattr(queryset.model, "str_related", ()))
        use_autocomplete(self.form.fields)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def get_form_class(self):
        form_class = super().get_form_class()
        periods = self.periods
        if not periods:
            return form_class

        def clean(form):
            data = super(form_class, form).clean()
            for start, end in periods:
                period_check(data.get(start), data.get(end), end_field=end)
            return data

        return type(form_class.__name__, (form_class,), {"clean": clean})


class FilterBackend(DjangoFilterBackend):
    """The viewsets' filter sets, built only when the request names one of their filters: a list
    asked for without any (a page, an ordering) is the restricted queryset as it is, without the
    filter set's copies of its filters, its form and the restriction of every choice list (about
    a tenth of an API page's time). A parameter that starts with a filter's name counts as naming
    it (a range filter's ``amount_min``)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = filterset_class.base_filters
        if not any(key in names or key.startswith(tuple(f"{name}_" for name in names)) for key in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (1–9999): a year no date can have (0, -5, 1e9) is a 400 in the API and a
    form error on the screen, not a server error from the database's date arithmetic."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)


class ExchangeRateFilterSet(AmityFilterSet):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "target", "year"]
