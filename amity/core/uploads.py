"""The one guard every uploaded file passes before anything parses it.

A spreadsheet or Word file is a zip archive: 4 MB of it can expand to gigabytes, which a reader
would then hold in memory for a minute. ``guard_upload`` looks at the archive itself (each member's
size and compression ratio, counted while inflating, not taken from the archive's own directory),
whatever reader comes next; ``guard_rows`` then bounds the rows a reader yields (count, width,
cell length, wall time). Both refuse with ``UploadRefused``, whose message names the file and the
limit. The limits are the ``UPLOAD_LIMITS`` setting (``AMITY_UPLOAD_*``, see the README).

Uploaded documents (attachments of records) go through ``DocumentField`` in every form: the size
and the type, told by the content's first bytes and not by the name, are checked before the body
is stored; ``sniff_type`` gives the type that is stored and served.
"""

import io
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

#: Defaults of ``UPLOAD_LIMITS``; the setting overrides any of them.
DEFAULT_LIMITS = {
    "max_bytes": 50 * 1024 * 1024,  # an uploaded file as sent
    "max_member_bytes": 100 * 1024 * 1024,  # one member of a zip (xlsx, docx) once inflated
    "max_unpacked_bytes": 200 * 1024 * 1024,  # all members together once inflated
    "max_ratio": 200,  # inflated / compressed size of a member larger than 1 MB
    "max_members": 1000,
    "max_rows": 200_000,
    "max_columns": 500,
    "max_cell_chars": 32_767,  # what Excel itself holds in a cell
    "max_seconds": 120,  # reading and checking a file, from the guard on
    "max_document_bytes": 20 * 1024 * 1024,  # an attached document
}
RATIO_FLOOR = 1024 * 1024  # smaller members are not judged by their ratio (tiny XML parts compress well)
CHUNK = 1024 * 1024


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "UPLOAD_LIMITS", {})}


class UploadRefused(ValidationError):
    """A file refused by a limit or as unreadable, before it was parsed; ``limit`` names the
    setting (``None`` for a damaged or protected file)."""

    def __init__(self, message: str, *, limit: str | None = None):
        super().__init__(message, code=limit or "unreadable")
        self.limit = limit

    def __str__(self) -> str:
        return self.messages[0]


def _refuse(filename: str, reason: str, limit: str | None = None) -> UploadRefused:
    return UploadRefused(_("%(file)s: %(reason)s") % {"file": filename, "reason": reason}, limit=limit)


def _over(filename: str, what: str, value, limit: str, shown=None) -> UploadRefused:
    return _refuse(
        filename,
        _("%(what)s is %(value)s; the limit is %(limit)s (setting %(setting)s).")
        % {
            "what": what,
            "value": value,
            "limit": shown if shown is not None else limits()[limit],
            "setting": f"AMITY_UPLOAD_{limit.upper()}",
        },
        limit,
    )


def _size(n: int) -> str:
    return str(filesizeformat(n))


def guard_upload(content: bytes, filename: str) -> float:
    """Refuse ``content`` (named ``filename`` in the message) if it is larger than allowed or, for
    a zip archive (xlsx, docx), if a member inflates beyond its limits or the archive is damaged
    or encrypted. Call it before any reader opens the file; returns the ``time.monotonic()`` at
    which the guard started, for ``guard_rows``."""
    started = time.monotonic()
    cap = limits()
    if len(content) > cap["max_bytes"]:
        raise _over(filename, _("The file size"), _size(len(content)), "max_bytes", _size(cap["max_bytes"]))
    if content[:4] == b"PK\x03\x04":
        _guard_zip(content, filename, cap, started)
    return started


def _guard_zip(content: bytes, filename: str, cap: dict, started: float) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(filename, _("the file is damaged (not a readable zip archive).")) from None
    if len(members) > cap["max_members"]:
        raise _over(filename, _("The number of parts in the archive"), len(members), "max_members")
    unpacked = 0
    view = memoryview(content)
    for info in members:
        if info.flag_bits & 0x1:
            raise _refuse(
                filename, _("the file is protected with a password. Remove the password and upload it again.")
            )
        size = _inflated_size(view, info, filename, cap, started)
        if size > info.file_size:
            raise _refuse(filename, _("the file is damaged (a part is larger than the archive says)."))
        if size > RATIO_FLOOR and size > cap["max_ratio"] * max(info.compress_size, 1):
            raise _over(
                filename,
                _("The compression ratio of the part %(part)s") % {"part": info.filename},
                f"{size // max(info.compress_size, 1)}:1",
                "max_ratio",
                f"{cap['max_ratio']}:1",
            )
        unpacked += size
        if unpacked > cap["max_unpacked_bytes"]:
            raise _over(
                filename,
                _("The unpacked size of the archive"),
                _("more than %(size)s") % {"size": _size(unpacked)},
                "max_unpacked_bytes",
                _size(cap["max_unpacked_bytes"]),
            )


def _inflated_size(view: memoryview, info: zipfile.ZipInfo, filename: str, cap: dict, started: float) -> int:
    """The member's real inflated size, counted chunk by chunk in constant memory and stopped as
    soon as it passes a limit (the sizes the archive declares may lie)."""
    member_cap = cap["max_member_bytes"]
    if info.file_size > member_cap:
        raise _over(
            filename,
            _("The unpacked size of the part %(part)s") % {"part": info.filename},
            _size(info.file_size),
            "max_member_bytes",
            _size(member_cap),
        )
    header = info.header_offset
    if view[header : header + 4].tobytes() != b"PK\x03\x04" or len(view) < header + 30:
        raise _refuse(filename, _("the file is damaged (not a readable zip archive)."))
    name_len = int.from_bytes(view[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(view[header + 28 : header + 30], "little")
    start = header + 30 + name_len + extra_len
    raw = view[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _refuse(filename, _("the file is damaged (a part is packed in an unknown way)."))
    inflater = zlib.decompressobj(-15)
    size, pos = 0, 0
    limit = min(member_cap, cap["max_ratio"] * max(info.compress_size, 1) if info.compress_size else member_cap)
    limit = max(limit, RATIO_FLOOR)
    try:
        while pos < len(raw) or inflater.unconsumed_tail:
            data = inflater.unconsumed_tail or raw[pos : pos + CHUNK]
            if not inflater.unconsumed_tail:
                pos += len(data)
            size += len(inflater.decompress(data, CHUNK))
            if size > limit:
                return size  # the caller names the limit passed
            if time.monotonic() - started > cap["max_seconds"]:
                raise _over(
                    filename,
                    _("The time to read the file"),
                    _("over %(s)s s") % {"s": cap["max_seconds"]},
                    "max_seconds",
                )
            if inflater.eof:
                break
        size += len(inflater.flush())  # at most a window's worth
    except zlib.error:
        raise _refuse(filename, _("the file is damaged (a part cannot be unpacked).")) from None
    return size


def guard_rows(rows: Iterable, filename: str, *, started: float | None = None, first_row: int = 1) -> Iterator[list]:
    """Yield ``rows`` (lists of cells) as a reader produces them, refusing the file once there are
    more rows or columns than allowed, a cell longer than allowed, or the reading has taken too
    long since ``started`` (what ``guard_upload`` returned). Trailing empty cells do not count as
    columns. Rows are numbered from ``first_row`` in the messages, as the spreadsheet shows them."""
    cap = limits()
    started = time.monotonic() if started is None else started
    max_rows, max_columns, max_cell = cap["max_rows"], cap["max_columns"], cap["max_cell_chars"]
    for count, row in enumerate(rows):
        if count > max_rows:  # the first row is the header
            raise _over(filename, _("The number of rows"), _("more than %(n)s") % {"n": max_rows}, "max_rows")
        row = list(row)
        if len(row) > max_columns:
            while row and row[-1] in (None, ""):
                row.pop()
            if len(row) > max_columns:
                raise _over(
                    filename,
                    _("The number of columns in row %(row)s") % {"row": count + first_row},
                    len(row),
                    "max_columns",
                )
        # the longest cell at C speed, a workbook's numbers, dates and blanks by their text (a few
        # characters, never over the limit: only a text cell is refused below)
        longest = max(map(len, map(str, row)), default=0)
        for column, cell in enumerate(row if longest > max_cell else (), start=1):
            if isinstance(cell, str) and len(cell) > max_cell:
                raise _over(
                    filename,
                    _("The cell in row %(row)s, column %(column)s")
                    % {"row": count + first_row, "column": column_letter(column)},
                    _("%(n)s characters long") % {"n": len(cell)},
                    "max_cell_chars",
                )
        if count % 1000 == 0 and time.monotonic() - started > cap["max_seconds"]:
            raise _over(
                filename, _("The time to read the file"), _("over %(s)s s") % {"s": cap["max_seconds"]}, "max_seconds"
            )
        yield row


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA: how a spreadsheet names its columns."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cells(row: list) -> list:
    """A row's cells as the parsers expect them: blank is None, 1975.0 is 1975 (one expression
    per row, not a call per cell: a workbook of 100,000 rows has a million cells)."""
    return [None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else v for v in row]


def xlsx_rows(content: bytes, filename: str, *, started: float | None = None) -> Iterator[list]:
    """Rows of the first sheet of an xlsx file, bounded; call ``guard_upload`` first (it bounds
    each part's inflated size, so the sheet calamine reads whole is bounded too). Read by calamine
    (Rust): ``bench/diaspora_import.py`` times it beside openpyxl. A file that does not open as a
    workbook raises ``UploadRefused``."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False) if book.sheet_names else []
    except PasswordError:
        raise _refuse(filename, _("the workbook is protected with a password.")) from None
    except CalamineError:
        raise _refuse(filename, _("the file is not a readable Excel workbook.")) from None
    yield from guard_rows((_cells(row) for row in sheet), filename, started=started)


# --- documents attached to records ----------------------------------------------------------------

#: Types a document may have: (content type, what its first bytes are).
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",  # also an old xls or ppt: one OLE container, not told apart here
    "txt": "text/plain",
    "csv": "text/csv",
}


def sniff_type(source) -> str | None:
    """The document type (a key of ``DOCUMENT_TYPES``) the content shows, not its name: ``source``
    is the bytes or an open, seekable binary file."""
    if isinstance(source, bytes | bytearray):
        head = bytes(source[:4096])
    else:
        source.seek(0)
        head = source.read(4096)
        source.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head[:4] == b"PK\x03\x04":
        return _zip_type(source)
    return _text_type(head)


#: What the ``mimetype`` part of an OpenDocument file says -> its type.
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _zip_type(source) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return OPENDOCUMENT.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    finally:
        if not isinstance(source, bytes | bytearray):
            source.seek(0)
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def _text_type(sample: bytes) -> str | None:
    """Plain text (UTF-8), not markup a browser would run: no NUL, no HTML or SVG start."""
    if b"\x00" in sample:
        return None
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # a character cut at the sample's end is fine
            return None
        text = sample[: exc.start].decode("utf-8-sig")
    head = text.lstrip().lower()
    if head.startswith(("<", "{\\rtf")) or "<script" in text.lower() or "<html" in text.lower():
        return None
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    for delimiter in ",;\t":  # a table: the same number of separators on its first lines
        counts = {line.count(delimiter) for line in lines}
        if len(lines) > 1 and len(counts) == 1 and counts != {0}:
            return "csv"
    return "txt"


def document_check(content: bytes, filename: str) -> str:
    """The content type to store a document under; ``UploadRefused`` if it is too large, not one
    of ``DOCUMENT_TYPES`` by its content, or an archive that inflates beyond the limits."""
    cap = limits()
    if len(content) > cap["max_document_bytes"]:
        raise _over(
            filename,
            _("The file size"),
            _size(len(content)),
            "max_document_bytes",
            _size(cap["max_document_bytes"]),
        )
    kind = sniff_type(content)
    if kind is None:
        raise _refuse(
            filename,
            _(
                "this type of file is not accepted. Accepted: PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, "
                "PowerPoint, OpenDocument, plain text and CSV."
            ),
            "type",
        )
    guard_upload(content, filename)
    return DOCUMENT_TYPES[kind]


class DocumentField(forms.FileField):
    """A document upload checked by ``document_check`` when the form is cleaned, before it is stored."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            size_cap = limits()["max_document_bytes"]
            if upload.size and upload.size > size_cap:
                raise _over(upload.name, _("The file size"), _size(upload.size), "max_document_bytes", _size(size_cap))
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            upload.content_type = document_check(content, upload.name)
        return upload


class TableUploadField(forms.FileField):
    """A spreadsheet upload for an import: refused by ``guard_upload`` when the form is cleaned, so
    that a file over a limit is never stored as a job. Its label names every kind of file
    ``core.tabular`` reads."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "label", gettext_lazy("File: Excel workbook (.xlsx), CSV (.csv) or Excel’s Unicode text (.txt)")
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            size_cap = limits()["max_bytes"]
            if upload.size and upload.size > size_cap:
                raise _over(upload.name, _("The file size"), _size(upload.size), "max_bytes", _size(size_cap))
            upload.seek(0)
            guard_upload(upload.read(), upload.name)
            upload.seek(0)
        return upload


def document_url(record, field: str) -> str:
    """Where ``record``'s document in ``field`` is downloaded (``core.views.DocumentView``, behind the
    record's rights); "" if none. No link goes to the media directory."""
    if not getattr(record, field):
        return ""
    return reverse("document", args=[record._meta.label_lower, record.pk, field])
