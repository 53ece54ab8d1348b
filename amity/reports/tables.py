import django_tables2 as tables

from .models import Report


class ReportTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Report
        fields = ["title", "kind", "unit", "period_start", "period_end", "number", "status"]
        attrs = {"class": "table table-sm table-striped"}
