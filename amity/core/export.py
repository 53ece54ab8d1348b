"""CSV and XLSX export of any table as filtered, safe against formula injection, and logged."""

import tablib
from django.http import HttpResponse
from django.utils import timezone

from amity.audit.services import export_record
from amity.core.text import printable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text a spreadsheet shows as it is: prefixed with an apostrophe where a spreadsheet would run
    it as a formula (=, +, -, @, tab, CR), without the control characters a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def dataset_from_rows(rows: list[list]) -> tablib.Dataset:
    header, *body = rows
    return tablib.Dataset(*[[neutralise(v) for v in row] for row in body], headers=[str(h) for h in header])


def export_response(
    *, rows: list[list], fmt: str, filename: str, model, user, query: str, personal: bool = False, records=None
):
    """An HTTP download of ``rows`` (first row = header), recorded in the export log as an export
    of ``records`` (the queryset the rows come from), which decides whose auditors see it."""
    dataset = dataset_from_rows(rows)
    payload = dataset.export(fmt)
    if fmt == "csv":
        payload = "\ufeff" + payload  # BOM so that Excel opens UTF-8 Vietnamese correctly
    export_record(
        actor=user, model=model, format=fmt, row_count=len(rows) - 1, query=query, personal=personal, records=records
    )
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
