"""CSV and XLSX export of any table as filtered, safe against formula injection, and logged."""

import io
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from amity.core.formatting import excel_format, is_label
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


def label_positions(names, *, also=()) -> frozenset[int]:
    """The positions of the columns ``names`` that hold a label (a year of birth, a record's number)
    rather than an amount, which a workbook must not group ("1,990"); ``also`` names more."""
    return frozenset(i for i, name in enumerate(names) if name in also or is_label(name))


def table_rows(table, *, exclude=()) -> tuple[list[list], frozenset[int]]:
    """A table's rows for an export, header first, and the positions of its label columns."""
    names = [c.name for c in table.columns.iterall() if not (c.column.exclude_from_export or c.name in exclude)]
    return [list(r) for r in table.as_values(exclude_columns=exclude)], label_positions(names)


def dataset_from_rows(rows: list[list]) -> tablib.Dataset:
    header, *body = rows
    return tablib.Dataset(*[[neutralise(whole(v)) for v in row] for row in body], headers=[str(h) for h in header])


def cells_formatted(sheet, *, language: str | None = None, labels: frozenset[int] = frozenset()) -> None:
    """Give every number and date of a worksheet the format that shows it as the reader writes it
    (grouped thousands, no decimals on whole numbers, the short date); the columns at ``labels``
    (0-based) keep their numbers as they are written ("1990")."""
    for row in sheet.iter_rows():
        for i, cell in enumerate(row):
            if (number_format := excel_format(cell.value, language=language)) is not None:
                cell.number_format = "0" if i in labels and number_format == "#,##0" else number_format


def xlsx_formatted(payload: bytes, *, labels: frozenset[int] = frozenset()) -> bytes:
    """A workbook written by tablib with ``cells_formatted`` applied to its sheets."""
    book = load_workbook(io.BytesIO(payload))
    for sheet in book.worksheets:
        cells_formatted(sheet, labels=labels)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(
    *,
    rows: list[list],
    fmt: str,
    filename: str,
    model,
    user,
    query: str,
    personal: bool = False,
    records=None,
    labels: frozenset[int] = frozenset(),
):
    """An HTTP download of ``rows`` (first row = header), recorded in the export log as an export
    of ``records`` (the queryset the rows come from), which decides whose auditors see it; the
    columns at ``labels`` hold labels, not amounts (``table_rows``)."""
    dataset = dataset_from_rows(rows)
    payload = dataset.export(fmt)
    if fmt == "csv":
        payload = "\ufeff" + payload  # BOM so that Excel opens UTF-8 Vietnamese correctly
    else:
        payload = xlsx_formatted(payload, labels=labels)
    trail().export_record(
        actor=user, model=model, format=fmt, row_count=len(rows) - 1, query=query, personal=personal, records=records
    )
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
