"""Reading the spreadsheets unions keep, for every import: the file (XLSX, CSV in any of the
encodings Vietnamese offices save, Excel's "Unicode text"), its columns mapped to fields by the
headings people write (or by the user, column by column), and numbers and dates as written in
Vietnam. Each import declares its ``Columns``; the reading, the mapping and its form are one."""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amity.core.text import fold
from amity.core.uploads import UploadRefused, guard_rows, guard_upload, xlsx_rows

MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportRefused(Exception):
    """The file as a whole cannot be read: nothing is written; the message says why."""


def not_a_spreadsheet() -> ImportRefused:
    """The refusal of a file no reader here understands, naming the kinds of file that are read."""
    return ImportRefused(
        _(
            "This file is not a spreadsheet. Upload an Excel workbook (.xlsx), a CSV file (.csv) or Excel’s "
            "Unicode text (.txt)."
        )
    )


class MappingRefused(ImportRefused):
    """The file is readable but its columns do not map to the fields: the user can correct the
    mapping (``header`` lists the file's columns, ``mapping`` what could be recognised) without
    uploading the file again."""

    def __init__(self, message: str, *, header: list[str], mapping: dict[str, str]):
        super().__init__(message)
        self.header = header
        self.mapping = mapping


# --- numbers and dates ---------------------------------------------------------------------------

_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMAS = re.compile(r"^-?\d{1,3}(,\d{3}){2,}$")
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
#: Scale words written after a number ("1,5 tỷ", "200 triệu"), folded.
SCALES = {"ty": Decimal(10) ** 9, "trieu": Decimal(10) ** 6, "nghin": Decimal(1000), "ngan": Decimal(1000)}
_SCALED = re.compile(r"^(?P<number>[\d.,\s]+?)\s*(?P<scale>ty|trieu|nghin|ngan)(\s*dong|\s*d)?$")


def parse_number(value) -> Decimal:
    """Read "1.500.000.000", "9,5", "1.234,5", "1,234.5", "1,5 tỷ", "200 triệu" or a spreadsheet
    number as a Decimal (a dot or comma between groups of three digits separates thousands)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip().replace("\u00a0", " ")
    scale = Decimal(1)
    scaled = _SCALED.match(fold(text))
    if scaled:
        text, scale = scaled["number"], SCALES[scaled["scale"]]
    text = text.replace(" ", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif _THOUSANDS_COMMAS.match(text):
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif _THOUSANDS_DOTS.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text) * scale
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return number


def parse_date(value) -> date:
    """Read dd/mm/yyyy (also with . or -), yyyy-mm-dd or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _DATE.match(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _ISO_DATE.match(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise ValueError(_("“%(value)s” is not a date in the form dd/mm/yyyy.") % {"value": value})


# --- reading the file ----------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Letters only Vietnamese writes (with ă â đ ê ô ơ ư and the toned vowels), to tell a decoding
#: that gives Vietnamese from one that gives Latin-1 look-alikes.
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
_COMBINING = re.compile("[\u0300-\u036f]")
_PUNCTUATION = set("–—‘’“”…°«»€£\u00a0")


def read_table(content: bytes, filename: str, *, keep_empty: bool = False) -> tuple[list[str], list[list]]:
    """Header and rows of the first sheet of an .xlsx file or of a text table; empty rows are left
    out unless ``keep_empty`` (to number rows as the spreadsheet does). The file passes
    ``core.uploads``'s guard first (sizes, zip parts, rows, columns, cell length, time): a file over
    a limit is refused before it is parsed, with the limit named."""
    try:
        return _read_table(content, filename, keep_empty=keep_empty)
    except UploadRefused as exc:
        raise ImportRefused(str(exc)) from None


def _read_table(content: bytes, filename: str, *, keep_empty: bool) -> tuple[list[str], list[list]]:
    started = guard_upload(content, filename)
    if content.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise ImportRefused(
                _("The workbook is protected with a password. Remove the password in Excel and upload it again.")
            )
        raise ImportRefused(
            _(
                "This is an old Excel 97–2003 file. Save it as an Excel workbook (.xlsx), CSV (.csv) or Unicode "
                "text (.txt) and upload it again."
            )
        )
    if filename.lower().endswith((".xlsx", ".xlsm")) and not content.startswith(b"PK"):
        raise ImportRefused(_("The file is named .xlsx but is not a readable Excel workbook."))
    if content.startswith(b"PK"):
        header, body = _read_xlsx(content, filename, started)
    elif content.startswith(_UTF16_BOMS):  # Excel's "Unicode text": UTF-16, tab-separated
        try:
            header, body = _read_text(content.decode("utf-16"), filename, started)
        except UnicodeDecodeError:
            raise not_a_spreadsheet() from None
    elif b"\x00" in content[:4096] or content.startswith(b"%PDF"):
        raise not_a_spreadsheet()
    else:
        header, body = _read_text(decode_text(content), filename, started)
    if not keep_empty:
        body = [row for row in body if any(v not in (None, "") and str(v).strip() for v in row)]
    return header, body


def decode_text(content: bytes) -> str:
    """The text of a CSV file: UTF-8 if it is; else Windows-1258 when that decodes to Vietnamese
    (its tone marks composing onto vowels); else Windows-1252, whose Latin-1 look-alikes the legacy
    converters (TCVN3, VNI) read."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    windows = unicodedata.normalize("NFC", content.decode("cp1258", errors="replace"))
    if _is_vietnamese(windows):
        return windows
    return content.decode("cp1252", errors="replace")


def _is_vietnamese(text: str) -> bool:
    """Whether every letter beyond ASCII is one of Vietnamese's (TCVN3 read as Windows-1258 gives
    "NguyÔn V¨n", with symbols no Vietnamese word holds, and tone marks left uncomposed)."""
    other = [ch for ch in text if not ch.isascii() and not _VIETNAMESE.match(ch) and ch not in _PUNCTUATION]
    return bool(_VIETNAMESE.search(text)) and not other and not _COMBINING.search(text)


def _read_xlsx(content: bytes, filename: str, started: float) -> tuple[list[str], list[list]]:
    try:
        rows = xlsx_rows(content, filename, started=started)
        header = next(rows, None)
    except UploadRefused as exc:
        if exc.limit:
            raise
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise ImportRefused(_("The file is named .xlsx but is not a readable Excel workbook.")) from None
        raise not_a_spreadsheet() from None
    if not header:
        raise ImportRefused(_("The first sheet is empty."))
    body = list(rows)
    return [str(h or "").strip() for h in header], body


def _read_text(text: str, filename: str, started: float) -> tuple[list[str], list[list]]:
    first = text[: text.find("\n") if "\n" in text else len(text)]
    delimiter = max(",;\t", key=first.count)
    csv.field_size_limit(MAX_FILE_BYTES)  # a field is bounded by the guard's cell length
    reader = guard_rows(csv.reader(io.StringIO(text), delimiter=delimiter), filename, started=started)
    try:
        header = next(reader, None)
        body = list(reader)
    except csv.Error as exc:
        raise ImportRefused(_("This file is not a readable CSV file: %(error)s") % {"error": exc}) from None
    if not header:
        raise ImportRefused(_("The file is empty."))
    return [h.strip() for h in header], body


# --- mapping columns to fields -------------------------------------------------------------------

#: What an explicit mapping may say instead of a field to leave a column out.
IGNORE = ("", "-", "ignore", "bo qua")


@dataclass(frozen=True)
class Columns:
    """The fields a file may fill, each with the headings people write for it (folded: lower case,
    no diacritics), which fields a file must give, and each field's label in the user's language."""

    headings: dict[str, list[str]]
    required: tuple[str, ...]
    label: Callable[[str], str]

    def title(self, header: list[str], found: dict[int, str], name: str) -> str:
        """The file's heading of the column that fills ``name``, else the field's label."""
        return next((header[i] for i, f in found.items() if f == name), None) or self.label(name)


def heading_key(title: str) -> str:
    return fold(title).strip(" :*").replace("_", " ")


def map_columns(header: list[str], columns: Columns, mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Column index -> field, from an explicit {header: field} mapping, the rest by the known headings.

    A header mapped to "" (or "-", "ignore") is left out. Raises ``MappingRefused`` for a field
    that does not exist, a header not in the file, two columns given the same field, or a
    required field no column gives; the exception carries the mapping as far as it could be made.
    """
    aliases = {heading_key(alias): name for name, names in columns.headings.items() for alias in names}
    aliases |= {heading_key(name): name for name in columns.headings}
    keys = [heading_key(title) for title in header]
    problems: list[str] = []
    explicit: dict[str, str] = {}
    for title, name in (mapping or {}).items():
        name = (name or "").strip()
        name = "" if fold(name) in IGNORE else name
        if name and name not in columns.headings:
            problems.append(
                _("Unknown field “%(field)s” for the column “%(column)s”. Fields: %(fields)s.")
                % {"field": name, "column": title, "fields": ", ".join(columns.headings)}
            )
        elif heading_key(title) not in keys:
            problems.append(
                _("The file has no column “%(column)s”. Columns found: %(found)s.")
                % {"column": title, "found": ", ".join(h for h in header if h) or "-"}
            )
        else:
            explicit[heading_key(title)] = name
    found: dict[int, str] = {}
    for i, key in enumerate(keys):
        name = explicit.get(key)
        if name and name in found.values():
            problems.append(
                _("Two columns are given the field “%(field)s”: “%(first)s” and “%(second)s”.")
                % {"field": columns.label(name), "first": columns.title(header, found, name), "second": header[i]}
            )
        elif name:
            found[i] = name
    for i, key in enumerate(keys):
        name = aliases.get(key)
        if key not in explicit and name and name not in found.values():
            found[i] = name
    found = dict(sorted(found.items()))
    missing = [n for n in columns.required if n not in found.values()]
    if missing and not problems:
        problems.append(
            _("Missing required columns: %(missing)s. Columns found: %(found)s.")
            % {
                "missing": ", ".join(columns.label(n) for n in missing),
                "found": ", ".join(h for h in header if h) or "-",
            }
        )
    if problems:
        raise MappingRefused(" ".join(problems), header=header, mapping=mapping_of(header, found))
    return found


def mapping_of(header: list[str], columns: dict[int, str]) -> dict[str, str]:
    """{header: field or ""} for every named column of the file: what an import job records."""
    return {title: columns.get(i, "") for i, title in enumerate(header) if title}


class ColumnMappingForm(forms.Form):
    """One select per file column: the field it fills, or "not imported"; checked like a command's
    ``--map`` (``map_columns``): known fields, no field twice, the required ones given."""

    def __init__(self, *args, header: list[str], mapping: dict[str, str], columns: Columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        self.columns = columns
        choices = [("", gettext_lazy("— not imported —"))] + [(n, columns.label(n)) for n in columns.headings]
        for i, title in enumerate(header):
            if title:
                self.fields[f"col_{i}"] = forms.ChoiceField(
                    label=title,
                    choices=choices,
                    required=False,
                    initial=mapping.get(title, ""),
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )

    def mapping(self) -> dict[str, str]:
        return {self.fields[name].label: value for name, value in self.cleaned_data.items()}

    def clean(self):
        data = super().clean()
        try:
            map_columns(self.header, self.columns, self.mapping())
        except ImportRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return data
