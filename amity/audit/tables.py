"""Tables of the change log and the export log."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from amity.core.tables import Table

from .models import ExportLog, ObjectChange
from .selectors import shown_repr


class ObjectChangeTable(Table):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s", linkify=True)

    class Meta:
        model = ObjectChange
        fields = ["time", "actor_name", "unit", "source", "action", "event", "content_type", "object_repr"]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, personal_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_ids = personal_ids

    def render_object_repr(self, record):
        return shown_repr(record, self.personal_ids)


class ExportLogTable(Table):
    time = tables.DateTimeColumn(format="d/m/Y H:i:s")
    units = tables.Column(orderable=False, empty_values=())

    class Meta:
        model = ExportLog
        fields = ["time", "actor_name", "content_type", "format", "row_count", "personal", "units", "query"]
        attrs = {"class": "table table-sm table-striped"}

    def __init__(self, *args, viewable_unit_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewable_unit_ids = viewable_unit_ids  # None: every unit may be opened

    def render_units(self, record):
        """The units' names, each a link where the viewer may open the unit."""
        links = [
            format_html('<a href="{}">{}</a>', unit.get_absolute_url(), unit)
            if self.viewable_unit_ids is None or unit.pk in self.viewable_unit_ids
            else unit.name
            for unit in record.units.all()
        ]
        return format_html_join(", ", "{}", ((link,) for link in links)) or "—"
