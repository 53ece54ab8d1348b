"""Reading the vendored IATI 2.03 code lists (the aid module's vocabulary) from their published files."""

from functools import cache
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.numbers import get_currency_name
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _
from lxml import etree

IATI_DIR = Path(__file__).parent / "data" / "iati"
CODELIST_DIR = IATI_DIR / "codelists"
SCHEMA_FILE = IATI_DIR / "schema" / "iati-activities-schema.xsd"


@cache
def codelist(name: str) -> dict[str, dict]:
    """``{code: {"name": English name, "category": category code, "status": ...}}`` of one list."""
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"))
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


def currency_codes() -> set[str]:
    """ISO 4217 codes of the IATI Currency list (active and withdrawn ones alike)."""
    return set(codelist("Currency"))


#: The currencies foreign aid to Vietnam mostly comes in, offered first.
COMMON_CURRENCIES = ("VND", "USD", "EUR", "JPY", "KRW", "CNY", "GBP", "AUD", "CAD", "CHF", "SGD", "THB", "TWD", "HKD")


def currency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The IATI Currency list for a select, in two groups: the common currencies, then all the others
    by code; each named in the active language (CLDR names through Babel, else the list's English
    name), withdrawn ones marked."""
    try:
        locale = to_locale(get_language() or "vi")
        get_currency_name("USD", locale=locale)
    except (UnknownLocaleError, ValueError):
        locale = "en"
    codes = codelist("Currency")

    def label(code: str) -> str:
        name = get_currency_name(code, locale=locale)
        name = codes[code]["name"] if name == code else name
        if codes[code]["status"] != "active":
            name = _("%(name)s, withdrawn") % {"name": name}
        return f"{code} – {name}"

    common = [(code, label(code)) for code in COMMON_CURRENCIES if code in codes]
    others = [(code, label(code)) for code in sorted(codes) if code not in COMMON_CURRENCIES]
    return [(_("Common currencies"), common), (_("All currencies"), others)]
