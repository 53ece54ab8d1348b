"""Tables; personal columns show what the viewer may see (hidden, masked, or revealed)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.dates import partial_date_column
from amity.core.tables import QuantityColumn, Table

from .models import Compatriot, Contribution, RemittanceStat
from .selectors import MASK, personal_value


class CompatriotTable(Table):
    """``personal_ids``: units whose personal data the viewer may see (None = all)."""

    PERSONAL_COLUMNS = ("full_name", "city", "occupation", "phone")

    full_name = tables.Column(linkify=True)

    class Meta:
        model = Compatriot
        fields = [
            "full_name",
            "sex",
            "birth_year",
            "home_unit",
            "country",
            "city",
            "occupation",
            "phone",
            "organisation",
            "unit",
        ]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, personal_ids=frozenset(), reveal=False, names_hidden=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_ids = personal_ids
        self.reveal = reveal
        if names_hidden:  # sorting by a value the viewer may not see would reveal its order
            for name in self.PERSONAL_COLUMNS:
                self.columns[name].column.orderable = False

    def allowed(self, record) -> bool:
        return self.personal_ids is None or record.unit_id in self.personal_ids

    def _personal(self, record, name):
        if record.erased_at:
            return _("(erased)") if name == "full_name" else ""
        return personal_value(record, name, allowed=self.allowed(record), reveal=self.reveal) or "—"

    def render_full_name(self, record):
        return self._personal(record, "full_name")

    def render_city(self, record):
        return self._personal(record, "city")

    def render_occupation(self, record):
        return self._personal(record, "occupation")

    def render_phone(self, record):
        return self._personal(record, "phone")


class ContributionTable(Table):
    received_on = partial_date_column("received_on", verbose_name=_("date"), linkify=True)
    donor = tables.Column(empty_values=(), verbose_name=_("donor"), orderable=False)
    quantity = QuantityColumn(unit="quantity_unit", verbose_name=_("quantity"))
    quantity_unit = tables.Column(visible=False)  # shown with the quantity; its own column in exports

    class Meta:
        model = Contribution
        fields = [
            "received_on",
            "donor",
            "kind",
            "item",
            "quantity",
            "quantity_unit",
            "amount",
            "currency",
            "purpose",
            "unit",
        ]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, personal_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_ids = personal_ids

    def donor_visible(self, record) -> bool:
        return self.personal_ids is None or record.unit_id in self.personal_ids

    def render_donor(self, record):
        if record.organisation_id:
            return record.organisation
        return record.compatriot if self.donor_visible(record) else MASK


class RemittanceStatTable(Table):
    source = tables.Column(linkify=True)

    class Meta:
        model = RemittanceStat
        fields = ["year_from", "year_to", "source", "amount", "currency", "unit"]
        attrs = {"class": "table table-sm table-striped"}
