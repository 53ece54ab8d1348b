import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.tables import Table, TranslatedColumn

from .models import (
    AidDocument,
    AidDonor,
    AidItem,
    AidTransaction,
    Workflow,
    WorkflowStep,
    WorkflowTransition,
)


class AidItemTable(Table):
    title_vi = tables.Column(linkify=True)
    donors = tables.ManyToManyColumn(verbose_name=_("donors"))

    class Meta:
        model = AidItem
        fields = [
            "reference",
            "title_vi",
            "kind",
            "status",
            "donors",
            "decision_number",
            "decision_date",
            "start_date",
            "end_date",
            "unit",
        ]
        attrs = {"class": "table table-sm table-striped"}


class AidTransactionTable(Table):
    item = tables.Column(linkify=True)

    class Meta:
        model = AidTransaction
        fields = ["item", "kind", "date", "amount", "currency", "donor", "description"]
        attrs = {"class": "table table-sm table-striped"}


class AidDonorTable(Table):
    item = tables.Column(linkify=True)
    organisation = tables.Column(linkify=True)

    class Meta:
        model = AidDonor
        fields = ["item", "organisation", "share"]
        attrs = {"class": "table table-sm table-striped"}


class AidDocumentTable(Table):
    item = tables.Column(linkify=True)

    class Meta:
        model = AidDocument
        fields = ["item", "title", "date"]
        attrs = {"class": "table table-sm table-striped"}


class WorkflowTable(Table):
    name = TranslatedColumn(linkify=True)
    legal_basis = TranslatedColumn()
    units = tables.ManyToManyColumn(verbose_name=_("applies to"), default=_("every unit"))

    class Meta:
        model = Workflow
        fields = ["name", "legal_basis", "valid_from", "valid_to", "units"]
        attrs = {"class": "table table-sm table-striped"}


class WorkflowStepTable(Table):
    workflow = tables.Column(linkify=True)
    status = tables.Column(linkify=("aid:workflowstep_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = WorkflowStep
        fields = ["workflow", "status", "body", "deadline_days"]
        attrs = {"class": "table table-sm table-striped"}


class WorkflowTransitionTable(Table):
    workflow = tables.Column(linkify=True)
    move = tables.Column(
        verbose_name=_("move"), accessor="pk", linkify=("aid:workflowtransition_detail", {"pk": tables.A("pk")})
    )
    roles = tables.Column(verbose_name=_("roles allowed"), accessor="pk", orderable=False)
    required_fields = tables.Column(verbose_name=_("required data"), accessor="pk", orderable=False)

    class Meta:
        model = WorkflowTransition
        fields = ["workflow", "move", "roles", "required_fields"]
        attrs = {"class": "table table-sm table-striped"}

    def render_move(self, record):
        return str(record)

    def render_roles(self, record):
        return ", ".join(record.role_labels())

    def render_required_fields(self, record):
        return ", ".join(record.required_labels())
