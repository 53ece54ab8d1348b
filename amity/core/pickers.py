"""Pickers over large or growing tables: a searchable box (Tom Select, vendored) that asks the
autocomplete endpoint as the user types, instead of a <select> of every record.

An app declares its pickable models in its ``search.py`` (``PICKERS = [Picker(Model, ...)]``).
Every ``AmityModelForm`` and ``AmityFilterSet`` field choosing such a model gets the widget by
itself: the page renders only the options selected, the endpoint (``AutocompleteView``) answers
with the records the user may see matching the typed text (``core.matching``: no diacritics needed,
typos tolerated), and the form still validates the choice against its own restricted queryset.
A field whose queryset a form narrows passes the same filter to the endpoint with ``narrow``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.core import signing
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amity.core.discovery import app_modules
from amity.core.querysets import may_act

SALT = "amity.core.pickers"
#: Options the endpoint answers with at most.
PICKER_LIMIT = 30


@dataclass(frozen=True)
class Picker:
    """A model people choose from by typing: ``fields`` the columns matched when it has no
    ``search_name`` (a reference list); ``related`` the paths to records whose ``search_name``
    finds it too (``core.matching.match``); ``aliases`` gives the other names a row is found by (its translations, folded),
    called with the values of ``fields``; ``action`` the right the user needs on the records offered; ``where`` the
    filter every answer keeps; ``shown`` is called with (user, records, query) for the records a
    user was shown (personal data is logged). With ``quick_form`` (an ``AmityModelForm`` of the few
    fields a new record needs, its ``typed_field`` taking what was typed) and ``quick_create`` (the
    app's create service), a form's picker offers to add a record not yet there, for users who may
    add one (``core.views.QuickAddView``)."""

    model: type[Model]
    fields: tuple[str, ...] = ()
    related: tuple | Callable[..., tuple] = ()
    aliases: Callable[..., list[str]] | None = None
    action: str = "view"
    where: dict = field(default_factory=dict)
    shown: Callable | None = None
    quick_form: type | None = None
    quick_create: Callable | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


@cache
def pickers() -> dict[str, Picker]:
    """Every app's pickers by model label ("geo.adminunit")."""
    found = {}
    for _label, module in app_modules("search"):
        for picker in getattr(module, "PICKERS", ()):
            found[picker.label] = picker
    return found


class AutocompleteMixin:
    """Renders the selected options only, and where to ask for more."""

    def __init__(self, picker: Picker, attrs=None, filters: dict | None = None, quick_add: bool = False):
        super().__init__(attrs)
        self.picker = picker
        self.filters = dict(filters or {})
        self.quick_add = quick_add
        self.shown: dict[str, Model] = {}  # selected records the page holds already, by their pk as text

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        url = reverse("autocomplete", args=[self.picker.label])
        if self.filters:
            url += "?f=" + signing.dumps(self.filters, salt=SALT, compress=True)
        attrs.update(
            {
                "data-autocomplete": url,
                "data-no-results": _("Nothing found"),
                "data-type-to-search": _("Type to search…"),
                "data-loading": _("Searching…"),
                "data-remove": _("Remove"),
            }
        )
        if self.quick_add:
            attrs["data-quick-add"] = reverse("quick_add", args=[self.picker.label])
            attrs["data-quick-add-label"] = _("Add to the registry:")
        attrs["class"] = "form-select"
        return attrs

    def optgroups(self, name, value, attrs=None):
        selected = [v for v in value if v not in ("", None)]
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", not selected, 0))
        if selected:
            held = [self.shown.get(str(pk)) for pk in selected]
            records = held if all(held) else self.choices.queryset.filter(pk__in=selected)
            for i, obj in enumerate(records, start=len(options)):
                label = self.choices.field.label_from_instance(obj)
                options.append(self.create_option(name, obj.pk, label, True, i))
        return [(None, options, 0)]


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    pass


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    pass


def use_autocomplete(form_fields, *, skip=(), user=None) -> None:
    """Give every model choice over a pickable model the autocomplete widget (in place), but for
    the fields named in ``skip`` (short lists a form builds itself). With ``user`` (a form, not a
    filter), a picker that can add records offers it where the user may add them."""
    known = pickers()
    for name, form_field in form_fields.items():
        queryset = getattr(form_field, "queryset", None)
        if queryset is None or name in skip or isinstance(form_field.widget, AutocompleteMixin):
            continue
        picker = known.get(queryset.model._meta.label_lower)
        if picker is None or not isinstance(form_field.widget, forms.Select | forms.SelectMultiple):
            continue
        limit = getattr(form_field, "limit_choices_to", None)
        filters = limit if isinstance(limit, dict) else {}
        widget_class = AutocompleteSelectMultiple if form_field.widget.allow_multiple_selected else AutocompleteSelect
        quick_add = user is not None and picker.quick_form is not None and may_act(user, picker.model, "add")
        widget = widget_class(picker, attrs=form_field.widget.attrs, filters=filters, quick_add=quick_add)
        widget.is_required = form_field.widget.is_required
        widget.choices = form_field.choices
        form_field.widget = widget


def narrow(form_field, **filters) -> None:
    """Narrow a model choice's queryset, and the endpoint's answers with it."""
    form_field.queryset = form_field.queryset.filter(**filters)
    if isinstance(form_field.widget, AutocompleteMixin):
        form_field.widget.filters.update(filters)
        form_field.widget.choices = form_field.choices


def read_filters(token: str | None) -> dict:
    """The filters a page signed into a picker's URL (a tampered one is refused)."""
    if not token:
        return {}
    return signing.loads(token, salt=SALT)
