import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AidDocument, AidDonor, AidItem, AidTransaction, ExchangeRate


class AidItemTable(tables.Table):
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


class AidTransactionTable(tables.Table):
    item = tables.Column(linkify=True)

    class Meta:
        model = AidTransaction
        fields = ["item", "kind", "date", "amount", "currency", "donor", "description"]
        attrs = {"class": "table table-sm table-striped"}


class ExchangeRateTable(tables.Table):
    currency = tables.Column(linkify=True)

    class Meta:
        model = ExchangeRate
        fields = ["currency", "target", "rate", "date", "year", "source"]
        attrs = {"class": "table table-sm table-striped"}


class AidDonorTable(tables.Table):
    item = tables.Column(linkify=True)
    organisation = tables.Column(linkify=True)

    class Meta:
        model = AidDonor
        fields = ["item", "organisation", "share"]
        attrs = {"class": "table table-sm table-striped"}


class AidDocumentTable(tables.Table):
    item = tables.Column(linkify=True)

    class Meta:
        model = AidDocument
        fields = ["item", "title", "date"]
        attrs = {"class": "table table-sm table-striped"}
