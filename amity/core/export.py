"""CSV and XLSX export of any table as filtered, safe against formula injection, and logged."""

import io
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from amity.core.formatting import excel_format
from amity.core.text import printable
from amity.core.trail import trail

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


def whole(value):
    """A decimal with nothing after the point as an integer (150000000, not 150000000.00)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def dataset_from_rows(rows: list[list]) -> tablib.Dataset:
    header, *body = rows
    return tablib.Dataset(*[[neutralise(whole(v)) for v in row] for row in body], headers=[str(h) for h in header])


def cells_formatted(sheet, *, language: str | None = None) -> None:
    """Give every number and date of a worksheet the format that shows it as the reader writes it
    (grouped thousands, no decimals on whole numbers, the short date)."""
    for row in sheet.iter_rows():
        for cell in row:
            if (number_format := excel_format(cell.value, language=language)) is not None:
                cell.number_format = number_format


def xlsx_formatted(payload: bytes) -> bytes:
    """A workbook written by tablib with ``cells_formatted`` applied to its sheets."""
    book = load_workbook(io.BytesIO(payload))
    for sheet in book.worksheets:
        cells_formatted(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(
    *, rows: list[list], fmt: str, filename: str, model, user, query: str, personal: bool = False, records=None
):
    """An HTTP download of ``rows`` (first row = header), recorded in the export log as an export
    of ``records`` (the queryset the rows come from), which decides whose auditors see it."""
    dataset = dataset_from_rows(rows)
    payload = dataset.export(fmt)
    if fmt == "csv":
        payload = "\ufeff" + payload  # BOM so that Excel opens UTF-8 Vietnamese correctly
    else:
        payload = xlsx_formatted(payload)
    trail().export_record(
        actor=user, model=model, format=fmt, row_count=len(rows) - 1, query=query, personal=personal, records=records
    )
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
