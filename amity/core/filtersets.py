"""FilterSet base: choice lists only offer records the user may see."""

import django_filters
from django import forms


class AmityFilterSet(django_filters.FilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():  # before self.form is built, which copies the querysets
            queryset = getattr(f, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                f.queryset = queryset.restrict(user, "view")
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (1–9999): a year no date can have (0, -5, 1e9) is a 400 in the API and a
    form error on the screen, not a server error from the database's date arithmetic."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)
