"""Importing aid items from the Excel/CSV lists unions keep: a preview of every row's errors, then
an all-or-nothing commit that matches rows on the item's reference, so a re-import adds nothing."""

import functools
import hashlib
import json
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from amity.audit.bulk import ChangeRows
from amity.audit.models import ObjectChange
from amity.audit.signals import change_entry
from amity.core.bulk import (
    Inserter,
    Pipeline,
    RowEncoder,
    cycle_collector_paused,
    insert_rows,
    next_ids,
    sqlite_write_cache,
)
from amity.core.context import Source, change_context
from amity.core.currencies import currency_codes, currency_codes_offered
from amity.core.import_rows import (
    ImportPreview,
    ImportRejected,
    ImportResult,
    Progress,
    RowResult,
    cell_amount,
    cell_date,
    cell_list,
    cell_text,
    choice_names,
    headings_in_languages,
    read_preview,
    row_guard,
    shown,
    template_workbook,
)
from amity.core.money import RateBook
from amity.core.tabular import Columns, MappingRefused, map_columns
from amity.core.text import fold
from amity.geo.models import AdminUnit
from amity.registry.models import Organisation

from .choices import APPROVED_STATUSES, TRANSITION_FIELDS, AidKind, AidStatus, TransactionKind
from .models import (
    AidDonor,
    AidItem,
    AidTransaction,
    BeneficiaryGroup,
    Sector,
    Workflow,
    donor_shares_check,
    sector_names,
)
from .selectors import workflow_for
from .services import (
    CertificateCheck,
    disbursement_check,
    route_required_fields,
    status_dates,
    status_reached,
    status_route,
    transition_event_data,
    user_roles_for_item,
)

#: The fields a row fills, in the order of the template and the export; several values in one
#: cell are separated by ";". Each is recognised by its code, its label in any of the four
#: languages (``FIELDS``) or the headings below, which Vietnamese lists use.
COLUMNS = [
    "reference",
    "kind",
    "title_vi",
    "title_original",
    "status",
    "donors",
    "sectors",
    "locations",
    "beneficiary_groups",
    "implementing_body",
    "receiving_body",
    "start_date",
    "end_date",
    "decision_number",
    "decision_date",
    "approving_body",
    "committed_amount",
    "committed_currency",
    "committed_date",
    "disbursed_amount",
    "disbursed_currency",
    "disbursed_date",
]
#: Labels of the money columns (the others are the item's field names).
MONEY_LABELS = {
    "committed_amount": gettext_lazy("committed amount"),
    "committed_currency": gettext_lazy("commitment currency"),
    "committed_date": gettext_lazy("commitment date"),
    "disbursed_amount": gettext_lazy("disbursed amount"),
    "disbursed_currency": gettext_lazy("disbursement currency"),
    "disbursed_date": gettext_lazy("disbursement date"),
}
#: Headings of provincial lists beside the labels (folded).
HEADINGS = {
    "reference": ["ma", "ma du an", "so hieu", "ky hieu", "ma khoan vien tro"],
    "title_vi": ["ten du an", "ten khoan vien tro", "ten chuong trinh, du an", "ten"],
    "title_original": ["ten tieng anh", "ten goc", "ten nuoc ngoai"],
    "donors": ["nha tai tro", "to chuc tai tro", "ben tai tro", "donor"],
    "sectors": ["linh vuc", "nganh", "sector"],
    "locations": ["dia ban", "dia diem", "dia ban thuc hien", "tinh, thanh pho"],
    "beneficiary_groups": ["doi tuong thu huong", "doi tuong"],
    "implementing_body": ["chu khoan vien tro", "don vi thuc hien"],
    "receiving_body": ["co quan chu quan", "co quan tiep nhan"],
    "decision_number": ["so quyet dinh", "so qd", "quyet dinh phe duyet"],
    "decision_date": ["ngay quyet dinh", "ngay qd", "ngay phe duyet"],
    "approving_body": ["co quan phe duyet", "cap phe duyet"],
    "committed_amount": ["gia tri cam ket", "tong gia tri", "tong von", "von cam ket", "so tien cam ket"],
    "committed_currency": ["loai tien", "don vi tien", "tien te", "currency"],
    "disbursed_amount": ["gia tri giai ngan", "da giai ngan", "so tien giai ngan"],
    "disbursed_currency": ["loai tien giai ngan"],
    "disbursed_date": ["ngay giai ngan"],
    "committed_date": ["ngay cam ket"],
}


def field_label(name: str) -> str:
    """A column's label in the active language: the template's and the export's heading."""
    if name in MONEY_LABELS:
        return capfirst(str(MONEY_LABELS[name]))
    return capfirst(str(AidItem._meta.get_field(name).verbose_name))


REQUIRED = ("reference", "title_vi")
FIELDS = Columns(headings_in_languages(COLUMNS, HEADINGS, field_label), REQUIRED, field_label)
TEXT_FIELDS = (
    "title_vi",
    "title_original",
    "implementing_body",
    "receiving_body",
    "decision_number",
    "approving_body",
)
MAX_ROWS = 20000
#: Progress is reported every this many rows.
PROGRESS_EVERY = 250
MAX_LENGTHS = {name: AidItem._meta.get_field(name).max_length for name in ("reference", *TEXT_FIELDS)}
#: The digits a transaction's amount holds before its two decimals.
AMOUNT_DIGITS = (
    AidTransaction._meta.get_field("amount").max_digits - AidTransaction._meta.get_field("amount").decimal_places
)
MAX_AMOUNT = Decimal(10) ** AMOUNT_DIGITS


#: A donor's share after its name: "KOICA 60%", "KOICA (60%)" or "KOICA: 60,5%".
SHARE = re.compile(r"^(?P<name>.*?)[\s:(]+(?P<share>\d+(?:[.,]\d+)?)\s*%\s*\)?$")


def _donor_shares(value, errors: list) -> tuple[str, dict[str, Decimal]]:
    """The donors cell without the shares, and each donor's share (by folded name) where one is given."""
    names, shares = [], {}
    for part in cell_list(value):
        match = SHARE.match(part)
        if match is None:
            names.append(part)
            continue
        share = Decimal(match["share"].replace(",", "."))
        if share > 100 or share.as_tuple().exponent < -2:
            errors.append(
                ("donors", _("%(value)s is not a share in per cent (0 to 100, two decimals).") % {"value": part})
            )
        names.append(match["name"].strip())
        shares[fold(match["name"].strip())] = share
    return "; ".join(names), shares


def _remembered(memo: dict, key, read: Callable, error: type[Exception]):
    """``read(key)`` once per key, its answer or its ``error`` remembered: a file repeats its values."""
    if key not in memo:
        try:
            memo[key] = read(key)
        except error as exc:
            memo[key] = exc
    found = memo[key]
    if isinstance(found, error):
        raise found
    return found


class Lookups:
    """Everything a row may name, loaded once per file: of the organisations, places and sectors,
    those the file's cells can name (``named``). Without ``tables`` only what they are made from
    is read, for its ``version`` (the commit's question: has any of it changed?)."""

    def __init__(self, *, user, unit, named: "Named", tables: bool = True):
        organisations = _organisations_named(user, named.donors)
        codes = named.sector_codes
        sectors = list(Sector.objects.all() if codes is None else Sector.objects.filter(code__in=sorted(codes)))
        places = _places_named(named.places)
        groups = list(BeneficiaryGroup.objects.all())
        translated = sector_names()["sectors"]
        self.named = named
        if tables:
            self._tables(organisations, sectors, places, groups, translated)
        self.currencies = currency_codes()
        # the rules of the screens: the workflow in force, the actor's roles over the unit, the
        # donors' certificates and the rate table, each read once for the whole file
        self.today = timezone.localdate()
        self.workflow = workflow_for(item=AidItem(unit=unit), on=self.today)
        if self.workflow is not None:
            self.workflow = Workflow.objects.prefetch_related("transitions", "steps").get(pk=self.workflow.pk)
        self.roles = user_roles_for_item(user, AidItem(unit=unit))
        self.superuser = user.is_superuser
        self._routes: dict[tuple[str, str], list | ValidationError] = {}
        self._required: dict[tuple[str, str], list[str]] = {}
        self._reached: dict[str, tuple] = {}
        self._choices: dict[tuple[str, str], str | None] = {}
        self._warnings: dict[tuple, tuple[tuple[str, ...], tuple]] = {}
        self._dates: dict = {}
        self._donor_cells: dict = {}
        self._resolved: dict[tuple, tuple[tuple, list]] = {}
        self.certificates = CertificateCheck(organisations)
        self.rates = RateBook.load()
        workflow = self.workflow
        self.version = _digest(
            organisations,
            sectors,
            places,
            groups,
            [workflow, *workflow.transitions.all(), *workflow.steps.all()] if workflow else [],
            [x for rs in self.certificates.registrations.values() for r in rs for x in (r, *r.provinces.all())],
            [rate for rates in self.rates.rates.values() for rate in rates],
            sorted(self.roles),
            [self.superuser, self.today, self.currencies, translated],
        )

    def _tables(self, organisations: list, sectors: list, places: list, groups: list, translated: dict) -> None:
        """The records by the names a cell may give them (folded), the codes, and the kinds and statuses."""
        self.donors: dict[str, list] = {}
        for org in organisations:
            for name in {org.name, org.name_original, org.short_name} - {""}:
                self.donors.setdefault(fold(name), []).append(org)
        self.sectors: dict[str, list] = {sector.code: [sector] for sector in sectors}  # by code
        self._sector_records, self._sector_translations = sectors, translated
        self._sector_names: dict[str, list] | None = None  # by name in any language, when a cell needs it
        self.places = _places_by_key(places)
        self.groups = {}
        for group in groups:
            self.groups[group.code] = group
            self.groups[fold(group.name)] = group
        self.kinds = {"du an": AidKind.PROJECT, "phi du an": AidKind.NON_PROJECT, **choice_names(AidKind)}
        self.statuses = choice_names(AidStatus)

    def sector(self, name: str) -> list | None:
        """The sectors a cell names: by code ("11220 Giáo dục tiểu học", as the template and the export
        write them), else by name in any of the four languages. The names' table (some 1,300 names,
        Chinese and Russian among them) is made only when a cell names a sector without its code."""
        code = name.split(" ")[0]
        if code.isdigit():
            return self.sectors.get(code)
        if self._sector_names is None:
            self._sector_names = {}
            translated = self._sector_translations
            for sector in self._sector_records:
                for key in {_folded_name(n) for n in (sector.name, *translated.get(sector.code, {}).values())}:
                    self._sector_names.setdefault(key, []).append(sector)
        return self._sector_names.get(fold(name))

    def place(self, name: str) -> list:
        """``place_named`` in the places the file's cells can name."""
        return place_named(self.places, name)

    def route(self, from_status: str, to_status: str) -> list:
        """``services.status_route`` for the actor, remembered per pair (a file repeats its statuses)."""
        return _remembered(
            self._routes,
            (from_status, to_status),
            lambda pair: status_route(
                workflow=self.workflow,
                roles=self.roles,
                superuser=self.superuser,
                from_status=pair[0],
                to_status=pair[1],
                field="status",
            ),
            ValidationError,
        )

    def required_fields(self, from_status: str, to_status: str) -> list[str]:
        """``services.route_required_fields`` of ``route(from_status, to_status)``, once per pair."""
        key = (from_status, to_status)
        if key not in self._required:
            self._required[key] = route_required_fields(self.route(from_status, to_status))
        return self._required[key]

    def choice(self, table: str, cell: str) -> str | None:
        """The kind or status (``table``) a cell names, by code or label in any language, once per cell."""
        key = (table, cell)
        if key not in self._choices:
            self._choices[key] = getattr(self, table).get(fold(cell))
        return self._choices[key]

    def certificate_warnings(self, *, donors, locations, sectors, on) -> tuple[str, ...]:
        """``services.CertificateCheck.warnings``, once per donors, places, sectors and day (a file
        repeats them; the rows naming the same share the one tuple)."""
        # the rows share the tuples of the cells they name (``resolve``): keyed by the tuples themselves,
        # kept alive beside the answer, not by hashing each record in them for every approved row
        key = (id(donors), id(locations), id(sectors), on)
        if key not in self._warnings:
            warnings = self.certificates.warnings(donors=donors, locations=locations, sectors=sectors, on=on)
            self._warnings[key] = (tuple(warnings), (donors, locations, sectors))
        return self._warnings[key][0]

    def date(self, cell):
        """The date a cell holds (``ValueError`` if none), read once per distinct cell of the file."""
        return _remembered(self._dates, cell, cell_date, ValueError)

    def donors_named(self, cell) -> tuple[tuple, dict[int, Decimal | None], list]:
        """The donors a donors cell names, each one's share by id (None where the cell gives none)
        and the cell's (column, message) errors, its shares' included, once per distinct cell (a
        file repeats its donors)."""
        if cell not in self._donor_cells:
            errors: list = []
            names, shares = _donor_shares(cell, errors)
            found, problems = self.resolve("donors", names, None)
            errors.extend(problems)
            by_id = {org.pk: shares.get(key) for org, key in found}
            if by_id:
                try:
                    donor_shares_check(list(by_id.values()))
                except ValidationError as exc:
                    errors.extend(("donors", m) for m in exc.messages)
            self._donor_cells[cell] = (tuple(org for org, _key in found), by_id, errors)
        return self._donor_cells[cell]

    def resolve(self, column: str, cell, day) -> tuple[tuple, list]:
        """The records a cell of names separated by ";" names, and the (column, message) errors of
        those it cannot tell, once per distinct cell (a file repeats its donors, sectors and places):
        the rows naming the same cell share the one tuple. A place named by several units is the one
        valid on ``day``; a record named twice counts once. Donors come with the folded name that
        named them (their share's key)."""
        key = (column, cell, day if column == "locations" else None)
        if key not in self._resolved:
            find = {
                "donors": lambda name: self.donors.get(fold(name)),
                "sectors": self.sector,
                "locations": self.place,
                "beneficiary_groups": lambda name: self.groups.get(fold(name)),
            }[column]
            found: list = []
            errors = []
            for name in cell_list(cell):
                match = find(name)
                if isinstance(match, list):
                    if len(match) > 1 and column == "locations":
                        match = [place for place in match if place.is_valid_on(day)]
                    if len(match) > 1:
                        errors.append((column, _("%(value)s matches several records.") % {"value": name}))
                        continue
                    match = match[0] if match else None
                if match is None:
                    errors.append((column, _("Unknown: %(value)s.") % {"value": name}))
                elif column == "donors":
                    if all(match != org for org, _key in found):
                        found.append((match, fold(name)))
                elif match not in found:
                    found.append(match)
            self._resolved[key] = (tuple(found), errors)
        return self._resolved[key]

    def status_reached(self, status: str) -> tuple:
        """``services.status_reached`` today under the workflow in force, once per status."""
        if status not in self._reached:
            self._reached[status] = status_reached(status=status, workflow=self.workflow, today=self.today)
        return self._reached[status]


def _digest(*parts: list) -> str:
    """A digest of every value of ``parts``' records (their loaded fields) and plain values, in
    any order: two digests are equal when the records read hold the same values."""
    lines = sorted(
        repr((type(value).__name__, [v for k, v in vars(value).items() if not k.startswith("_")]))
        if hasattr(value, "_state")
        else repr(value)
        for part in parts
        for value in part
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass(frozen=True)
class Named:
    """What a file's donors, places and sectors cells name (each name once): the check reads the
    organisations, places and sectors these can match, not every one the user may see (a central
    union sees tens of thousands of organisations, and the country has some 14,000 communes)."""

    donors: frozenset[str] = frozenset()  # folded, without their shares
    places: frozenset[str] = frozenset()  # as the cells write them
    sector_codes: frozenset[str] | None = frozenset()  # None: a cell names a sector without its code

    @classmethod
    def of(cls, positions: list[str], rows: list[list]) -> "Named":
        """The names in the distinct cells of the donors, locations and sectors columns of ``rows``
        (``positions``: the field each column holds)."""

        def cells(column: str) -> set:
            if column not in positions:
                return set()
            at = positions.index(column)
            return {row[at] for row in rows}

        donors = {fold(name) for cell in cells("donors") for name in cell_list(_donor_shares(cell, [])[0])}
        places = {name for cell in cells("locations") for name in cell_list(cell)}
        sectors = {name.split(" ")[0] for cell in cells("sectors") for name in cell_list(cell)}
        codes = frozenset(sectors) if all(code.isdigit() for code in sectors) else None
        return cls(frozenset(donors), frozenset(places), codes)


def _organisations_named(user, names: frozenset[str]) -> list:
    """The organisations ``user`` may see that the donor ``names`` (folded) can name: those whose
    search name holds one of them (as the list's search finds them; by its trigram index on
    PostgreSQL). Should a name name none of them (a name cut from the search name, which keeps
    at most its column's length, or no organisation at all), all the user may see, so that every
    name is found, or found ambiguous, or refused exactly as against all of them."""
    visible = Organisation.objects.restrict(user, "view").only("pk", "name", "name_original", "short_name", "kind")
    if not names:
        return []
    found = list(visible.filter(functools.reduce(operator.or_, (Q(search_name__contains=n) for n in sorted(names)))))
    folded = {fold(n) for org in found for n in (org.name, org.name_original, org.short_name)}
    return found if names <= folded else list(visible)


def _places_named(names: frozenset[str]) -> list:
    """The places (provinces and communes) that the cells' ``names`` can name, by code or by a name
    that one of them ends with ("Thành phố Hải Phòng", "TP Hải Phòng" and "Hải Phòng (31)" all end
    with "hai phong"); all of them should a name name none of those, as ``_organisations_named``."""
    places = AdminUnit.objects.exclude(level=AdminUnit.Level.DISTRICT).only(
        "pk", "name", "full_name", "code", "level", "valid_from", "valid_to"
    )
    if not names:
        return []
    keys: set[str] = set()
    codes: set[str] = set()
    for name in names:
        coded = _NAME_CODE.match(name)
        if coded:
            codes.add(coded["code"])
        for text in (name, coded["name"]) if coded else (name,):
            words = fold(text).split(" ")
            keys.update(" ".join(words[start:]) for start in range(len(words)))
    codes |= keys
    found = list(places.filter(Q(code__in=sorted(codes)) | Q(search_name__in=sorted(keys))))
    by_key = _places_by_key(found)
    return found if all(place_named(by_key, name) for name in names) else list(places)


def _places_by_key(places: list) -> dict[str, list]:
    """``places`` by their folded name and full name and by their code."""
    by_key: dict[str, list] = {}
    for place in places:
        for key in {fold(place.name), fold(place.full_name), place.code}:
            by_key.setdefault(key, []).append(place)
    return by_key


def place_named(places: dict[str, list], name: str) -> list:
    """The places (``_places_by_key``) a cell's name names: by code, name or full name ("Thành phố
    Hải Phòng"), a short form ("TP Hải Phòng"), or "name (code)" as the export writes a name several
    places share."""
    coded = _NAME_CODE.match(name)
    if coded and coded["code"] in places:
        return places[coded["code"]]
    key = fold(name)
    if key in places:
        return places[key]
    for prefix, full in PLACE_SHORT_FORMS:
        if key.startswith(prefix):
            rest = key.removeprefix(prefix).strip()
            return places.get(f"{full}{rest}") or places.get(rest, [])
    return []


#: ``fold`` of the sectors' names, kept by the process: every file's check folds the same ~1,300.
_folded_name = functools.lru_cache(maxsize=4096)(fold)


@dataclass
class Existing:
    """What an item a row updates holds now: its status and the money the row does not replace."""

    status: str
    money: list = field(default_factory=list)  # the item's transactions


#: "Hồng Bàng (31190)": a place's name and its code, as the export writes a name several places share.
_NAME_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z._-]+)\)$")
#: Short forms of the prefixes of places' full names (folded) -> the full prefix.
PLACE_SHORT_FORMS = (("tp. ", "thanh pho "), ("tp ", "thanh pho "), ("t. ", "tinh "), ("p. ", "phuong "))


def _parse_row(number: int, raw: dict, lookups: Lookups, existing: Existing | None = None) -> RowResult:
    result = RowResult(row=number, values={"route": (), "certificate_warnings": (), "over_disbursed": None})
    values, errors = result.values, result.errors
    for name in ("reference", *TEXT_FIELDS):
        values[name] = cell_text(raw.get(name))
    for name in REQUIRED:
        if not values[name]:
            errors.append((name, _("This column is required.")))
    for name in ("reference", *TEXT_FIELDS):
        limit = MAX_LENGTHS[name]
        if len(values[name]) > limit:
            errors.append(
                (name, _("At most %(max)s characters; this cell has %(n)s.") % {"max": limit, "n": len(values[name])})
            )
    kind = cell_text(raw.get("kind"))
    values["kind"] = lookups.choice("kinds", kind) if kind else AidKind.PROJECT
    if values["kind"] is None:
        errors.append(("kind", _("Unknown kind %(value)s.") % {"value": kind}))
    status = cell_text(raw.get("status"))
    current = existing.status if existing else AidStatus.PROPOSED  # a new item starts where the form's does
    values["status"] = lookups.choice("statuses", status) if status else current
    if values["status"] is None:
        errors.append(("status", _("Unknown status %(value)s.") % {"value": status}))

    for name in ("start_date", "end_date", "decision_date", "committed_date", "disbursed_date"):
        try:
            values[name] = lookups.date(raw.get(name))
        except ValueError as exc:
            errors.append((name, str(exc)))
    day = values.get("decision_date") or values.get("start_date") or timezone.localdate()

    values["donors"], shares, problems = lookups.donors_named(raw.get("donors"))
    values["donor_shares"] = dict(shares)
    errors.extend(problems)
    for column in ("sectors", "locations", "beneficiary_groups"):
        values[column], problems = lookups.resolve(column, raw.get(column), day)
        errors.extend(problems)
    if values.get("start_date") and values.get("end_date") and values["end_date"] < values["start_date"]:
        errors.append(("end_date", _("The end date is before the start date.")))
    for prefix in ("committed", "disbursed"):
        try:
            amount = cell_amount(raw.get(f"{prefix}_amount"))
            if amount is not None and amount >= MAX_AMOUNT:
                raise ValueError(_("At most %(n)s digits before the decimal point.") % {"n": AMOUNT_DIGITS})
        except ValueError as exc:
            errors.append((f"{prefix}_amount", str(exc)))
            amount = None
        currency = cell_text(raw.get(f"{prefix}_currency")).upper()
        if amount is not None:
            if currency not in lookups.currencies:
                errors.append(
                    (f"{prefix}_currency", _("%(value)s is not an ISO 4217 currency code.") % {"value": currency})
                )
            day = values.get(f"{prefix}_date") or values.get("decision_date") or values.get("start_date")
            if day is None:
                errors.append((f"{prefix}_date", _("A dated amount needs a date.")))
        values[prefix] = (
            amount,
            currency,
            values.get(f"{prefix}_date") or values.get("decision_date") or values.get("start_date"),
        )
    if not any(column.endswith(("_amount", "_currency", "_date")) for column, _m in errors):
        _check_money(result, lookups, existing)
    if values["status"] is not None:
        _check_status(result, lookups, current)
    if values["status"] in APPROVED_STATUSES and not values.get("decision_date") and not values.get("start_date"):
        if not errors:
            result.warnings.append(
                ("decision_date", _("Neither a decision nor a start date: the item counts in no period's figures."))
            )
    return result


def _check_status(result: RowResult, lookups: Lookups, current: str) -> None:
    """The status a row sets is reached by the workflow's moves, as on the screens: each allowed to
    the actor's role, each with the data it asks for; approval brings the certificate warnings."""
    values, errors = result.values, result.errors
    try:
        route = lookups.route(current, values["status"])
    except ValidationError as exc:
        errors.extend(("status", m) for m in exc.message_dict["status"])
        return
    values["route"] = route
    for name in lookups.required_fields(current, values["status"]):
        if values.get(name) in (None, "") and not any(column == name for column, _m in errors):
            errors.append(
                (
                    name,
                    _("Required for the status %(status)s: %(field)s.")
                    % {"status": AidStatus(values["status"]).label, "field": TRANSITION_FIELDS[name]},
                )
            )
    decided = values.get("decision_date")
    if route and decided and decided > lookups.today:
        errors.append(("decision_date", _("The decision date cannot be in the future.")))
    values["certificate_warnings"] = ()
    if any(move.to_status == AidStatus.APPROVED for move in route):
        values["certificate_warnings"] = lookups.certificate_warnings(
            donors=values["donors"],
            locations=values["locations"],
            sectors=values["sectors"],
            on=decided or lookups.today,
        )
        result.warnings.extend(("donors", warning) for warning in values["certificate_warnings"])


def _check_money(result: RowResult, lookups: Lookups, existing: Existing | None) -> None:
    """``services.disbursement_check`` on what the item will hold: its other money and the row's."""
    values = result.values
    money = []
    if existing:
        replaced = {row_transaction(existing.money, values["reference"], kind) for kind in TransactionKind.values}
        money = [(t.kind, t.amount, t.currency, t.date) for t in existing.money if t not in replaced]
    for prefix, kind in (("committed", TransactionKind.COMMITMENT), ("disbursed", TransactionKind.DISBURSEMENT)):
        amount, currency, day = values[prefix]
        if amount is not None and currency and day:
            money.append((kind, amount, currency, day))
    values["over_disbursed"] = None
    if all(entry[0] != TransactionKind.DISBURSEMENT for entry in money):
        return
    check = disbursement_check(transactions=money, book=lookups.rates)
    if check.warning:
        result.warnings.append(("disbursed_amount", check.warning))
    values["over_disbursed"] = check.exceeded and {"message": check.warning, "data": check.exceeded}


@cycle_collector_paused()
def aid_import_preview(
    *, user, unit, content: bytes, filename: str, mapping: dict | None = None, progress: Progress = None
) -> ImportPreview:
    """Read and check every row; write nothing. ``mapping`` ({heading: field or ""}) overrides
    what the headings say; columns it cannot map leave ``preview.header`` for the user to map."""
    preview, body, columns = read_preview(content, filename, FIELDS, mapping, max_rows=MAX_ROWS)
    if preview.file_errors:
        return preview
    positions = list(columns.values())
    table = [positions] + [[cells[i] if i < len(cells) else None for i in columns] for cells in body]
    reference = positions.index("reference")
    named = Named.of(positions, table[1:])
    state = _State(user=user, unit=unit, references={cell_text(cells[reference]) for cells in table[1:]}, named=named)
    lookups = preview.lookups = state.lookups
    preview.plans = {_plan_key(state, content=content, filename=filename, mapping=mapping)}
    try:  # a job is committed with the mapping its check applied: the same columns, the same plan
        if map_columns(preview.header, FIELDS, preview.mapping) == columns:
            preview.plans.add(_plan_key(state, content=content, filename=filename, mapping=preview.mapping))
    except MappingRefused:
        pass
    seen: dict[str, int] = {}
    total = len(table) - 1
    for number, cells in enumerate(table[1:], start=2):
        if progress and (number - 2) % PROGRESS_EVERY == 0:
            progress(number - 2, total, "check")
        if not any(cell_text(c) for c in cells):
            continue
        raw = dict(zip(positions, cells, strict=True))
        row = _parse_row(number, raw, lookups, state.items.get(cell_text(raw.get("reference"))))
        row.cells = raw
        ref = row.values["reference"]
        if ref and ref in seen:
            row.errors.append(("reference", _("Same reference as row %(row)s.") % {"row": seen[ref]}))
        seen.setdefault(ref, number)
        if ref in state.shares and not any(column == "donors" for column, _m in row.errors):
            _check_combined_shares(row, state.shares[ref])
        preview.rows.append(row)
    return preview.checked(total, progress)


class _State:
    """What a file's rows are checked against: the lookups, and the items of the unit that the file
    names by reference (their status and money, their donors' shares), which a row may update;
    without the lookups' ``tables``, for its ``version`` alone. ``references`` and ``named``: the
    file's (the same file names the same, so a commit asks with what its check found in the file)."""

    def __init__(self, *, user, unit, references: set[str], named: Named, tables: bool = True):
        self.lookups = Lookups(user=user, unit=unit, named=named, tables=tables)
        self.shares: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
        listed = AidItem.objects.filter(unit=unit, reference__in=_among(references - {""}))
        self.items = {
            reference: Existing(status=status) for reference, status in listed.values_list("reference", "status")
        }
        money = []
        if self.items:  # a new file names none: nothing more to read
            for reference, org_pk, share in AidDonor.objects.filter(item__in=listed).values_list(
                "item__reference", "organisation_id", "share"
            ):
                self.shares[reference][org_pk] = share
            money = list(AidTransaction.objects.filter(item__in=listed).annotate(reference=F("item__reference")))
        for tx in money:
            self.items[tx.reference].money.append(tx)
        self.version = _digest(
            [self.lookups.version, unit.pk, user.pk, get_language()],
            [(reference, sorted(shares.items())) for reference, shares in self.shares.items()],
            [(reference, item.status) for reference, item in self.items.items()],
            money,
        )


def _among(references) -> RawSQL:
    """``references`` as one parameter, for ``reference__in``: a file names thousands, which Django
    would otherwise prepare and the database parse one placeholder at a time (7 ms of 5,000)."""
    references = sorted(references)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [references])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(references)])


def _plan_key(state: _State, *, content: bytes, filename: str, mapping: dict | None) -> str:
    """What a check's outcome depends on: the file, how its columns are read, and what the database
    holds that the rules read (``_State.version``). The same key, the same rows checked the same way."""
    return _digest([hashlib.sha256(content).hexdigest(), filename, sorted((mapping or {}).items()), state.version])


def _check_combined_shares(row: RowResult, existing: dict) -> None:
    """On re-import a row without shares keeps the shares its donors already have; the new donors it
    adds would then have none beside donors with one, which the figures cannot split: refused."""
    shares = row.values["donor_shares"]
    if any(share is not None for share in shares.values()):
        return
    combined = {org_pk: existing.get(org_pk) for org_pk in shares}
    try:
        donor_shares_check(list(combined.values()))
    except ValidationError:
        row.errors.append(
            (
                "donors",
                _(
                    "The item's donors already have shares and this row adds donors without one: "
                    "give every donor's share in this cell (e.g. KOICA 60%; JICA 40%) or set them on the item."
                ),
            )
        )


ITEM_FIELDS = ("kind", "status", *TEXT_FIELDS, "start_date", "end_date", "decision_date")


def row_transaction(transactions, reference: str, kind: str):
    """The transaction of ``kind`` that a row's amount columns stand for: the one an import made,
    else the item's only one of that kind (as the export writes it); none when it has several."""
    key = _import_key(reference, kind)
    of_kind = [t for t in transactions if t.kind == kind]
    return next((t for t in of_kind if t.import_key == key), None) or (of_kind[0] if len(of_kind) == 1 else None)


def _import_key(reference: str, kind: str) -> str:
    """Marks the transaction a row's amount columns made, so that a re-import finds it again."""
    return f"import:{reference}:{kind}"


class _Current:
    """What the items a file updates (``item_ids``) hold now, read with one query per relation (not
    one per item), so that comparing a re-imported file costs little however many rows it has."""

    def __init__(self, item_ids: list[int]):
        self.m2m: dict[str, dict[int, set]] = {}
        for name in M2M_FIELDS:
            field = AidItem._meta.get_field(name)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            pairs = field.remote_field.through.objects.filter(**{f"{source}_id__in": item_ids})
            grouped: dict[int, set] = defaultdict(set)
            for item_id, other_id in pairs.values_list(f"{source}_id", f"{target}_id"):
                grouped[item_id].add(other_id)
            self.m2m[name] = grouped
        self.links: dict[int, dict] = defaultdict(dict)
        for link in AidDonor.objects.filter(item_id__in=item_ids):
            self.links[link.item_id][link.organisation_id] = link
        self.money: dict[int, list] = defaultdict(list)
        for tx in AidTransaction.objects.filter(item_id__in=item_ids):
            self.money[tx.item_id].append(tx)


def _write_row(*, row: RowResult, item: AidItem, state: _Current, result: ImportResult, lookups: Lookups) -> None:
    """Update one existing item; compares with what it holds so that an unchanged row writes nothing."""
    values = row.values
    data = {name: values[name] for name in ITEM_FIELDS}
    changed = any(getattr(item, k) != v for k, v in data.items())
    moved = values["route"] and item.status != values["status"]
    if changed:
        for k, v in data.items():
            setattr(item, k, v)
        if moved:
            status_dates(item=item, workflow=lookups.workflow, today=lookups.today)
        item.full_clean(exclude=["unit"])
        item.save()
    events = _status_events(values, lookups) if moved else []
    for name in M2M_FIELDS:
        pks = {obj.pk for obj in values[name]}
        if state.m2m[name].get(item.pk, set()) != pks:
            getattr(item, name).set(pks)
            changed = True
    donors = {org.pk for org in values["donors"]}
    links = state.links.get(item.pk, {})
    shares = values["donor_shares"]
    keep = not any(share is not None for share in shares.values())  # no shares in the row: keep the item's
    for org_pk in donors - set(links):
        AidDonor(item=item, organisation_id=org_pk, share=shares[org_pk]).save()
        changed = True
    for org_pk in donors & set(links):
        if not keep and links[org_pk].share != shares[org_pk]:
            links[org_pk].share = shares[org_pk]
            links[org_pk].save()
            changed = True
    for org_pk in set(links) - donors:
        links[org_pk].delete()
        changed = True
    current = state.money.get(item.pk, [])
    money = False
    for prefix, kind in (("committed", TransactionKind.COMMITMENT), ("disbursed", TransactionKind.DISBURSEMENT)):
        amount, currency, day = values[prefix]
        key = _import_key(values["reference"], kind)
        tx = row_transaction(current, values["reference"], kind)
        if amount is None:
            if tx is not None and tx.import_key == key:  # money entered on screen stays
                tx.delete()
                changed = money = True
            continue
        if tx is None:
            tx = AidTransaction(item=item, kind=kind, import_key=key)
        elif (tx.amount, tx.currency, tx.date) == (amount, currency, day):
            continue
        tx.amount, tx.currency, tx.date = amount, currency, day
        tx.full_clean(exclude=["item"])
        tx.save()
        changed = money = True
    if money and values["over_disbursed"]:
        events.append(_over_disbursed_event(values))
    ObjectChange.objects.bulk_create(_event_entries(item, events))
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1


@cycle_collector_paused()
def aid_import_commit(
    *,
    actor,
    unit,
    content: bytes,
    filename: str,
    mapping: dict | None = None,
    progress: Progress = None,
    checked: ImportPreview | None = None,
) -> ImportResult:
    """Write every row or none: any row error, or any failure while writing, leaves the database as it was.

    The file is checked again first (the file is the truth, not an earlier preview), unless
    ``checked`` is its check under what the database holds now: the same file, columns, user, unit,
    language and day, and the same values of every record the rules read (``_plan_key``); then the
    rows it checked are written as they are, which saves reading and checking them twice."""
    preview = None
    if checked is not None and checked.ok and checked.plans:
        references = {row.values["reference"] for row in checked.rows}
        held = _State(user=actor, unit=unit, references=references, named=checked.lookups.named, tables=False)
        if _plan_key(held, content=content, filename=filename, mapping=mapping) in checked.plans:
            preview = checked
    if preview is None:
        preview = aid_import_preview(
            user=actor, unit=unit, content=content, filename=filename, mapping=mapping, progress=progress
        )
    if not preview.ok:
        raise ImportRejected(preview)
    result = ImportResult()
    total = len(preview.rows)

    def written(done: int) -> None:
        if progress:
            progress(done, total, "write")

    with (
        sqlite_write_cache(),
        change_context(actor=actor, source=Source.IMPORT, message=filename),
        transaction.atomic(),
    ):
        references = [row.values["reference"] for row in preview.rows]
        named = AidItem.objects.filter(unit=unit, reference__in=_among(references))
        existing = {item.reference: item for item in named}
        new_rows = [row for row in preview.rows if row.values["reference"] not in existing]
        written(0)
        if len(new_rows) < len(preview.rows):
            state = _Current([item.pk for item in existing.values()])
            for number, row in enumerate(preview.rows):
                if number % PROGRESS_EVERY == 0:
                    written(result.updated + result.unchanged)
                if row.values["reference"] in existing:
                    item = existing[row.values["reference"]]
                    row_guard(
                        preview,
                        row,
                        lambda row=row, item=item: _write_row(
                            row=row, item=item, state=state, result=result, lookups=preview.lookups
                        ),
                    )
        done = len(preview.rows) - len(new_rows)
        _create_rows(
            preview=preview, rows=new_rows, unit=unit, written=(lambda n: written(done + n)) if progress else None
        )
        result.created = len(new_rows)
        written(total)
    return result


#: New items are inserted this many at a time, with their links, money and change-log rows (small
#: batches: the first one's making and the last one's writing overlap with nothing).
BATCH = 250
#: Batches made ready ahead of the writer: it starts the next as soon as one ends, and the Python
#: that makes them is done while the database still writes (at most four batches held, ~1,000 rows).
AHEAD = 3
M2M_FIELDS = ("sectors", "locations", "beneficiary_groups")


def _create_rows(*, preview: ImportPreview, rows: list[RowResult], unit, written: Callable[[int], None] | None) -> None:
    """Insert new items with their links, money and change-log rows, a few statements per batch
    instead of a save() per record (``core.bulk``). The keys are taken first, so each batch's rows
    and change-log text are made while a second thread inserts the batch before
    (``core.bulk.Pipeline``); ``written(n)``, if given (a job's progress), is told when the first
    ``n`` rows are in, while the writer is idle; without it the batches are made ahead of the writer. Every value was checked with the row (the fields' limits, the workflow's rules),
    so nothing is validated again here."""
    amounts = sum(row.values[prefix][0] is not None for row in rows for prefix in ("committed", "disbursed"))
    ids = {
        model: iter(next_ids(model, count))
        for model, count in (
            (AidItem, len(rows)),
            (AidDonor, sum(len(row.values["donors"]) for row in rows)),
            (AidTransaction, amounts),
        )
    }
    batches = _NewRows(unit=unit, lookups=preview.lookups)
    with Pipeline(batches.insert, ahead=AHEAD) as pipeline:
        for start in range(0, len(rows), BATCH):
            batch = batches.prepare(rows[start : start + BATCH], ids)
            if written:
                pipeline.finish()  # progress may go through the connection the writer uses
                written(start)
            pipeline.write(batch)
        pipeline.finish()


class _NewRows:
    """The rows of new items, their links, money and change-log entries, made from the checked rows
    (``prepare``) and inserted (``insert``, in the writing thread). The change log gets what the
    audit signal would have written: one "create" per item (with its sectors, locations, groups and
    donors), donor link and transaction, and the status and over-disbursement events."""

    def __init__(self, *, unit, lookups: Lookups):
        self.unit_id = unit.pk
        self.lookups = lookups
        self.connection = connections[DEFAULT_DB_ALIAS]  # this thread's, in its transaction, for the writer
        self.items, self.links, self.money = Inserter(AidItem), Inserter(AidDonor), Inserter(AidTransaction)
        self.changes = ChangeRows(models=(AidItem, AidDonor, AidTransaction))
        self.kinds = {kind: str(label) for kind, label in TransactionKind.choices}
        self.through = [
            (field.remote_field.through, [field.m2m_column_name(), field.m2m_reverse_name()], name)
            for name in M2M_FIELDS
            for field in [AidItem._meta.get_field(name)]
        ]
        # each table's rows put in the form the database reads here, so that the writer only sends them
        self.encoders = [
            RowEncoder(model, columns)
            for model, columns in (
                (AidItem, self.items.columns),
                (AidDonor, self.links.columns),
                (AidTransaction, self.money.columns),
                *((through, columns) for through, columns, _name in self.through),
                (ObjectChange, ChangeRows.COLUMNS),
            )
        ]

    def prepare(self, rows: list[RowResult], ids: dict) -> list:
        """The rows to insert for ``rows``, keyed from ``ids`` ({model: an iterator of the keys taken})."""
        lookups, unit_id, changes = self.lookups, self.unit_id, self.changes
        # each row's related records by id, read once for the links and the change log
        related = [{name: [obj.pk for obj in row.values[name]] for name in (*M2M_FIELDS, "donors")} for row in rows]
        items = []
        for row in rows:
            values = row.values
            item = {"unit_id": unit_id, "reference": values["reference"], **{k: values[k] for k in ITEM_FIELDS}}
            if values["route"]:
                item["status_since"], item["status_deadline"] = lookups.status_reached(values["status"])
            item["search_name"] = AidItem.search_key(values["reference"], values["title_vi"], values["title_original"])
            items.append(item)
        items, item_rows = self.items.rows(items, [next(ids[AidItem]) for _row in rows])
        links: list[dict] = []
        money: list[dict] = []
        for row, item, mine in zip(rows, items, related, strict=True):
            values = row.values
            shares = values["donor_shares"]
            links.extend({"item_id": item["id"], "organisation_id": pk, "share": shares[pk]} for pk in mine["donors"])
            for prefix, kind in (
                ("committed", TransactionKind.COMMITMENT),
                ("disbursed", TransactionKind.DISBURSEMENT),
            ):
                amount, currency, day = values[prefix]
                if amount is not None:
                    money.append(
                        {
                            "item_id": item["id"],
                            "kind": kind,
                            "amount": amount,
                            "currency": currency,
                            "date": day,
                            "import_key": _import_key(values["reference"], kind),
                        }
                    )
        links, link_rows = self.links.rows(links, [next(ids[AidDonor]) for _link in links])
        money, money_rows = self.money.rows(money, [next(ids[AidTransaction]) for _tx in money])
        through_rows = [
            [(item["id"], pk) for item, mine in zip(items, related, strict=True) for pk in mine[name]]
            for _through, _columns, name in self.through
        ]
        titles = {}
        for item, mine in zip(items, related, strict=True):
            changes.created(AidItem, item, unit_id=unit_id, text=item["title_vi"], related=mine)
            titles[item["id"]] = item["title_vi"]
        names = {org.pk: str(org) for row in rows for org in row.values["donors"]}
        for link in links:
            text = AidDonor.text(names[link["organisation_id"]], titles[link["item_id"]])
            changes.created(AidDonor, link, unit_id=unit_id, text=text)
        for tx in money:
            text = AidTransaction.text(self.kinds[tx["kind"]], tx["amount"], tx["currency"], tx["date"])
            changes.created(AidTransaction, tx, unit_id=unit_id, text=text)
        for row, item in zip(rows, items, strict=True):
            events = _status_events(row.values, lookups) if row.values["route"] else []
            if row.values["over_disbursed"]:
                events.append(_over_disbursed_event(row.values))
            for event, data, message in events:
                changes.event(
                    AidItem, item["id"], unit_id=unit_id, text=item["title_vi"], event=event, data=data, message=message
                )
        tables = [item_rows, link_rows, money_rows, *through_rows, changes.take()]
        return [encoder.encode(rows) for encoder, rows in zip(self.encoders, tables, strict=True)]

    def insert(self, batch: list) -> None:
        item_rows, link_rows, money_rows, *through_rows, change_rows = batch
        connection = self.connection
        self.items.write(item_rows, connection=connection)
        self.links.write(link_rows, connection=connection)
        self.money.write(money_rows, connection=connection)
        for (through, columns, _name), pairs in zip(self.through, through_rows, strict=True):
            insert_rows(through, columns, pairs, connection=connection)
        self.changes.write(change_rows, connection=connection)


def _status_events(values: dict, lookups: Lookups) -> list[tuple[str, dict, str]]:
    """(event, data, message) of the ``aid.<status>`` events of the moves a row's status makes,
    with the data a screen's would carry."""
    return [
        (
            f"aid.{move.to_status}",
            transition_event_data(
                workflow=lookups.workflow,
                from_status=move.from_status,
                to_status=move.to_status,
                data={k: values.get(k) for k in move.required_fields},
                warnings=list(values["certificate_warnings"]) if move.to_status == AidStatus.APPROVED else [],
            ),
            "",
        )
        for move in values["route"]
    ]


def _over_disbursed_event(values: dict) -> tuple[str, dict, str]:
    over = values["over_disbursed"]
    return "aid.over_disbursed", over["data"], over["message"]


def _event_entries(item: AidItem, events: list[tuple[str, dict, str]]) -> list[ObjectChange]:
    """The change-log entries of ``events`` on an item saved through the model."""
    return [
        change_entry(item, action=ObjectChange.Action.EVENT, before=None, after=data, event=event, message=message)
        for event, data, message in events
    ]


# --- The same columns out: the list's spreadsheet export and the empty template ------------------


def export_rows(items) -> list[list]:
    """The items as the import reads them: every imported column under the same headings (in the
    user's language), so that a list exported, edited and imported again changes only what was edited.
    A place whose full name other places share is written "name (code)"; an item with several
    commitments (or disbursements) leaves that amount empty, which an import reads as "keep them"."""
    items = items.prefetch_related(
        "donor_links__organisation", "sectors", "locations", "beneficiary_groups", "transactions"
    )
    shared_names = {
        name
        for name, count in Counter(
            fold(name)
            for name in AdminUnit.objects.exclude(level=AdminUnit.Level.DISTRICT).values_list("full_name", flat=True)
        ).items()
        if count > 1
    }
    rows = [[field_label(name) for name in COLUMNS]]
    for item in items:
        money = list(item.transactions.all())
        cells = {
            "reference": item.reference,
            "kind": item.get_kind_display(),
            "title_vi": item.title_vi,
            "title_original": item.title_original,
            "status": item.get_status_display(),
            "donors": "; ".join(
                f"{link.organisation.name} {link.share.normalize():f}%"
                if link.share is not None
                else link.organisation.name
                for link in item.donor_links.all()
            ),
            "sectors": "; ".join(str(s) for s in item.sectors.all()),  # code first: what the import reads
            "locations": "; ".join(
                f"{p.full_name} ({p.code})" if fold(p.full_name) in shared_names else p.full_name
                for p in item.locations.all()
            ),
            "beneficiary_groups": "; ".join(g.name for g in item.beneficiary_groups.all()),
        }
        for name in TEXT_FIELDS:
            cells.setdefault(name, getattr(item, name))
        for name in ("start_date", "end_date", "decision_date"):
            cells[name] = shown(getattr(item, name))
        for prefix, kind in (("committed", TransactionKind.COMMITMENT), ("disbursed", TransactionKind.DISBURSEMENT)):
            tx = row_transaction(money, item.reference, kind)
            if tx is not None:
                cells |= {f"{prefix}_amount": tx.amount, f"{prefix}_currency": tx.currency}
                cells[f"{prefix}_date"] = shown(tx.date)
        rows.append([cells.get(name, "") for name in COLUMNS])
    return rows


def import_template() -> bytes:
    """An empty XLSX list with the import's headings (in the user's language) and, on a second
    sheet, the values a cell may hold; kind, status and currency cells offer them as drop-down lists."""
    places = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).order_by("valid_to", "name")
    allowed = {
        "kind": [str(label) for label in AidKind.labels],
        "status": [str(label) for label in AidStatus.labels],
        "committed_currency": currency_codes_offered(),
        "sectors": [str(s) for s in Sector.objects.filter(active=True).order_by("code")],
        "locations": [str(place) for place in places],
        "beneficiary_groups": [g.name for g in BeneficiaryGroup.objects.order_by("position", "name")],
    }
    return template_workbook(
        title=_("Aid items"),
        columns=COLUMNS,
        label=field_label,
        allowed=allowed,
        lists=[
            ("kind", "kind"),
            ("status", "status"),
            ("committed_currency", "committed_currency"),
            ("disbursed_currency", "committed_currency"),
        ],
    )
