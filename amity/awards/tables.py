import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.dates import partial_date_column
from amity.core.personal import HIDDEN_NAME
from amity.core.tables import Table, TranslatedColumn

from .models import Award, AwardType, Decision, Nomination


def shown_name(record) -> str:
    """The recipient's name, unless it is a person the user may not see."""
    if record.person_id and not getattr(record, "person_visible", False):
        return str(HIDDEN_NAME)
    return str(record.person or record.organisation)


class AwardTypeTable(Table):
    name = TranslatedColumn(linkify=True)
    unit = tables.Column(default=_("National"))

    class Meta:
        model = AwardType
        fields = ["name", "kind", "conferred_by", "unit"]
        attrs = {"class": "table table-sm table-striped"}


class NominationTable(Table):
    award_type = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("nomination"))
    nominee = tables.Column(
        verbose_name=_("nominee"), accessor="pk", order_by=("person__full_name", "organisation__name")
    )

    class Meta:
        model = Nomination
        fields = ["proposed_on", "award_type", "nominee", "origin", "proposer", "status", "unit"]
        attrs = {"class": "table table-sm table-striped"}

    def render_nominee(self, record):
        return shown_name(record)

    def value_nominee(self, record):
        return shown_name(record)


class DecisionTable(Table):
    number = tables.Column(linkify=True, empty_values=())
    decided_on = partial_date_column("decided_on", verbose_name=_("date"))
    recipients = tables.Column(verbose_name=_("recipients"))

    class Meta:
        model = Decision
        fields = ["number", "decided_on", "award_type", "issuing_body", "recipients", "ceremony", "unit"]
        attrs = {"class": "table table-sm table-striped"}


class AwardTable(Table):
    recipient = tables.Column(
        verbose_name=_("recipient"), linkify=True, accessor="pk", order_by=("person__full_name", "organisation__name")
    )
    award_type = tables.Column(verbose_name=_("award type"), accessor="decision__award_type")
    decision = tables.Column(linkify=True)
    decided_on = partial_date_column("decision__decided_on", verbose_name=_("date"))

    class Meta:
        model = Award
        fields = ["recipient", "recipient_kind", "origin", "award_type", "decision", "decided_on"]
        attrs = {"class": "table table-sm table-striped"}

    def render_recipient(self, record):
        return shown_name(record)

    def value_recipient(self, record):
        return shown_name(record)
