"""Currencies every app names amounts in: the ISO 4217 codes of the IATI Currency list (vendored,
``data/Currency.xml``, unchanged from IATI-Codelists-NonEmbedded), and the currencies figures are
reported in. The rate table (``core.models.ExchangeRate``) and the book that reads it
(``core.money``) stand on this."""

from functools import cache
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.numbers import get_currency_name
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext_lazy, to_locale
from django.utils.translation import gettext as _
from lxml import etree

CURRENCY_LIST = Path(__file__).parent / "data" / "Currency.xml"

#: The currencies foreign aid and compatriots' contributions mostly come in, offered first.
COMMON_CURRENCIES = ("VND", "USD", "EUR", "JPY", "KRW", "CNY", "GBP", "AUD", "CAD", "CHF", "SGD", "THB", "TWD", "HKD")


class ReportingCurrency(models.TextChoices):
    """The currencies figures and reports are converted into."""

    USD = "USD", "USD"
    VND = "VND", "VND"


def read_codelist(path: Path) -> dict[str, dict]:
    """``{code: {"name": English name, "category": category code, "status": ...}}`` of one IATI code
    list file."""
    tree = etree.parse(str(path))
    items = {}
    for item in tree.iter("codelist-item"):
        names = [
            n for n in item.findall("name/narrative") if n.get("{http://www.w3.org/XML/1998/namespace}lang") is None
        ]
        items[item.findtext("code").strip()] = {
            "name": (names[0].text or "").strip() if names else "",
            "category": (item.findtext("category") or "").strip(),
            "status": item.get("status", "active"),
        }
    return items


@cache
def currency_list() -> dict[str, dict]:
    return read_codelist(CURRENCY_LIST)


def currency_codes() -> set[str]:
    """ISO 4217 codes of the IATI Currency list (active and withdrawn ones alike)."""
    return set(currency_list())


def currency_codes_offered() -> list[str]:
    """Every code, the common ones first: the allowed values a spreadsheet template lists."""
    return [*COMMON_CURRENCIES, *sorted(currency_codes() - set(COMMON_CURRENCIES))]


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(gettext_lazy("%(code)s is not an ISO 4217 currency code."), params={"code": value})


def currency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The IATI Currency list for a select, in two groups: the common currencies, then all the others
    by code; each named in the active language (CLDR names through Babel, else the list's English
    name), withdrawn ones marked."""
    try:
        locale = to_locale(get_language() or "vi")
        get_currency_name("USD", locale=locale)
    except (UnknownLocaleError, ValueError):
        locale = "en"
    codes = currency_list()

    def label(code: str) -> str:
        name = get_currency_name(code, locale=locale)
        name = codes[code]["name"] if name == code else name
        if codes[code]["status"] != "active":
            name = _("%(name)s, withdrawn") % {"name": name}
        return f"{code} – {name}"

    common = [(code, label(code)) for code in COMMON_CURRENCIES if code in codes]
    others = [(code, label(code)) for code in sorted(codes) if code not in COMMON_CURRENCIES]
    return [(_("Common currencies"), common), (_("All currencies"), others)]
