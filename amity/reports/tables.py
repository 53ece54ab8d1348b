import django_tables2 as tables

from amity.core.tables import Table

from .models import Report


class ReportTable(Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Report
        fields = ["title", "kind", "unit", "period_start", "period_end", "number", "status"]
        attrs = {"class": "table table-sm table-striped"}
