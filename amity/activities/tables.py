import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.dates import partial_date_column
from amity.core.tables import Table, TranslatedColumn

from .models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay


class ActivityTable(Table):
    start_date = partial_date_column("start_date", verbose_name=_("start date"))
    title = tables.Column(linkify=True)
    countries = tables.ManyToManyColumn(verbose_name=_("countries"))
    partners = tables.ManyToManyColumn(verbose_name=_("partners"))

    class Meta:
        model = Activity
        fields = [
            "start_date",
            "end_date",
            "type",
            "title",
            "countries",
            "partners",
            "participants",
            "unit",
        ]
        attrs = {"class": "table table-sm table-striped"}


class ActivityAttachmentTable(Table):
    activity = tables.Column(linkify=True)

    class Meta:
        model = ActivityAttachment
        fields = ["activity", "kind", "caption", "file"]
        attrs = {"class": "table table-sm table-striped"}


class DiplomaticRelationTable(Table):
    country = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = DiplomaticRelation
        fields = ["country", "established_on", "precision", "note"]
        attrs = {"class": "table table-sm table-striped"}


class NationalDayTable(Table):
    name = TranslatedColumn(linkify=True)

    class Meta:
        model = NationalDay
        fields = ["country", "name", "day", "month"]
        attrs = {"class": "table table-sm table-striped"}
