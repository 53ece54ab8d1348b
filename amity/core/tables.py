"""Amity's tables: headings that start with a capital letter, and columns for figures: decimals as
the reader's language writes them on screen (``amity.core.formatting``), the number itself in
exports (``core.export`` formats the cell)."""

import django_tables2 as tables
from django.db import models
from django.utils.text import capfirst
from django_tables2.columns import library

from amity.core.formatting import format_number, format_quantity
from amity.core.models import ExchangeRate, in_language


class Table(tables.Table):
    """A list's table. A column named in the table (``verbose_name=_("donors")``) is headed as
    written, while one taken from a model field is capitalised like Django's forms: every heading
    starts with a capital letter ("Donors" beside "Title"), on screen and in the exports, in every
    language (the capital is taken from the translated name when it is shown)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for column in cls.base_columns.values():
            if column.verbose_name:
                column.verbose_name = capfirst(column.verbose_name)


@library.register
class NumberColumn(tables.Column):
    """Every decimal or float field of a table: "150.000.000", "4", "9,5"; never "150000000,00"."""

    def render(self, value):
        return format_number(value)

    def value(self, value):
        return value

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DecimalField | models.FloatField):
            return cls(**kwargs)
        return None


class QuantityColumn(NumberColumn):
    """A quantity with its unit on screen ("10 tấn"); ``unit`` names the record's unit field, which
    the export keeps as its own column."""

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def render(self, value, record):
        return format_quantity(value, getattr(record, self.unit, ""))


class TranslatedColumn(tables.Column):
    """A reference list's text in the reader's language (``core.models.in_language``): the national
    day, award type or legal basis a Vietnamese page shows in Vietnamese, a Russian one in Russian."""

    def render(self, record, bound_column):
        return in_language(record, bound_column.accessor)


class ExchangeRateTable(Table):
    currency = tables.Column(linkify=True)

    class Meta:
        model = ExchangeRate
        fields = ["currency", "target", "rate", "date", "year", "source"]
        attrs = {"class": "table table-sm table-striped"}
