"""Numbers, money, quantities and dates as the reader's language writes them: the one place that
turns a figure into text for pages, exports and reports.

Each interface language follows CLDR through babel (separators, where the currency goes, the
short date), with Vietnamese dates as Decree 30/2020 writes them (dd/mm/yyyy). Whole numbers never
carry decimals ("4", "150.000.000 VND"); other numbers keep at most the decimals asked for, without
trailing zeros. A currency is written by its ISO code (one sign, "$" or "¥", names several
currencies) where the language puts its sign: "150.000.000 VND", "USD 232,034.72",
"232 034,72 USD". Django's own date and number formats (forms, tables' date columns) are derived
from the same rules in ``amity/core/formats``, so a screen and a report agree.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_precision
from django.utils import timezone, translation

#: Interface language (Django's code) -> CLDR locale.
LOCALES = {"vi": "vi", "en": "en", "zh-hans": "zh_Hans", "ru": "ru"}

#: Vietnamese day as Decree 30/2020 writes it; the other languages use their CLDR short date
#: with the year in full (1/5/2026, 2026/1/5, 05.01.2026).
_DAY_PATTERNS = {"vi": "dd/MM/yyyy"}

_NARROW_SPACES = str.maketrans({"\u202f": "\xa0"})


def locale_of(language: str | None = None) -> str:
    """The CLDR locale of a Django language code (the active language by default)."""
    return _locale_of_code(language or translation.get_language() or "vi")


@functools.cache
def _locale_of_code(language: str) -> str:
    code = language.lower()
    return LOCALES.get(code) or LOCALES.get(code.split("-")[0], "en")


def _number(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def format_number(value, *, places: int = 2, language: str | None = None, grouped: bool = True) -> str:
    """``1.234.567`` / ``1,234,567`` / ``1 234 567``; ``4`` for 4.00; at most ``places`` decimals,
    without trailing zeros (``9,5``); ``grouped=False`` for a label (``1990``). ``None`` and "" give ""."""
    if value is None or value == "":
        return ""
    if type(value) is int and value >= 0:  # a count (a figures page writes hundreds)
        return (f"{value:,d}" if grouped else str(value)).translate(_separators(locale_of(language)))
    number = _number(value)
    locale = locale_of(language)
    if number.is_finite() and not number.is_signed() and number.as_tuple().exponent >= -max(int(places), 0):
        # nothing to round: Python groups the digits and the locale's signs replace its own (a
        # figures page writes thousands of numbers; babel takes ~0.1 ms for each)
        text = f"{number:,f}" if grouped else f"{number:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.translate(_separators(locale))
    whole = "#,##0" if grouped else "0"
    pattern = whole if _is_whole(number) else whole + "." + "#" * max(int(places), 0)
    return format_decimal(number, format=pattern, locale=locale).translate(_NARROW_SPACES)


@functools.cache
def _separators(locale: str) -> dict[int, str]:
    """Python's "," and "." as ``locale`` writes them (taken from babel's own 1,234.5)."""
    probe = format_decimal(Decimal("1234.5"), format="#,##0.#", locale=locale).translate(_NARROW_SPACES)
    return str.maketrans({",": probe[1], ".": probe[5]})


#: Words of a number field's name that make its value a label rather than an amount: a year, a
#: month or day, the number of a document, a congress or a sort position, a record's id.
LABEL_WORDS = frozenset({"year", "since", "month", "day", "number", "ordinal", "position", "version", "id"})


def is_label(name: str) -> bool:
    """Whether the number field ``name`` holds a label (birth_year, year_from, number), written as
    it is ("1990"), not an amount written grouped ("1.990")."""
    return not LABEL_WORDS.isdisjoint(name.lower().split("_"))


def format_field_number(name: str, value, *, language: str | None = None) -> str:
    """The value of the number field ``name`` with every decimal it holds: a label as it is
    ("1990"), an amount grouped ("1.500", "9,125")."""
    if value is None or value == "":
        return ""
    number = _number(value)
    places = max(-number.normalize().as_tuple().exponent, 0)
    return format_number(number, places=places, language=language, grouped=not is_label(name))


def format_money(amount, currency: str, *, language: str | None = None) -> str:
    """An amount with its currency code where the language writes the currency: "150.000.000 VND",
    "USD 232,034.72" (en, zh), "232 034,72 USD" (ru). A whole amount has no decimals; another has
    the currency's own (two for USD, none for VND)."""
    if amount is None or amount == "":
        return ""
    number = _number(amount)
    currency = (currency or "").upper()
    if not currency:
        return format_number(number, language=language)
    locale = Locale.parse(locale_of(language))
    digits = 0 if _is_whole(number) else get_currency_precision(currency)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    pattern = re.sub(r"0\.0+", "0" + ("." + "0" * digits if digits else ""), pattern).replace("¤", "¤¤")
    text = format_currency(number, currency, format=pattern, locale=locale, currency_digits=False)
    # CLDR separates a code from its digits by a space (currency spacing), which babel leaves out.
    text = re.sub(r"([A-Z]{3})(?=[-\d])", "\\1\xa0", text.replace(" ", "\xa0"))
    return text.translate(_NARROW_SPACES)


def format_quantity(value, unit: str = "", *, language: str | None = None) -> str:
    """A quantity with its unit: "10 tấn", "2,5 tấn" (never "10.000 tấn" for ten tonnes)."""
    text = format_number(value, places=3, language=language)
    return f"{text}\xa0{unit}" if text and unit else text


def format_day(value: date | datetime | None, *, language: str | None = None) -> str:
    """A day, short: 05/01/2026 (vi), 1/5/2026 (en), 2026/1/5 (zh), 05.01.2026 (ru)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, day_pattern(language), locale=locale_of(language))


def format_moment(value: datetime | None, *, language: str | None = None) -> str:
    """A time of day with its day, in local time: 05/01/2026 14:30."""
    if value is None or value == "":
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_day(local.date(), language=language)} {local:%H:%M}"


def day_pattern(language: str | None = None) -> str:
    """The CLDR pattern of ``format_day`` in a language."""
    locale = locale_of(language)
    if locale in _DAY_PATTERNS:
        return _DAY_PATTERNS[locale]
    pattern = Locale.parse(locale).date_formats["short"].pattern
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


#: CLDR date fields -> Django's date format characters, for the patterns ``day_pattern`` gives.
_DJANGO_DATE = {"dd": "d", "d": "j", "MM": "m", "M": "n", "yyyy": "Y", "y": "Y"}


def django_formats(language: str) -> dict:
    """Django's format settings of a language, from the same rules (read by ``amity/core/formats``)."""
    pattern = day_pattern(language)
    day = re.sub(r"yyyy|y|dd|d|MM|M", lambda m: _DJANGO_DATE[m.group(0)], pattern)
    symbols = Locale.parse(locale_of(language)).number_symbols["latn"]
    return {  # the long DATE_FORMAT ("27 мая 2024 г.") stays Django's own
        "SHORT_DATE_FORMAT": day,
        "SHORT_DATETIME_FORMAT": f"{day} H:i",
        "DECIMAL_SEPARATOR": symbols["decimal"],
        "THOUSAND_SEPARATOR": symbols["group"].translate(_NARROW_SPACES),
        "NUMBER_GROUPING": 3,
    }


def excel_format(value, *, language: str | None = None) -> str | None:
    """The number format of a spreadsheet cell holding ``value``, so that the workbook shows it as
    the reader's language writes it (separators come from the reader's own spreadsheet settings):
    a whole number grouped without decimals, another with its decimals, a day in the short form."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | date):
        return None
    if isinstance(value, date):
        pattern = day_pattern(language)
        return re.sub(r"y+", "yyyy", pattern).replace("M", "m")
    number = _number(value)
    if _is_whole(number):
        return "#,##0"
    places = min(max(-number.normalize().as_tuple().exponent, 1), 6)
    return "#,##0." + "0" * places
