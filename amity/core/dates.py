"""Dates as sources give them: a day, a month or a year, and periods that count them.

A partial date is stored in three columns: a ``DateField`` ``<name>`` holding the first day of
the span, ``<name>_precision`` (day, month, year) and ``<name>_inferred`` (the year was taken
from the source's own date, as for "ngày 12/3" in an article of 2023). Sorting and filtering
use the first column, so a month sorts at its first day.

The period rule: a record counts in the period that contains the first day of its span. A
month-precision record of May 2023 is in May 2023, in 2023 and in any period holding 01/05/2023;
a period that cuts through a month or a year (15/05–14/06) does not count that month's records,
the period holding its first day does. Consecutive periods therefore partition the records: the
figures of the parts add up to the figures of the whole. ``in_period`` applies the rule.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import django_tables2 as tables
from babel.dates import format_date, format_skeleton
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a year; ``inferred`` when the year was not in the source's words."""

    year: int
    month: int | None = None
    day: int | None = None
    inferred: bool = False

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("A day needs a month.")
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError on 31/02 or month 13

    @property
    def precision(self) -> str:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The last day of the span."""
        if self.day is not None:
            return self.start
        if self.month is not None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @classmethod
    def from_fields(cls, start_date: date | None, precision: str | None, inferred: bool = False) -> PartialDate | None:
        """The partial date stored as (first day, precision, inferred); None for no date."""
        if start_date is None:
            return None
        if precision == Precision.YEAR:
            return cls(start_date.year, inferred=inferred)
        if precision == Precision.MONTH:
            return cls(start_date.year, start_date.month, inferred=inferred)
        return cls(start_date.year, start_date.month, start_date.day, inferred=inferred)

    @classmethod
    def of(cls, instance, name: str) -> PartialDate | None:
        """The partial date kept in ``instance``'s three ``name`` columns."""
        return cls.from_fields(
            getattr(instance, name), getattr(instance, f"{name}_precision"), getattr(instance, f"{name}_inferred")
        )

    def fields(self, name: str) -> dict:
        """The three column values, for a service's ``data``."""
        return {name: self.start, f"{name}_precision": self.precision, f"{name}_inferred": self.inferred}

    def __str__(self) -> str:
        return format_partial_date(self)


# --- display -----------------------------------------------------------------------------------

#: How each interface language writes a day, a month and a year (CLDR through babel); Vietnamese
#: is written as administrative documents write it (Decree 30/2020: dd/mm/yyyy, "tháng 5/2023").
_VIETNAMESE = {Precision.DAY: "{d:02d}/{m:02d}/{y}", Precision.MONTH: "tháng {m}/{y}", Precision.YEAR: "năm {y}"}
_SKELETONS = {Precision.MONTH: "yMMMM", Precision.YEAR: "y"}
_BABEL_LOCALES = {"en": "en", "zh-hans": "zh_Hans", "ru": "ru", "vi": "vi"}


def format_partial_date(value: PartialDate | date | None, language: str | None = None) -> str:
    """ "tháng 5/2023", "May 2023", "2023年5月", "май 2023 г." for a month; a day and a year alike."""
    if value is None:
        return ""
    if not isinstance(value, PartialDate):
        value = PartialDate(value.year, value.month, value.day)
    language = (language or translation.get_language() or "vi").lower()
    if language.startswith("vi"):
        return _VIETNAMESE[value.precision].format(d=value.day or 1, m=value.month or 1, y=value.year)
    locale = _BABEL_LOCALES.get(language, _BABEL_LOCALES.get(language.split("-")[0], "en"))
    if locale == "ru" and value.precision != Precision.MONTH:  # 05.01.2022, 2023 г.
        return value.start.strftime("%d.%m.%Y") if value.precision == Precision.DAY else f"{value.year} г."
    if value.precision == Precision.DAY:
        text = format_date(value.start, "long", locale=locale)
    else:
        text = format_skeleton(_SKELETONS[value.precision], value.start, locale=locale)
    return text.replace("\u202f", " ").replace("\xa0", " ")  # CLDR's narrow spaces, as typed text has them


# --- parsing -----------------------------------------------------------------------------------

_MONTH_WORDS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    # Russian month names, nominative and genitive ("май 2023", "15 марта")
    **{
        word: i
        for i, words in enumerate(
            [
                (),
                ("январь", "января", "янв"),
                ("февраль", "февраля", "фев"),
                ("март", "марта", "мар"),
                ("апрель", "апреля", "апр"),
                ("май", "мая"),
                ("июнь", "июня", "июн"),
                ("июль", "июля", "июл"),
                ("август", "августа", "авг"),
                ("сентябрь", "сентября", "сен"),
                ("октябрь", "октября", "окт"),
                ("ноябрь", "ноября", "ноя"),
                ("декабрь", "декабря", "дек"),
            ]
        )
        for word in words
    },
}
_NOISE = re.compile(r"\b(ngày|ngay|tháng|thang|năm|nam|in|on|of|the|г|года|год)\b\.?|[,.]$", re.IGNORECASE)


class PartialDateError(ValueError):
    """Text that is not a day, a month or a year."""


def parse_partial_date(text: str, *, reference: date | None = None) -> PartialDate:
    """Read a day, a month or a year as sources and users write them.

    Day first, as in Vietnamese and Russian: "05/01/2022" is 5 January 2022. Accepted: "2023",
    "5/2023", "2023-05", "tháng 5/2023", "May 2023", "май 2023", "2023年5月", "05/01/2022",
    "2022-01-05", "2023年5月1日", "15 марта 2023". A day and month without a year ("12/3",
    "ngày 12/3", "15 марта") take the year of ``reference`` (the source's date) and are marked
    inferred; without a reference they are refused.
    """
    raw = (text or "").strip()
    if not raw:
        raise PartialDateError(_("Enter a date."))
    cjk = re.fullmatch(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", raw)
    if cjk:
        return _build(int(cjk[1]), _int(cjk[2]), _int(cjk[3]), raw)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", raw)
    if iso:
        return _build(int(iso[1]), int(iso[2]), _int(iso[3]), raw)
    cleaned = _NOISE.sub(" ", raw.lower()).strip(" ,.")
    tokens = [t for t in re.split(r"[\s/.,\-]+", cleaned) if t]
    numbers: list[int] = []
    month_word = None
    for token in tokens:
        if token.isdigit():
            numbers.append(int(token))
        elif token in _MONTH_WORDS and month_word is None:
            month_word = _MONTH_WORDS[token]
        else:
            raise PartialDateError(_("“%(text)s” is not a date (a day, a month or a year).") % {"text": raw})
    if month_word is not None:  # "May 2023", "15 марта", "15 марта 2023", "May 15, 2023"
        years = [n for n in numbers if n > 31]
        days = [n for n in numbers if n <= 31]
        if len(years) > 1 or len(days) > 1:
            raise PartialDateError(_("“%(text)s” is not a date (a day, a month or a year).") % {"text": raw})
        return _build(years[0] if years else None, month_word, days[0] if days else None, raw, reference)
    if len(numbers) == 1 and numbers[0] > 31:
        return _build(numbers[0], None, None, raw)
    if len(numbers) == 2:
        first, second = numbers
        if second > 31:  # 5/2023
            return _build(second, first, None, raw)
        return _build(None, second, first, raw, reference)  # 12/3: day and month
    if len(numbers) == 3 and numbers[2] > 31:
        return _build(numbers[2], numbers[1], numbers[0], raw)
    raise PartialDateError(_("“%(text)s” is not a date (a day, a month or a year).") % {"text": raw})


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _build(
    year: int | None, month: int | None, day: int | None, raw: str, reference: date | None = None
) -> PartialDate:
    inferred = False
    if year is None:
        if reference is None:
            raise PartialDateError(
                _("“%(text)s” has no year; give the year or the date of the source it comes from.") % {"text": raw}
            )
        year, inferred = reference.year, True
    try:
        return PartialDate(year, month, day, inferred=inferred)
    except ValueError:
        raise PartialDateError(_("“%(text)s” is not a date that exists.") % {"text": raw}) from None


# --- models ------------------------------------------------------------------------------------


def precision_field() -> models.CharField:
    """``<name>_precision`` beside a partial date's ``DateField``; existing rows are days."""
    return models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)


def inferred_field() -> models.BooleanField:
    """``<name>_inferred``: the year comes from the source's date, not from its words."""
    return models.BooleanField(_("year inferred from the source's date"), default=False)


def clean_partial_date(instance, name: str) -> None:
    """Refuse a stored partial date whose first day does not start its span, keyed by ``name``:
    a month-precision date must be the 1st of its month, a year-precision one the 1st of January."""
    value = getattr(instance, name)
    precision = getattr(instance, f"{name}_precision")
    if value is None:
        return
    if precision == Precision.MONTH and value.day != 1:
        raise ValidationError(
            {
                name: _("A date of month precision has no day: give the month (e.g. 2023-05), not %(day)s.")
                % {"day": value.isoformat()}
            },
            code="precision",
        )
    if precision == Precision.YEAR and (value.month, value.day) != (1, 1):
        raise ValidationError(
            {
                name: _("A date of year precision has no month or day: give the year, not %(day)s.")
                % {"day": value.isoformat()}
            },
            code="precision",
        )
    if getattr(instance, f"{name}_inferred") and precision == Precision.YEAR:
        raise ValidationError({name: _("A year alone cannot be inferred: give the year the source states.")})


def _empty_columns(name: str) -> dict:
    return {name: None, f"{name}_precision": Precision.DAY, f"{name}_inferred": False}


class PartialDateProperty:
    """``Model.<name>_partial``: the three columns read and written as one ``PartialDate``."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return PartialDate.of(instance, self.name)

    def __set__(self, instance, value: PartialDate | None) -> None:
        columns = value.fields(self.name) if value else _empty_columns(self.name)
        for key, field_value in columns.items():
            setattr(instance, key, field_value)


# --- periods -----------------------------------------------------------------------------------


def dates_in_order(start: date | None, end: date | None, *, end_field: str) -> None:
    """A record's own span (a project, a term, a validity) refused when it ends before it starts."""
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date is before the start date.")})


def period_check(start: date | None, end: date | None, *, end_field: str = "end") -> None:
    """Refuse a period that ends before it starts, naming the end's field."""
    if start and end and end < start:
        raise ValidationError({end_field: _("The end of the period is before its start.")}, code="period")


def in_period(queryset: models.QuerySet, field: str, start: date | None, end: date | None) -> models.QuerySet:
    """Records whose span starts in [start, end] (the period rule above); either end may be open."""
    period_check(start, end)
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


# --- forms -------------------------------------------------------------------------------------


class PartialDateWidget(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": _("dd/mm/yyyy, mm/yyyy or yyyy"), "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, PartialDate):
            return _form_text(value)
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


def _form_text(value: PartialDate) -> str:
    """How the form shows a partial date back: the same forms it reads."""
    if value.precision == Precision.DAY:
        text = value.start.strftime("%d/%m")
        return text if value.inferred else f"{text}/{value.year}"
    if value.precision == Precision.MONTH:
        return f"{value.month:02d}/{value.year}"
    return str(value.year)


class PartialDateFormField(forms.Field):
    """Takes "5/2023", "2023", "05/01/2022" (and "12/3" when the form knows the source's date)."""

    widget = PartialDateWidget

    def __init__(self, *, reference: date | None = None, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("A day (05/01/2022), a month (5/2023) or a year (2023), as precise as the source.")
        super().__init__(**kwargs)
        self.reference = reference

    def to_python(self, value):
        if isinstance(value, PartialDate) or value in self.empty_values:
            return value or None
        try:
            return parse_partial_date(str(value), reference=self.reference)
        except PartialDateError as error:
            raise ValidationError(str(error), code="invalid") from None


class PartialDateFormMixin:
    """For an ``AmityModelForm`` whose model keeps partial dates: list their names in
    ``partial_dates``; each shows as one ``PartialDateFormField`` and reaches the service as its
    three columns (``service_data``)."""

    partial_dates: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.partial_dates:
            if name not in self.fields:
                continue
            old = self.fields[name]
            attrs = {k: v for k, v in old.widget.attrs.items() if k != "type"}  # keep hx-* and the CSS class
            self.fields[name] = PartialDateFormField(
                label=old.label,
                required=old.required,
                help_text=old.help_text or None,
                widget=PartialDateWidget(attrs=attrs),
            )
            if self.instance.pk:
                self.initial[name] = PartialDate.of(self.instance, name)

    def _clean_fields(self):
        super()._clean_fields()
        for name in self.partial_dates:
            value = self.cleaned_data.get(name)
            if name not in self.cleaned_data or not isinstance(self.fields.get(name), PartialDateFormField):
                continue
            columns = value.fields(name) if value else _empty_columns(name)
            self.cleaned_data.update(columns)
            for key, field_value in columns.items():  # the model's own clean sees the precision too
                setattr(self.instance, key, field_value)

    def service_data(self) -> dict:
        data = super().service_data()
        for name in self.partial_dates:
            for suffix in ("_precision", "_inferred"):
                if name + suffix in self.cleaned_data:
                    data[name + suffix] = self.cleaned_data[name + suffix]
        return data


# --- API, filters, tables ----------------------------------------------------------------------

_SHORT_ISO = re.compile(r"\d{4}(-\d{1,2})?")


class PartialDateSerializerMixin:
    """For an ``AmitySerializer`` whose model keeps partial dates (names in ``partial_dates``).

    The API reads and writes the three columns (``decided_on``, ``decided_on_precision``,
    ``decided_on_inferred``); ``decided_on`` may also be sent as "2023-05" or "2023" (the
    precision follows) or as ``{"date": "2023-05-01", "precision": "month", "inferred": false}``.
    A date whose digits do not fit its precision is refused by the model's ``clean_partial_date``.
    """

    partial_dates: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if self.partial_dates and hasattr(data, "get"):
            data = data.copy()
            for name in self.partial_dates:
                value = data.get(name)
                if isinstance(value, dict):
                    data[name] = value.get("date")
                    for key in ("precision", "inferred"):
                        if key in value:
                            data[f"{name}_{key}"] = value[key]
                elif isinstance(value, str) and _SHORT_ISO.fullmatch(value.strip()):
                    try:
                        parsed = parse_partial_date(value.strip())
                    except PartialDateError as error:
                        raise serializers.ValidationError({name: [str(error)]}) from None
                    sent = data.get(f"{name}_precision")
                    if sent and sent != parsed.precision:
                        raise serializers.ValidationError(
                            {
                                f"{name}_precision": [
                                    _("“%(value)s” is not a date of the precision sent (%(precision)s).")
                                    % {"value": value, "precision": Precision(sent).label}
                                ]
                            }
                        )
                    data[name] = parsed.start.isoformat()
                    data[f"{name}_precision"] = parsed.precision
        return super().to_internal_value(data)


def partial_date_columns(model) -> dict[str, str]:
    """{"<name>_precision": "<name>", "<name>_inferred": "<name>"} for the partial dates of ``model``."""
    names = {f.name for f in model._meta.fields}
    return {
        f"{name}{suffix}": name
        for name in names
        if f"{name}_precision" in names and f"{name}_inferred" in names
        for suffix in ("_precision", "_inferred")
    }


def display_partial_date(record, name: str) -> str:
    """The text a screen shows for a partial date; an inferred year is marked with an asterisk."""
    value = PartialDate.of(record, name)
    if value is None:
        return ""
    text = format_partial_date(value)
    return f"{text}*" if value.inferred else text


def partial_date_column(accessor: str, **kwargs):
    """A django-tables2 column showing the partial date at ``accessor`` ("decided_on",
    "decision__decided_on") as its precision says; it sorts by the span's first day."""
    *path, name = accessor.split("__")

    class Column(tables.Column):
        def render(self, record):
            for step in path:
                record = getattr(record, step)
            return display_partial_date(record, name)

        def value(self, record, value):  # exports: the same text
            return self.render(record)

    return Column(accessor=accessor, **kwargs)
