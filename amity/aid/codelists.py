"""Reading the vendored IATI 2.03 code lists (the aid module's vocabulary) from their published files.
The Currency list is the foundation's (``core.currencies``): other apps name amounts in it too."""

from functools import cache
from pathlib import Path

from amity.core.currencies import currency_list, read_codelist

IATI_DIR = Path(__file__).parent / "data" / "iati"
CODELIST_DIR = IATI_DIR / "codelists"
SCHEMA_FILE = IATI_DIR / "schema" / "iati-activities-schema.xsd"


@cache
def codelist(name: str) -> dict[str, dict]:
    """``{code: {"name": English name, "category": category code, "status": ...}}`` of one list."""
    if name == "Currency":
        return currency_list()
    return read_codelist(CODELIST_DIR / f"{name}.xml")
