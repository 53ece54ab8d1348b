"""Reading the vendored IATI 2.03 code lists (the aid module's vocabulary) from their published files."""

from functools import cache
from pathlib import Path

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
