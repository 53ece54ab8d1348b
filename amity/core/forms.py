"""Base form: carries the edit version and limits every choice to what the user may see."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AmityModelForm(forms.ModelForm):
    """ModelForm for audited records; pass ``user``.

    Choices of related records are restricted to the user's units; the field that decides
    ownership (``unit`` or the parent record) is restricted to where the user may add.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owner_field = (getattr(self._meta.model, "unit_path", None) or "").split("__")[0]
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "restrict"):
                continue
            action = "add" if name == owner_field else "view"
            field.queryset = queryset.restrict(user, action)
        for field in self.fields.values():
            widget = field.widget
            css = {"Select": "form-select", "SelectMultiple": "form-select", "CheckboxInput": "form-check-input"}
            widget.attrs.setdefault("class", css.get(type(widget).__name__, "form-control"))
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if owner_field in self.fields and owner_field != "self":
                self.fields[owner_field].disabled = True
                self.fields[owner_field].help_text = _("The owning unit cannot be changed after creation.")

    def clean_version(self):
        return self.cleaned_data.get("version") or None

    def service_data(self) -> dict:
        """Cleaned values of the model's own fields, for the create/update service."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version" and k in self._meta.fields}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
