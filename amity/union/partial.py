"""Dates as sources give them (day, month or year), stored as the first day of their span.

Kept here until ``core.dates`` offers the same convention to every module: a ``<name>`` date,
``<name>_precision`` and ``<name>_inferred`` (the year was taken from the source's date).
"""

import calendar
from datetime import date

from django.utils.translation import gettext as _

from .choices import DatePrecision


def span_start(day: date, precision: str) -> date:
    """The first day of the span a partial date stands for."""
    if precision == DatePrecision.YEAR:
        return date(day.year, 1, 1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def span_end(day: date, precision: str) -> date:
    """The last day of the span: 31/12 for a year, the month's last day for a month."""
    if precision == DatePrecision.YEAR:
        return date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def partial_errors(record, name: str) -> dict:
    """{field: message} when ``<name>`` carries digits its precision does not give (a month-precision
    date on another day than the first); empty when it is consistent or absent."""
    day, precision = getattr(record, name), getattr(record, f"{name}_precision")
    if day is None or day == span_start(day, precision):
        return {}
    if precision == DatePrecision.MONTH:
        return {name: _("A date known to the month is stored as the month's first day: leave the day out.")}
    return {name: _("A date known to the year is stored as 1 January: leave the day and month out.")}


def format_partial(day: date | None, precision: str) -> str:
    """dd/mm/yyyy, mm/yyyy or yyyy, as precise as the source."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return day.strftime("%m/%Y")
    return day.strftime("%d/%m/%Y")
