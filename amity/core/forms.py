"""Base form: carries the edit version and limits every choice to what the user may see; the
currency select and the rate table's form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from amity.core.access import home_unit_id
from amity.core.currencies import currency_choices
from amity.core.models import ExchangeRate
from amity.core.pickers import use_autocomplete
from amity.core.querysets import may_write_for_units, owner_field, required_action
from amity.core.uploads import DocumentField


def formfield_for(db_field, **kwargs):
    """Form field for a model field: web addresses typed without a scheme are taken as https://
    (the Django 6.0 default, set explicitly rather than through a deprecated setting), in a text box
    (a browser's ``type=url`` box refuses "vufo.org.vn" before the form could add the scheme);
    uploaded documents are checked by ``core.uploads.document_check``."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "url"}))
    if isinstance(db_field, models.FileField):
        kwargs.setdefault("form_class", DocumentField)  # type and size by content, before storing
    return db_field.formfield(**kwargs)


def styled(fields) -> None:
    """Give each field's widget the site's look (in place): Bootstrap's class for its kind."""
    css = {"Select": "form-select", "SelectMultiple": "form-select", "CheckboxInput": "form-check-input"}
    for field in fields.values():
        field.widget.attrs.setdefault("class", css.get(type(field.widget).__name__, "form-control"))


class AmityModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Gives every subclass's ``Meta`` the ``formfield_for`` callback unless it names its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield_for)
        return super().__new__(mcs, name, bases, attrs)


class AmityModelForm(forms.ModelForm, metaclass=AmityModelFormMetaclass):
    """ModelForm for audited records; pass ``user``.

    Choices of related records are restricted to the user's units; the field that decides
    ownership (``unit`` or the parent record) is restricted to where the user may add.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    #: Model choices kept as a plain <select> (a short list the form builds), not a picker.
    plain_choices: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owner = owner_field(self._meta.model)
        add = required_action(self._meta.model, "add")
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "restrict"):
                continue
            action = add if name == owner else "view"
            field.queryset = queryset.restrict(user, action).select_related(*getattr(queryset.model, "str_related", ()))
        self._default_owner(owner, add)
        use_autocomplete(self.fields, skip=self.plain_choices, user=user)
        styled(self.fields)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if owner in self.fields:
                self.fields[owner].disabled = True
                self.fields[owner].help_text = self.fields[owner].help_text or _(
                    "The owning unit cannot be changed after creation."
                )

    def initial_record(self, name: str):
        """The record a new form was opened with in ``name`` (``?plan=3`` from the plan's page), read
        through the field's choices, so only one the user may choose; None otherwise."""
        value = str(self.initial.get(name) or "")
        if self.instance.pk is not None or self.is_bound or not value.isdigit() or name not in self.fields:
            return None
        return self.fields[name].queryset.filter(pk=value).first()

    def _default_owner(self, owner: str, action: str) -> None:
        """A new record belongs to the user's own union unless they choose otherwise."""
        field = self.fields.get(owner)
        if self.instance.pk or field is None or self.is_bound or self.initial.get(owner) is not None:
            return
        if getattr(field, "queryset", None) is None or field.queryset.model._meta.label_lower != "units.unit":
            return
        unit_id = home_unit_id(self.user, action)
        if unit_id is not None and field.queryset.filter(pk=unit_id).exists():
            self.initial[owner] = unit_id

    def clean_version(self):
        return self.cleaned_data.get("version") or None

    def service_data(self) -> dict:
        """Cleaned values of the model's own fields, for the create/update service."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version" and k in self._meta.fields}


def national_unit_check(*, user, unit, message) -> None:
    """Refuse a record without a unit (national, see ``NationalOrUnitQuerySet``) from anyone but a
    central administrator, with ``message``; forms and serializers of such records call it."""
    if unit is None and not may_write_for_units(user, ()):
        raise ValidationError(message, code="national")


class NationalOrUnitFormMixin:
    """For an ``AmityModelForm`` of a national-or-unit record: the unit offers the user's units and
    "national" (no unit, ``national_label``) only to central administrators; anyone else sending
    no unit is refused with ``national_refused``. Subclasses set both (translated) strings."""

    national_label = None
    national_refused = None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["unit"]
        if may_write_for_units(user, ()):
            field.empty_label = self.national_label
        elif not self.instance.pk:
            field.required = True
            field.empty_label = None

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        national_unit_check(user=self.user, unit=unit, message=self.national_refused)
        return unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def currency_field() -> forms.ChoiceField:
    """A select of the IATI Currency list, common currencies first, named in the user's language;
    the model's ``validate_currency`` checks the same list on every write (form, API, import)."""
    return forms.ChoiceField(label=capfirst(_("currency")), choices=lambda: [("", "---------"), *currency_choices()])


class ExchangeRateForm(AmityModelForm):
    currency = currency_field()

    class Meta:
        model = ExchangeRate
        fields = ["currency", "target", "rate", "date", "year", "source"]
        widgets = {"date": DateInput()}
