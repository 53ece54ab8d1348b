import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.dates import partial_date_column
from amity.core.formatting import format_money, format_number
from amity.core.tables import Table

from .models import Congress, ElectedBody, ElectedRole, Metric, NationalTerm, StatedFigure
from .selectors import ComparisonCache

HIDDEN_NAME = _("(name not shown: personal data)")


def shown_person(role) -> str:
    """The person's name, unless the user may not see that person's personal data."""
    return str(role.person) if getattr(role, "person_visible", False) else str(HIDDEN_NAME)


class CongressTable(Table):
    ordinal = tables.Column(linkify=True, verbose_name=_("congress"))
    held_on = partial_date_column("held_on")
    term = tables.Column(accessor="term_label", verbose_name=_("term"), order_by="term_start")

    class Meta:
        model = Congress
        fields = ["ordinal", "unit", "held_on", "place", "delegates", "term"]
        attrs = {"class": "table table-sm table-striped"}


class ElectedBodyTable(Table):
    kind = tables.Column(linkify=True)

    class Meta:
        model = ElectedBody
        fields = ["kind", "congress", "size", "notes"]
        attrs = {"class": "table table-sm table-striped"}


class ElectedRoleTable(Table):
    person = tables.Column(linkify=True, accessor="pk", order_by="person__full_name", verbose_name=_("person"))

    class Meta:
        model = ElectedRole
        fields = ["person", "position", "body", "start", "end", "replaces"]
        attrs = {"class": "table table-sm table-striped"}

    def render_person(self, record):
        return shown_person(record)

    def value_person(self, record):
        return shown_person(record)


class MetricTable(Table):
    name = tables.Column(linkify=True, accessor="name", order_by="name_vi")
    unit = tables.Column(default=_("National"))

    class Meta:
        model = Metric
        fields = ["code", "name", "kind", "measure", "allows_approximate", "computed", "unit"]
        attrs = {"class": "table table-sm table-striped"}


class StatedFigureTable(Table):
    """Each stated figure with the value from records beside it and the difference (stated minus computed)."""

    metric = tables.Column(linkify=True)
    value = tables.Column(accessor="value_display", order_by="value", verbose_name=_("stated"))
    when = tables.Column(accessor="when", order_by=("period_start", "as_of"), verbose_name=_("period or date"))
    computed = tables.Column(accessor="pk", orderable=False, verbose_name=_("from records"))
    difference = tables.Column(accessor="pk", orderable=False, verbose_name=_("difference"))
    source = tables.Column(accessor="source_label", orderable=False, verbose_name=_("source"))

    class Meta:
        model = StatedFigure
        fields = ["metric", "unit", "qualifier", "value", "when", "computed", "difference", "source", "notes"]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.comparisons = ComparisonCache(user) if user is not None else None

    def paginate(self, *args, **kwargs):
        """The page's figures computed together, not one by one as the rows render."""
        super().paginate(*args, **kwargs)
        if self.comparisons is not None:
            self.comparisons.prepare([row.record for row in self.paginated_rows])

    def _comparison(self, record):
        return self.comparisons.compare(record) if self.comparisons is not None else None

    def render_computed(self, record):
        comparison = self._comparison(record)
        if comparison is None or comparison.computed is None:
            return _("not computed")
        if not comparison.computed.records:
            return _("no records")
        computed = comparison.computed
        return format_money(computed.value, computed.currency) if computed.currency else format_number(computed.value)

    def render_difference(self, record):
        comparison = self._comparison(record)
        if comparison is None or comparison.difference is None:
            return "—"
        difference = comparison.difference
        return ("+" if difference > 0 else "") + format_number(difference)

    value_computed = render_computed
    value_difference = render_difference


class NationalTermTable(Table):
    start = tables.Column(linkify=True)

    class Meta:
        model = NationalTerm
        fields = ["start", "end"]
        attrs = {"class": "table table-sm table-striped"}
