"""What every spreadsheet import shares once ``core.tabular`` has read the file and mapped its
columns: the cells read as text, dates, amounts, lists and choices named in any of the four
languages; each row as checked (its values, its errors and warnings by field, the cells as read);
the preview report that shows every problem in its cell with the file's heading and the field's
label; the empty template with its allowed values; and the background tasks that check a job's file
and then write it all or nothing. The aid and contribution imports are built on it."""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from amity.core.export import neutralise
from amity.core.jobs import ImportJobBase, JobProgress, job_finish, job_update
from amity.core.tabular import Columns, ImportRefused, MappingRefused, map_columns, mapping_of, parse_number, read_table
from amity.core.text import fold

logger = logging.getLogger(__name__)

#: ``progress(done, total, stage)``: ``stage`` is "check" while rows are read, "write" while they are written.
Progress = Callable[[int, int, str], None] | None
#: The preview shows every row with a problem and the first rows without, up to this many in all.
PREVIEW_ROWS = 200
#: Rows a template offers drop-down lists for.
TEMPLATE_ROWS = 20000


# --- cells ---------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: a whole spreadsheet number without ".0", surrounding spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value) -> date | None:
    """A date cell (a spreadsheet date, dd/mm/yyyy, yyyy-mm-dd, dd-mm-yyyy or dd.mm.yyyy); None if empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("%(value)s is not a date (use dd/mm/yyyy).") % {"value": text})


def cell_amount(value, *, places: int = 2) -> Decimal | None:
    """An amount greater than zero as Vietnamese lists write it ("1.500.000.000", "1,5 tỷ"), with
    at most ``places`` decimals; None if empty."""
    if value in (None, ""):
        return None
    amount = parse_number(value)
    if amount <= 0:
        raise ValueError(_("The amount must be greater than zero."))
    if amount.as_tuple().exponent < -places:  # type: ignore[operator]
        if places == 2:
            raise ValueError(_("At most two decimal places."))
        raise ValueError(_("At most %(n)s decimal places.") % {"n": places})
    return amount.quantize(Decimal(1).scaleb(-places))


def cell_list(value) -> list[str]:
    """The values of a cell holding several, separated by ";"."""
    return [part.strip() for part in cell_text(value).split(";") if part.strip()]


def choice_names(choices) -> dict[str, str]:
    """A choice's value by its code or its label in any of the four languages (folded)."""
    names = {fold(v): v for v in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names |= {fold(str(label)): v for v, label in choices.choices}
    return names


def headings_in_languages(names: list[str], own: dict[str, list[str]], label: Callable[[str], str]):
    """Each field's headings (folded): those lists write (``own``) and its label in each of the four
    languages, gathered when first read (the catalogues are not loaded when the module is)."""

    def gather() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {name: list(own.get(name, [])) for name in names}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name in names:
                    found[name].append(fold(label(name)))
        return found

    return SimpleLazyObject(gather)


def shown(value) -> str:
    """A cell as the preview and the exports show it: dates as dd/mm/yyyy, numbers as written."""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)


# --- rows as checked, and the preview --------------------------------------------------------------


@dataclass
class RowResult:
    row: int  # the spreadsheet row number (header is row 1)
    values: dict
    errors: list = field(default_factory=list)  # (field, message)
    warnings: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # field -> the cell as read


@dataclass
class ImportPreview:
    """Every row of a file as checked, or what stops the file as a whole."""

    columns: Columns | None = None  # the import's fields, for the labels of the report
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    header: list = field(default_factory=list)  # the file's headings, in order
    mapping: dict = field(default_factory=dict)  # heading -> field or "" (not imported)
    mappable: bool = False  # the columns could not all be mapped: the user maps them
    headings: dict = field(default_factory=dict)  # field -> the file's heading for it
    ignored: list = field(default_factory=list)  # headings of the columns not imported
    lookups: Any = field(default=None, repr=False)  # what the commit writes by
    plans: set = field(default_factory=set)  # keys of what the check depended on (file, columns, records read)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.row, c, m) for r in self.rows for c, m in r.errors]

    @property
    def warnings(self) -> list[tuple[int, str, str]]:
        return [(r.row, c, m) for r in self.rows for c, m in r.warnings]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors and bool(self.rows)

    def checked(self, total: int, progress: Progress) -> "ImportPreview":
        """The preview once every row is read: the progress at its end, a file without rows refused."""
        if progress:
            progress(total, total, "check")
        if not self.rows:
            self.file_errors.append(_("The file has no data rows."))
        return self

    def label(self, name: str) -> str:
        if self.columns is not None and name in self.columns.headings:
            return self.columns.label(name)
        return ""

    def place(self, name: str) -> tuple[str, str]:
        """The file's heading and the field's label of a problem's column."""
        label = self.label(name)
        return self.headings.get(name, label or name), label

    def as_report(self) -> dict:
        """What a stored job keeps of the check (JSON): every error and warning with its row, the
        file's column heading and the field, and the rows to show with each problem in its cell."""
        fields = list(self.headings)  # in the file's order
        problem_rows = [r for r in self.rows if r.errors or r.warnings]
        clean_rows = [r for r in self.rows if not (r.errors or r.warnings)]
        rows_shown = sorted(
            problem_rows[:PREVIEW_ROWS] + clean_rows[: max(0, PREVIEW_ROWS - len(problem_rows))], key=lambda r: r.row
        )
        return {
            "rows": len(self.rows),
            "file_errors": list(self.file_errors),
            "errors": [[row, *self.place(name), message] for row, name, message in self.errors],
            "warnings": [[row, *self.place(name), message] for row, name, message in self.warnings],
            "ignored": self.ignored,
            "columns": [{"field": name, "heading": self.headings[name], "label": self.label(name)} for name in fields],
            "table": [
                {
                    "row": r.row,
                    "cells": [
                        {
                            "value": shown(r.cells.get(name)),
                            "errors": [m for n, m in r.errors if n == name],
                            "warnings": [m for n, m in r.warnings if n == name],
                        }
                        for name in fields
                    ],
                }
                for r in rows_shown
            ],
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportRejected(ValidationError):
    """The file has errors; ``preview`` says where. Nothing was written."""

    def __init__(self, preview: ImportPreview):
        super().__init__(_("The file has errors; nothing was imported."))
        self.preview = preview


def row_guard(preview: ImportPreview, row: RowResult, write: Callable[[], Any]) -> None:
    """Run ``write``; a validation error is put on ``row`` (by field) and rejects the whole file."""
    try:
        write()
    except ValidationError as exc:
        for column, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
            row.errors.extend((column, m) for m in messages)
        raise ImportRejected(preview) from exc


# --- the template ----------------------------------------------------------------------------------


def template_workbook(*, title: str, columns: list[str], label: Callable[[str], str], allowed: dict, lists=()) -> bytes:
    """An empty XLSX list with the import's headings (``label`` of each of ``columns``, in the
    user's language) and, on a second sheet, the values a cell may hold (``allowed``: field ->
    options). ``lists`` pairs (target field, field of ``allowed``): the target's cells offer those
    values as a drop-down list."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([label(name) for name in columns])
    sheet.freeze_panes = "A2"
    values = book.create_sheet(_("Allowed values")[:31])
    sources = {}
    for number, (name, options) in enumerate(allowed.items(), start=1):
        values.cell(row=1, column=number, value=label(name))
        for row, option in enumerate(options, start=2):
            values.cell(row=row, column=number, value=neutralise(option))  # names may be users' text
        letter = get_column_letter(number)
        sources[name] = f"'{values.title}'!${letter}$2:${letter}${len(options) + 1}"
    for target, source in lists:
        target_letter = get_column_letter(columns.index(target) + 1)
        validation = DataValidation(type="list", formula1=sources[source], allow_blank=True)
        validation.add(f"{target_letter}2:{target_letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_preview(
    content: bytes,
    filename: str,
    fields: Columns,
    mapping: dict | None,
    *,
    max_rows: int,
    columns_check: Callable[[list, dict], None] | None = None,
) -> tuple[ImportPreview, list[list], dict[int, str]]:
    """Read a file and map its columns (``mapping``, {heading: field or ""}, overrides what the
    headings say): the preview with the file's header, mapping, headings and ignored columns, the
    data rows and the mapped columns ({position: field}). What stops the file as a whole is a
    file error of the preview, with no rows: it cannot be read, it has more than ``max_rows``, or
    columns to map (``preview.mappable``: the file is kept for the user to map them), which
    ``columns_check(header, columns)`` may also ask for by raising ``MappingRefused``."""
    preview = ImportPreview(columns=fields)
    try:
        header, body = read_table(content, filename, keep_empty=True)
        columns = map_columns(header, fields, mapping)
        if columns_check is not None:
            columns_check(header, columns)
    except MappingRefused as exc:
        preview.file_errors.append(str(exc))
        preview.header, preview.mapping, preview.mappable = exc.header, exc.mapping, True
        return preview, [], {}
    except ImportRefused as exc:
        preview.file_errors.append(str(exc))
        return preview, [], {}
    preview.header, preview.mapping = header, mapping_of(header, columns)
    preview.headings = {name: header[i] for i, name in columns.items()}
    preview.ignored = [title for i, title in enumerate(header) if title and i not in columns]
    if len(body) > max_rows:
        preview.file_errors.append(_("At most %(n)s rows per file.") % {"n": max_rows})
        return preview, [], {}
    return preview, body, columns


# --- the jobs: check, then commit, run by the task worker on a job the page polls -----------------


def job_progress(model: type[ImportJobBase], job_id: int) -> JobProgress:
    """The progress callback of a job's task: the stage shows as the job's status."""
    Status = model.Status  # type: ignore[attr-defined]
    return JobProgress(model, job_id, statuses={"check": Status.CHECKING, "write": Status.IMPORTING})


def job_file(job: ImportJobBase) -> dict[str, Any]:
    """What an import's preview and commit read of their job: the union it imports into, the file,
    its name and the column mapping the user gave."""
    return {"unit": job.unit, "content": bytes(job.content), "filename": job.filename, "mapping": job.mapping or None}


def job_check(
    model: type[ImportJobBase],
    job_id: int,
    *,
    check: Callable[..., ImportPreview],
) -> str:
    """Check a job's file with the import's preview, ``check(user=, unit=, content=, filename=,
    mapping=, progress=)``; the job ends "checked" (ready to import), "mapping" (its columns to map,
    the file kept) or "refused" with every error."""
    Status = model.Status  # type: ignore[attr-defined]
    job = model.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.UPLOADED:
        return job.status
    job_update(model, job_id, status=Status.CHECKING, done=0, total=0, started=timezone.now())
    progress = job_progress(model, job_id)
    try:
        preview = check(user=job.user, progress=progress, **job_file(job))
    except Exception:
        job_finish(model, job_id, Status.FAILED, {"refused": _("The file could not be checked; nothing was written.")})
        raise
    finally:
        progress.close()
    report = preview.as_report()
    job_update(model, job_id, header=preview.header, mapping=preview.mapping)
    if preview.mappable:  # the file is kept for the user to map its columns
        job_update(model, job_id, status=Status.MAPPING, report=report)
        return Status.MAPPING
    if preview.ok:
        job_update(model, job_id, status=Status.CHECKED, report=report)
        return Status.CHECKED
    job_finish(model, job_id, Status.FAILED, report)
    return Status.FAILED


def job_commit(
    model: type[ImportJobBase],
    job_id: int,
    *,
    commit: Callable[..., ImportResult],
) -> str:
    """Check the job's file again and write every row or none with the import's commit,
    ``commit(actor=, unit=, content=, filename=, mapping=, progress=)``; the job says what was
    written, or why nothing was."""
    Status = model.Status  # type: ignore[attr-defined]
    job = model.objects.select_related("unit", "user").get(pk=job_id)
    if job.status != Status.QUEUED or job.user is None:
        return job.status
    job_update(model, job_id, started=timezone.now())
    progress = job_progress(model, job_id)
    report = {k: v for k, v in job.report.items() if k in ("rows", "warnings")}
    try:
        # The job is marked done in the transaction that writes the rows: a worker killed at any
        # moment leaves either both or neither, so the job never says "nothing written" wrongly.
        with transaction.atomic():
            result = commit(actor=job.user, progress=progress, **job_file(job))
            rows = result.created + result.updated + result.unchanged
            job_finish(
                model,
                job_id,
                Status.DONE,
                report,
                done=rows,
                total=rows,
                created_count=result.created,
                updated_count=result.updated,
                unchanged_count=result.unchanged,
            )
    except ImportRejected as exc:
        report = exc.preview.as_report()
        report["refused"] = _("The file has errors; nothing was imported.")
        job_finish(model, job_id, Status.FAILED, report)
        return Status.FAILED
    except Exception as exc:
        logger.exception("%s %s failed", model._meta.label, job_id)
        report = {"refused": _("The import failed while writing; nothing was written (%(error)s).") % {"error": exc}}
        job_finish(model, job_id, Status.FAILED, report)
        raise
    finally:
        progress.close()
    return Status.DONE
