"""Bulk import of compatriots from the Excel/CSV files provinces keep: check, preview, commit.

``check`` reads the whole file and reports every problem as (row, column, reason) without
writing anything; ``commit`` writes all rows in one transaction or none, with bulk inserts and
one change-log row per record, so that 100,000 rows take seconds rather than minutes.
"""

import functools
import hashlib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from amity.audit.models import ObjectChange
from amity.audit.snapshots import snapshot_json
from amity.core.access import unit_descendant_ids
from amity.core.bulk import Pipeline, cycle_collector_paused, foreign_keys_by_index, insert_rows, next_ids
from amity.core.context import Source, change_context, current_context
from amity.core.formatting import format_day, format_number
from amity.core.import_rows import choice_names, headings_in_languages, template_workbook
from amity.core.tabular import (
    Columns,
    ImportRefused,
    MappingRefused,
    map_columns,
    mapping_of,
    parse_date,
    parse_number,
    read_table,
)
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country
from amity.registry.models import Organisation

from . import legacy
from .choices import LegalBasis, Sex
from .models import Compatriot

MAX_CELL_CHARS = 32_767  # what Excel itself holds in a cell
BATCH = 2000
Progress = Callable[[int, int], None] | None

#: Field -> accepted headers (folded: lower case, no diacritics).
COLUMNS = {
    "full_name": ["ho va ten", "ho ten", "ten", "full name", "name", "ho va ten (tieng viet)"],
    "name_original": ["ten nuoc ngoai", "ten khac", "ten goc", "name in another script", "original name"],
    "sex": ["gioi tinh", "sex", "gender"],
    "birth_year": ["nam sinh", "year of birth", "birth year"],
    "birth_date": ["ngay sinh", "date of birth", "birth date"],
    "home_unit": ["que quan", "que", "tinh que", "home province", "hometown", "nguyen quan"],
    "country": [
        "nuoc",
        "quoc gia",
        "nuoc cu tru",
        "quoc gia cu tru",
        "nuoc dang song",
        "nuoc so tai",
        "dia ban cu tru",
        "country",
        "country of residence",
    ],
    "city": ["thanh pho", "noi o", "dia chi", "city"],
    "resident_since": ["nam dinh cu", "dinh cu tu nam", "tu nam", "since", "resident since"],
    "occupation": ["nghe nghiep", "cong viec", "occupation"],
    "organisation": ["hoi", "to chuc", "hoi dong huong", "association", "organisation", "organization"],
    "email": ["email", "e-mail", "thu dien tu"],
    "phone": ["dien thoai", "so dien thoai", "sdt", "dt", "phone"],
    "other_contacts": ["lien he khac", "zalo", "facebook", "other contacts"],
    "languages": ["ngon ngu", "languages"],
    "notes": ["ghi chu", "notes"],
    "consent_on": ["ngay dong y", "dong y ngay", "consent", "consent date"],
    "retain_until": ["luu den", "luu tru den", "keep until", "retain until"],
}
REQUIRED = ("full_name", "country")
#: Names found in provincial files that CLDR spells otherwise (folded) -> ISO alpha-2.
COUNTRY_ALIASES = {
    "cong hoa sec": "CZ",
    "ch sec": "CZ",
    "czech republic": "CZ",
    "ucraina": "UA",
    "lien bang nga": "RU",
    "my": "US",
    "anh": "GB",
    "hong kong": "HK",
    "ma cao": "MO",
    "cong hoa sip": "CY",
    "cong hoa lien bang duc": "DE",
    "han": "KR",
    "nhat": "JP",
    "uc": "AU",
    "ha lan": "NL",
    "phap": "FR",
    "duc": "DE",
    "y": "IT",
    "bi": "BE",
    "thuy si": "CH",
    "thuy dien": "SE",
    "dai loan": "TW",
    "lao": "LA",
}
#: Former states (folded) -> the codes of the states a person living there now lives in: no guess,
#: a suggestion the user picks from.
FORMER_COUNTRIES = {
    "tiep khac": ("CZ", "SK"),
    "czechoslovakia": ("CZ", "SK"),
    "lien xo": ("RU", "UA", "BY", "KZ"),
    "soviet union": ("RU", "UA", "BY", "KZ"),
    "nam tu": ("RS", "HR", "SI", "BA", "ME", "MK"),
    "yugoslavia": ("RS", "HR", "SI", "BA", "ME", "MK"),
    "dong duc": ("DE",),
    "tay duc": ("DE",),
    "cong hoa dan chu duc": ("DE",),
}
SEX_WORDS = {"nam": Sex.MALE, "male": Sex.MALE, "m": Sex.MALE, "nu": Sex.FEMALE, "female": Sex.FEMALE, "f": Sex.FEMALE}


def parse_year(value) -> int:
    try:
        year = int(value) if isinstance(value, str) and value.isdigit() else int(parse_number(value))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a year.") % {"value": value}) from None
    if not 1900 <= year <= 2100:
        raise ValueError(_("%(value)s is not a plausible year.") % {"value": year})
    return year


# --- checking ------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """What ``check`` learnt: clean rows ready to write, every error, every legacy-text conversion."""

    total: int = 0
    header: list = field(default_factory=list)  # the file's columns, in order
    mapping: dict = field(default_factory=dict)  # header -> field or "" (not imported), as applied
    columns: dict = field(default_factory=dict)  # header -> field
    encoding: str = "unicode"
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, reason)
    conversions: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, column, before, after
    ignored: list[str] = field(default_factory=list)  # headers of columns that are not imported
    skipped: list[tuple[int, int]] = field(default_factory=list)  # (row, record id) already in the registry
    duplicates: list[tuple[int, int, str, str]] = field(default_factory=list)  # row, first row, column, choice
    labels: dict[str, dict[int, str]] = field(default_factory=dict)  # related field -> {id: name shown}
    plans: set[str] = field(default_factory=set)  # keys of what the check depended on (``check_holds``)

    @property
    def unresolved(self) -> int:
        return sum(1 for *_rows, choice in self.duplicates if not choice)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unresolved and bool(self.rows)

    def as_report(self, limit: int = 1000) -> dict:
        """A JSON-able summary for the preview screen and the task status."""
        return {
            "total": self.total,
            "valid": len(self.rows),
            "columns": {header: field_label(name) for header, name in self.columns.items()},
            "ignored": self.ignored,
            "skipped": self.skipped[:limit],
            "skipped_count": len(self.skipped),
            "duplicates": self.duplicates[:limit],
            "unresolved": self.unresolved,
            "encoding": self.encoding,
            "error_count": len(self.errors),
            "errors": self.errors[:limit],
            "conversions": self.conversions[:limit],
            "preview_headings": [field_label(name) for name in self.columns.values()],
            "preview": [self.shown(row) for row in self.rows[:20]],
        }

    def shown(self, row: dict) -> dict:
        """A clean row as the preview shows it: every mapped field in the file's column order (an
        empty cell too, so that each value stands under its heading), related records by name."""
        shown = {}
        for name in self.columns.values():
            if name in self.labels:
                value = self.labels[name].get(row.get(f"{name}_id"), "")
            else:
                value = row.get(name)
            if isinstance(value, date):
                value = format_day(value)
            elif name == "sex" and value:
                value = str(Sex(value).label)
            shown[name] = "" if value is None else value
        return shown


class _Lookups:
    """Countries, provinces and associations by folded name, loaded once per file."""

    def __init__(self, unit_ids: set[int]):
        self.countries: dict[str, int] = {}
        by_code = self.by_code = {}
        self.country_shown: dict[int, str] = {}  # the preview's and the suggestions', in the user's language
        for c in Country.objects.all():
            self.country_shown[c.pk] = c.name
            by_code[c.iso_alpha2] = c.pk
            for key in (c.name_vi, c.name_en, c.name_zh, c.name_ru, c.iso_alpha2, c.iso_alpha3):
                if key:
                    self.countries.setdefault(fold(key), c.pk)
        self.names = {k: pk for k, pk in self.countries.items() if len(k) > 3}
        for alias, code in COUNTRY_ALIASES.items():
            if code in by_code:
                self.countries.setdefault(alias, by_code[code])
        self.provinces: dict[str, int] = {}
        provinces = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).order_by("valid_to")
        for p in provinces:  # a name held by a current and a former province means the current one
            key = fold(p.name)
            if key not in self.provinces or p.valid_to is None:
                self.provinces[key] = p.pk
        self.province_names = {p.pk: p.name for p in provinces}
        associations = Organisation.objects.filter(unit_id__in=unit_ids).only("pk", "search_name", "name")
        self.organisations = {o.search_name: o.pk for o in associations}
        self.organisation_names = {o.pk: o.name for o in associations}
        self.version = _digest(
            sorted(self.countries.items()),
            sorted(self.country_shown.items()),
            sorted(self.provinces.items()),
            sorted(self.province_names.items()),
            sorted(self.organisations.items()),
            sorted(self.organisation_names.items()),
        )

    def country(self, value: str) -> int:
        key = fold(value)
        if key in self.countries:
            return self.countries[key]
        if key in FORMER_COUNTRIES:
            names = [self.country_shown[self.by_code[c]] for c in FORMER_COUNTRIES[key] if c in self.by_code]
            raise ValueError(
                _("“%(value)s” no longer exists; write the country of residence today: %(names)s.")
                % {"value": value, "names": " / ".join(names)}
            )
        best = process.extractOne(key, list(self.names), scorer=fuzz.WRatio, score_cutoff=60)
        hint = self.country_shown[self.names[best[0]]] if best else ""
        raise ValueError(
            _("Unknown country “%(value)s”; did you mean “%(hint)s”?") % {"value": value, "hint": hint}
            if hint
            else _("Unknown country “%(value)s”.") % {"value": value}
        )

    def province(self, value: str) -> int:
        """The province of a cell such as "Bắc Giang", "tỉnh Bắc Giang" or a whole address
        "xã Tân Dĩnh, huyện Lạng Giang, Bắc Giang" (the province is its last part)."""
        folded = fold(value)
        for key in (folded, folded.rsplit(",", 1)[-1].strip()):
            for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
                if key.startswith(prefix):
                    key = key[len(prefix) :].strip()
            if key in self.provinces:
                return self.provinces[key]
        raise ValueError(_("Unknown province “%(value)s”.") % {"value": value})

    def organisation(self, value: str) -> int:
        key = fold(value)
        if key in self.organisations:
            return self.organisations[key]
        raise ValueError(
            _("Unknown association “%(value)s”; add it to the partners registry first.") % {"value": value}
        )


@cycle_collector_paused()
def check(
    content: bytes,
    filename: str,
    *,
    unit,
    mapping: dict | None = None,
    defaults: dict | None = None,
    skip_existing: bool = False,
    resolutions: dict | None = None,
    progress: Progress = None,
    checked: Callable[[list[dict], int], None] | None = None,
) -> CheckResult:
    """Read and validate every row; raise ``ImportRefused`` when the file itself is unusable.

    A row naming a person already in the unit's registry (same name without diacritics, year
    of birth and country) is an error, so that sending the same file twice does not double the
    registry; with ``skip_existing`` such rows are left out and listed instead. A row naming the
    same person as an earlier row (same name, date of birth where the file gives one, else year,
    and country) is a duplicate the user resolves in ``resolutions`` ({row: "keep", "merge" or
    "drop"}); until each is resolved nothing is written.

    ``checked`` (``check_and_commit``) is called with each ``BATCH`` of rows as soon as they are
    final, and the file's number of rows, for as long as the file shows no problem: none when a
    repeated person is to be merged into an earlier row, which the merge would still change.
    """
    header, body = read_table(content, filename)
    if not body:
        raise ImportRefused(_("The file has no rows to import."))
    sample = [*header, *(v for row in body[:2000] for v in row if isinstance(v, str))]
    encoding = legacy.detect(sample)
    header = [legacy.to_unicode(h, encoding) for h in header]  # legacy files have legacy headers too
    columns = map_columns(header, FIELDS, mapping)
    if "consent_on" not in columns.values() and not (defaults or {}).get("consent_on"):
        # one answer that says what to do, not one "consent date missing" per row
        raise ImportRefused(
            _(
                "The file has no column “%(column)s”, and no consent date was given for its rows: add the "
                "column, or give the consent date for rows without one when uploading the file."
            )
            % {"column": capfirst(FIELDS.label("consent_on"))}
        )
    result = CheckResult(
        total=len(body),
        header=header,
        mapping=mapping_of(header, columns),
        columns={header[i]: name for i, name in columns.items()},
    )
    result.ignored = [h for i, h in enumerate(header) if h and i not in columns]
    result.encoding = encoding
    registry = _Registry(unit)
    lookups, existing = registry.lookups, registry.existing
    options = (defaults, skip_existing, resolutions)
    result.plans = {_plan_key(content, filename, mapping, options, registry)}
    try:  # a job is committed with the mapping its check applied: the same columns, the same plan
        if map_columns(header, FIELDS, result.mapping) == columns:
            result.plans.add(_plan_key(content, filename, result.mapping, options, registry))
    except MappingRefused:
        pass
    result.labels = {
        "country": lookups.country_shown,
        "home_unit": lookups.province_names,
        "organisation": lookups.organisation_names,
    }
    defaults = {"legal_basis": LegalBasis.CONSENT, **(defaults or {})}
    seen: dict[tuple, int] = {}  # (name, date of birth or else year, country) -> its first row
    positions: dict[int, int] = {}  # row number -> its place in result.rows
    handlers = _handlers(columns, header, lookups)
    required = [
        ("country_id" if name == "country" else name, _column_title(header, columns, name)) for name in REQUIRED
    ]
    consent_title = _column_title(header, columns, "consent_on")
    name_title = _column_title(header, columns, "full_name")
    handing = checked if "merge" not in (resolutions or {}).values() else None
    handed = 0  # rows given to ``checked``
    for n, raw in enumerate(body, start=2):
        row_errors_before = len(result.errors)
        clean = _check_row(n, raw, handlers, required, result)
        if len(result.errors) == row_errors_before:
            for key, value in defaults.items():
                if clean.get(key) in (None, ""):
                    clean[key] = value
            if clean["legal_basis"] == LegalBasis.CONSENT and not clean.get("consent_on"):
                result.errors.append((n, consent_title, _("The consent date is missing.")))
                continue
            folded = fold(clean["full_name"])
            key = (folded, clean.get("birth_year"), clean["country_id"])
            same = (folded, clean.get("birth_date") or clean.get("birth_year"), clean["country_id"])
            if same in seen:  # a warning the user resolves: keep both, merge into the first, or drop
                first = seen[same]
                choice = (resolutions or {}).get(str(n), "")
                result.duplicates.append((n, first, name_title, choice))
                if choice in ("merge", "drop"):
                    target = positions.get(first)
                    if choice == "merge" and target is not None:
                        kept = result.rows[target]
                        kept.update({k: v for k, v in clean.items() if kept.get(k) in (None, "")})
                    continue
            else:
                seen[same] = n
            if key in existing:
                if skip_existing:
                    result.skipped.append((n, existing[key]))
                else:
                    result.errors.append(
                        (n, name_title, _("Already in the registry as record #%(pk)s.") % {"pk": existing[key]})
                    )
                continue
            if not clean.get("name_original"):  # the search key of the name alone: its folded form, cut
                clean["search_name"] = folded[:SEARCH_NAME_LENGTH]
            positions[n] = len(result.rows)
            result.rows.append(clean)
            if handing and len(result.rows) - handed == BATCH and not (result.errors or result.unresolved):
                handing(result.rows[handed:], result.total)
                handed = len(result.rows)
        if progress and n % 5000 == 0:
            progress(n - 1, result.total)
    if progress:
        progress(result.total, result.total)
    return result


class _Registry:
    """What a file's rows are checked against, read once: the countries, provinces and associations
    a cell may name, and the persons already recorded in the unit's tree by (folded name, year of
    birth, country); ``version``, a digest of every value read, and of the language of the messages."""

    def __init__(self, unit):
        unit_ids = unit_descendant_ids(unit)
        self.lookups = _Lookups(unit_ids)
        people = Compatriot.objects.filter(unit_id__in=unit_ids, erased_at__isnull=True).order_by("pk")
        recorded = list(people.values_list("pk", "full_name", "birth_year", "country_id"))
        self.existing = {(fold(name), year, country): pk for pk, name, year, country in recorded}
        self.version = _digest([unit.pk, get_language(), self.lookups.version], recorded)


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _plan_key(content: bytes, filename: str, mapping: dict | None, options: tuple, registry: _Registry) -> str:
    """What a check of ``content`` depends on: the file, its name and columns, the options (defaults,
    people left out, the user's choices for repeated people) and every value of the registry read."""
    defaults, skip_existing, resolutions = options
    return _digest(
        hashlib.sha256(content).hexdigest(),
        filename,
        sorted((mapping or {}).items()),
        sorted((defaults or {}).items()),
        bool(skip_existing),
        sorted((resolutions or {}).items()),
        registry.version,
    )


def check_holds(
    result: CheckResult,
    content: bytes,
    filename: str,
    *,
    unit,
    mapping: dict | None = None,
    defaults: dict | None = None,
    skip_existing: bool = False,
    resolutions: dict | None = None,
) -> bool:
    """Whether ``result`` is what ``check`` of these arguments gives now: the same file, columns
    and options, and the same values of every record the rules read (countries, provinces,
    associations, the persons already recorded), read again here. A commit may then write its rows
    as they are instead of reading and checking the file a second time."""
    if not result.ok or not result.plans:
        return False
    options = (defaults, skip_existing, resolutions)
    return _plan_key(content, filename, mapping, options, _Registry(unit)) in result.plans


def field_label(name: str) -> str:
    return str(Compatriot._meta.get_field(name).verbose_name)


#: The headings lists write, and each field's label in the four languages (the template's headings).
FIELDS = Columns(headings_in_languages(list(COLUMNS), COLUMNS, field_label), REQUIRED, field_label)


def import_template() -> bytes:
    """An empty XLSX list with the import's headings (in the user's language) and, on a second
    sheet, the values the sex cells offer as a drop-down list."""
    return template_workbook(
        title=str(Compatriot._meta.verbose_name_plural).capitalize(),
        columns=list(COLUMNS),
        label=field_label,
        allowed={"sex": [str(label) for label in Sex.labels]},
        lists=[("sex", "sex")],
    )


def _column_title(header, columns, name) -> str:
    return FIELDS.title(header, columns, name)


def _text(name: str):
    limit = _MAX_LENGTHS.get(name, MAX_CELL_CHARS)

    def parse(value) -> str:
        text = str(value)
        if len(text) > limit:
            raise ValueError(_("Longer than %(max)s characters.") % {"max": limit})
        return text

    return parse


def _email(value) -> str:
    try:
        validate_email(str(value))
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None
    return str(value)


@functools.cache
def _sex_words() -> dict[str, str]:
    """Nam/Nữ and the like, and each sex's label in the four languages (the template's drop-down)."""
    return {**choice_names(Sex), **SEX_WORDS}


@functools.lru_cache(maxsize=256)
def _sex(value) -> str:
    sex = _sex_words().get(fold(str(value)))
    if sex is None:
        raise ValueError(_("“%(value)s” is not a sex (Nam/Nữ).") % {"value": value})
    return sex


_MAX_LENGTHS = {f.name: f.max_length for f in Compatriot._meta.fields if getattr(f, "max_length", None)}
SEARCH_NAME_LENGTH = _MAX_LENGTHS["search_name"]


def _handlers(columns: dict, header: list, lookups: _Lookups) -> list[tuple[int, str, str, Callable]]:
    """(column index, header, key in the clean row, parser) for every mapped column."""
    special = {
        "birth_year": parse_year,
        "resident_since": parse_year,
        "birth_date": parse_date,
        "consent_on": parse_date,
        "retain_until": parse_date,
        "sex": _sex,
        "email": _email,
    }
    related = {
        "country": _memoised(lookups.country),
        "home_unit": _memoised(lookups.province),
        "organisation": _memoised(lookups.organisation),
    }
    out = []
    for i, name in columns.items():
        if name in related:
            out.append((i, header[i], f"{name}_id", related[name]))
        elif name in special:  # a file repeats its dates and years (the consent date on every row)
            out.append((i, header[i], name, _memoised(special[name])))
        else:
            out.append((i, header[i], name, _text(name)))
    return out


def _memoised(lookup: Callable) -> Callable:
    """``lookup`` remembered per cell value: a file names the same few countries and provinces.
    A value seen before is a plain dict lookup; a value ``lookup`` refuses is asked again (its error)."""
    return _Remembered(lookup).__getitem__


class _Remembered(dict):
    def __init__(self, lookup: Callable):
        super().__init__()
        self.lookup = lookup

    def __missing__(self, value):
        self[value] = found = self.lookup(value)
        return found


def _check_row(n: int, raw: list, handlers: list, required: list, result: CheckResult) -> dict:
    clean: dict = {}
    failed = []
    convert = result.encoding != "unicode"
    width = len(raw)
    for i, title, key, parse in handlers:
        value = raw[i] if i < width else None
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
            if len(value) > MAX_CELL_CHARS:
                result.errors.append(
                    (
                        n,
                        title,
                        _("The cell holds %(n)s characters; at most %(max)s.")
                        % {"n": len(value), "max": MAX_CELL_CHARS},
                    )
                )
                failed.append(title)
                continue
            if convert and not value.isascii():
                converted = legacy.to_unicode(value, result.encoding)
                if converted != value:
                    result.conversions.append((n, title, value, converted))
                    value = converted
        try:
            clean[key] = parse(value)
        except ValueError as exc:
            result.errors.append((n, title, str(exc)))
            failed.append(title)
    for key, title in required:
        if key not in clean and title not in failed:
            result.errors.append((n, title, _("This cell is required.")))
    birth_date, birth_year = clean.get("birth_date"), clean.get("birth_year")
    if birth_date and birth_year and birth_date.year != birth_year:
        result.errors.append((n, _("year of birth"), _("The year of birth differs from the date of birth.")))
    elif birth_date and not birth_year:
        clean["birth_year"] = birth_date.year
    return clean


# --- writing -------------------------------------------------------------------------------------


def refusal(result: CheckResult) -> str:
    """Why ``result`` cannot be written ("" if it can)."""
    if result.unresolved:
        return _(
            "%(n)s rows repeat a person of an earlier row: choose for each whether to keep both, merge or drop it."
        ) % {"n": format_number(result.unresolved)}
    if result.errors:
        return _("The file has %(n)s errors; nothing was imported. Correct them and upload it again.") % {
            "n": format_number(len(result.errors))
        }
    if not result.rows:
        return _("The file has no new rows to import.")
    return ""


@cycle_collector_paused()
def commit(
    result: CheckResult,
    *,
    unit,
    actor,
    progress: Progress = None,
    filename: str = "",
    then: Callable[[int], None] | None = None,
) -> int:
    """Write every checked row, or nothing if the file has any error. Returns the number created;
    ``then`` is called with it in the same transaction (a job marked done with its rows: both or
    neither), so that the transaction is this function's own and ends with the import.

    Rows go in with one multi-row statement per batch, not through ``save()``, so the change
    log is written here too: one "create" entry per record with the same snapshot the audit
    signal would have stored. The keys are taken first, so each batch's rows and change-log text
    are made while the batch before is inserted by a second thread (``core.bulk.Pipeline``).
    """
    if reason := refusal(result):
        raise ImportRefused(reason)
    with change_context(actor=actor, source=Source.IMPORT, message=filename), transaction.atomic():
        with _Batches(unit=unit, actor=actor, filename=filename, progress=progress) as batches:
            batches.write(result.rows, len(result.rows))
            created = batches.finish()
        if then is not None:
            then(created)
        return created


class _Rollback(Exception):
    pass


@cycle_collector_paused()
def check_and_commit(content: bytes, filename: str, *, unit, actor, **options) -> tuple[CheckResult, int]:
    """``check`` and ``commit`` in one, for a file to be written at once if it is clean (the command
    line's ``--commit``): each batch of rows is written while the rest of the file is read and
    checked, so the database's work overlaps the check's instead of following it. In one
    transaction, rolled back when the check finds a problem. Returns the check's result and the
    number of records created: 0 when nothing was written, ``refusal`` saying why.
    ``options``: ``check``'s (mapping, defaults, skip_existing, resolutions, progress); ``progress``
    is called while rows are being written, so it must not use the database connection."""
    try:
        with change_context(actor=actor, source=Source.IMPORT, message=filename), transaction.atomic():
            with _Batches(unit=unit, actor=actor, filename=filename) as batches:
                result = check(content, filename, unit=unit, checked=batches.write, **options)
                if refusal(result):
                    raise _Rollback
                batches.write(result.rows[batches.taken :], result.total)
                return result, batches.finish()
    except _Rollback:
        return result, 0


class _Batches:
    """Checked rows written in batches in the caller's transaction: each batch's rows and change-log
    text made while the batch before is inserted by a second thread (``core.bulk.Pipeline``). The
    keys are taken with the first rows, for as many records as ``write`` is told the file may
    bring (on PostgreSQL, those of rows that were not written are left unused)."""

    def __init__(self, *, unit, actor, filename: str, progress: Progress = None):
        self.progress = progress
        self.writer = _Writer(unit=unit, actor=actor, request_id=current_context().request_id, message=filename)
        self.pipeline = Pipeline(self.writer.insert)
        self.ids: list[int] = []
        self.total = self.taken = self.created = 0  # the file's rows at most, rows given to ``write``, written

    def __enter__(self) -> "_Batches":
        self.pipeline.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        self.pipeline.__exit__(*exc_info)

    def write(self, rows: list[dict], total: int) -> None:
        """Have ``rows`` written, of a file of at most ``total`` records."""
        if not self.ids:
            self.total, self.ids = total, next_ids(Compatriot, total)  # before the writer runs: the connection is free
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            ids = self.ids[self.taken : self.taken + len(batch)]
            self.taken += len(batch)
            prepared = self.writer.prepare(batch, ids)  # while the batch before is written
            self.written(self.pipeline.finish())  # progress written while the writer is idle
            self.pipeline.write(prepared)

    def finish(self) -> int:
        """Wait for the last batch; the number of records written."""
        self.written(self.pipeline.finish())
        # each person's foreign keys are checked at commit, by plans made then: not before, where the
        # setting would be the check's too (its look-ups of the registry then cost the server 0.2 s)
        foreign_keys_by_index()
        if self.progress:
            self.progress(self.created, self.total)
        return self.created

    def written(self, count: int | None) -> None:
        if count:
            self.created += count
            if self.progress:
                self.progress(self.created, self.total)


class _Writer:
    """Compatriots' rows and their change-log rows, made from the checked rows (``prepare``) and
    inserted (``insert``, in the writing thread: ``core.bulk.Pipeline``)."""

    def __init__(self, *, unit, actor, request_id, message: str = ""):
        self.unit = unit
        self.connection = connections[DEFAULT_DB_ALIAS]  # this thread's, in its transaction, for the writer
        fields = [f for f in Compatriot._meta.concrete_fields if not f.primary_key]
        attnames = ["id", *(f.attname for f in fields)]
        self.row_values = operator.itemgetter(*attnames)
        self.date_positions = [
            i
            for i, f in enumerate(fields, start=1)
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        self.stamp_positions = [attnames.index("created"), attnames.index("updated")]
        self.defaults = {f.attname: _plain(f.get_default()) for f in fields}
        self.change_const = {
            "actor_id": actor.pk if actor else None,
            "actor_name": actor.get_username() if actor else "",
            "unit_id": unit.pk,
            "request_id": ObjectChange._meta.get_field("request_id").get_db_prep_value(request_id, connection),
            "source": Source.IMPORT,
            "action": ObjectChange.Action.CREATE,
            "event": "",
            "content_type_id": ContentType.objects.get_for_model(Compatriot).pk,
            "before": None,
            "message": message,  # the file, as the aid and contribution imports log it
        }
        self.person_columns = [Compatriot._meta.pk.column, *(f.column for f in fields)]
        self.change_columns = ["time", *self.change_const, "object_id", "object_repr", "after"]

    def prepare(self, rows: list[dict], ids: list[int]) -> tuple[list, list]:
        """The rows of the compatriots ``rows`` with the keys ``ids``, and of their change-log entries:
        one "create" each, with the snapshot the audit signal would have stored."""
        stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        adapt_date = connection.ops.adapt_datefield_value
        const = list(self.change_const.values())
        params, changes = [], []
        for row, pk in zip(rows, ids, strict=True):
            values = {**self.defaults, **row, "unit_id": self.unit.pk, "id": pk}
            if "search_name" not in row:
                values["search_name"] = Compatriot.search_key(values["full_name"], values["name_original"])
            param = list(self.row_values(values))
            for i in self.date_positions:
                if param[i] is not None:
                    param[i] = adapt_date(param[i])
            for i in self.stamp_positions:
                param[i] = stamp
            params.append(param)
            changes.append([stamp, *const, str(pk), values["full_name"][:255], snapshot_json(Compatriot, values)])
        return params, changes

    def insert(self, prepared: tuple[list, list]) -> int:
        params, changes = prepared
        insert_rows(Compatriot, self.person_columns, params, connection=self.connection)
        insert_rows(ObjectChange, self.change_columns, changes, connection=self.connection)
        return len(params)


def _plain(value):
    """JSON-ready value as the change-log snapshot stores it (dates as ISO strings)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return value
