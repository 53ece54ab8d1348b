"""Importing contributions (donations of compatriots and associations abroad, in cash or in kind)
from the lists unions keep, on the imports' shared machinery (``core.tabular``, ``core.import_rows``):
Vietnamese or English headings, the mapping step, a preview with every error in its cell, then an
all-or-nothing commit.

Each row names its donor: a compatriot of the receiving unit by the record's number ("Mã kiều
bào", which the list's export writes), or else by full name with the date of birth (a year of birth
when the file has no more); or an association of the registry by its name. A row with the
contribution's number ("Mã đóng góp", also written by the export) updates that contribution, so a
list exported, edited and imported again changes only what was edited; a row without one that
repeats a contribution already recorded (same donor, date, kind, goods, amounts, purpose, campaign
and notes) is refused, so that a file sent twice is not counted twice.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amity.audit.bulk import ChangeRows
from amity.core.access import unit_descendant_ids
from amity.core.bulk import Inserter, cycle_collector_paused
from amity.core.context import Source, change_context
from amity.core.currencies import currency_codes, currency_codes_offered
from amity.core.dates import PartialDate, parse_partial_date
from amity.core.formatting import format_money
from amity.core.import_rows import (
    ImportPreview,
    ImportRejected,
    ImportResult,
    Progress,
    RowResult,
    cell_amount,
    cell_text,
    choice_names,
    headings_in_languages,
    read_preview,
    row_guard,
    template_workbook,
)
from amity.core.tabular import Columns, MappingRefused, mapping_of
from amity.core.text import fold
from amity.registry.models import Organisation

from .choices import ContributionKind, Purpose
from .models import Compatriot, Contribution
from .services import contribution_check, contribution_update

#: The columns, in the order of the template and the export.
COLUMNS = [
    "number",
    "compatriot",
    "full_name",
    "birth",
    "organisation",
    "kind",
    "item",
    "quantity",
    "quantity_unit",
    "amount",
    "currency",
    "purpose",
    "campaign",
    "received_on",
    "notes",
]
#: Labels of the columns that are not the contribution's own fields.
LABELS = {
    "number": gettext_lazy("contribution no."),
    "compatriot": gettext_lazy("compatriot no."),
    "full_name": gettext_lazy("full name"),
    "birth": gettext_lazy("date or year of birth"),
    "received_on": gettext_lazy("date of the contribution"),
}
#: Headings of provincial lists beside the labels (folded).
HEADINGS = {
    "number": ["ma dong gop", "so dong gop", "contribution id", "id"],
    "compatriot": ["ma kieu bao", "ma nguoi dong gop", "compatriot id"],
    "full_name": ["ho va ten", "ho ten", "ten kieu bao", "nguoi dong gop", "full name", "name", "donor"],
    "birth": ["ngay sinh", "nam sinh", "ngay thang nam sinh", "date of birth", "year of birth"],
    "organisation": ["hoi", "to chuc", "hoi doan", "ten hoi", "ten to chuc", "association", "organisation"],
    "kind": ["hinh thuc", "hinh thuc dong gop", "loai dong gop", "loai hinh", "kind"],
    "item": ["hien vat", "ten hien vat", "hang hoa", "vat pham", "goods", "item"],
    "quantity": ["so luong", "sl", "quantity"],
    "quantity_unit": ["don vi tinh", "dvt", "unit of quantity", "unit"],
    "amount": ["so tien", "gia tri", "tri gia", "gia tri uoc tinh", "thanh tien", "amount", "value"],
    "currency": ["loai tien", "tien te", "don vi tien te", "ngoai te", "currency"],
    "purpose": ["muc dich", "muc dich dong gop", "purpose"],
    "campaign": ["dot van dong", "chuong trinh", "chien dich", "campaign"],
    "received_on": ["ngay dong gop", "ngay nhan", "ngay", "thoi gian", "date", "date received"],
    "notes": ["ghi chu", "notes"],
}
REQUIRED = ("amount", "currency", "received_on")
DONOR_COLUMNS = ("compatriot", "full_name", "organisation")
TEXT_FIELDS = ("item", "quantity_unit", "campaign", "notes")
#: Notes have no limit of their own: a cell holds what Excel holds.
MAX_LENGTHS = {name: Contribution._meta.get_field(name).max_length or 32_767 for name in TEXT_FIELDS}
#: Kinds as lists write them beside their labels (folded).
KIND_WORDS = {"tien": ContributionKind.CASH, "tien mat": ContributionKind.CASH, "hien vat": ContributionKind.IN_KIND}
MAX_ROWS = 20000
#: The relations a row's record takes from what ``Lookups`` read, not from the row's cells.
FETCHED = ("unit", "compatriot", "organisation")
PROGRESS_EVERY = 250
BATCH = 500


def field_label(name: str) -> str:
    """A column's label in the active language: the template's and the export's heading."""
    if name in LABELS:
        return capfirst(str(LABELS[name]))
    return capfirst(str(Contribution._meta.get_field(name).verbose_name))


FIELDS = Columns(headings_in_languages(COLUMNS, HEADINGS, field_label), REQUIRED, field_label)


class Lookups:
    """What a row may name, loaded once per file: the donors the receiving unit holds (compatriots
    whose personal data the actor sees, associations) and the contributions it recorded."""

    def __init__(self, *, user, unit):
        self.unit = unit
        reach = self.reach = unit_descendant_ids(unit)
        people = Compatriot.objects.restrict(user, "view_personal").filter(unit_id__in=reach, erased_at__isnull=True)
        self.people = {
            p.pk: p for p in people.only("pk", "unit_id", "full_name", "birth_date", "birth_year", "erased_at")
        }
        self.by_name: dict[str, list[Compatriot]] = defaultdict(list)
        for person in self.people.values():
            self.by_name[fold(person.full_name)].append(person)
        self.associations: dict[str, list[Organisation]] = defaultdict(list)
        for org in Organisation.objects.restrict(user, "view").filter(unit_id__in=reach):
            for name in {org.name, org.name_original, org.short_name} - {""}:
                self.associations[fold(name)].append(org)
        gifts = Contribution.objects.restrict(user, "change").filter(unit_id__in=reach)
        self.contributions = {c.pk: c for c in gifts}
        self.recorded = {contribution_key(c): c.pk for c in self.contributions.values()}
        self.currencies = currency_codes()
        self.kinds = {**KIND_WORDS, **choice_names(ContributionKind)}
        self.purposes = choice_names(Purpose)


def contribution_key(gift: Contribution) -> tuple:
    """What makes two records the same contribution, for refusing a file sent twice."""
    return (
        gift.compatriot_id,
        gift.organisation_id,
        gift.received_on,
        gift.received_on_precision,
        gift.kind,
        fold(gift.item),
        gift.quantity,
        fold(gift.quantity_unit),
        gift.amount,
        gift.currency,
        gift.purpose,
        fold(gift.campaign),
        fold(gift.notes),
    )


@dataclass
class _Donor:
    compatriot: Compatriot | None = None
    organisation: Organisation | None = None


def _birth(value) -> tuple[str, object] | None:
    """("date", day) or ("year", year) of a birth cell; None if empty."""
    text = cell_text(value)
    if not text:
        return None
    if text.isdigit() and len(text) == 4:
        return "year", int(text)
    try:
        when = parse_partial_date(text) if isinstance(value, str) else PartialDate(value.year, value.month, value.day)
    except (ValueError, AttributeError):
        raise ValueError(_("%(value)s is not a date of birth (dd/mm/yyyy) or a year.") % {"value": text}) from None
    if when.precision == "year":
        return "year", when.year
    if when.precision != "day":
        raise ValueError(_("%(value)s is not a date of birth (dd/mm/yyyy) or a year.") % {"value": text})
    return "date", when.start


def _compatriot(raw: dict, lookups: Lookups, errors: list, *, recorded: Contribution | None) -> Compatriot | None:
    """The compatriot a row names, by number, else by name and birth; None (with the error) if none.
    A row updating ``recorded`` may keep its donor by number even if the person was erased or
    deleted since (the export writes only the number of an erased person)."""
    code, name = cell_text(raw.get("compatriot")).lstrip("#"), cell_text(raw.get("full_name"))
    try:
        birth = _birth(raw.get("birth"))
    except ValueError as exc:
        errors.append(("birth", str(exc)))
        return None
    if code:
        person = lookups.people.get(int(code)) if code.isdigit() else None
        if person is None and recorded is not None and str(recorded.compatriot_id) == code and not name:
            return recorded.compatriot
        if person is None:
            errors.append(
                (
                    "compatriot",
                    _(
                        "No compatriot no. %(code)s in the registry of %(unit)s (or not one whose personal data you see)."
                    )
                    % {"code": code, "unit": lookups.unit},
                )
            )
        elif name and fold(name) != fold(person.full_name):
            errors.append(
                (
                    "full_name",
                    _("Compatriot no. %(code)s is %(name)s, not %(value)s.")
                    % {"code": code, "name": person.full_name, "value": name},
                )
            )
            return None
        return person
    if birth is None:
        errors.append(
            (
                "birth",
                _("Give the date of birth (or the year of birth) of %(name)s, or the compatriot no.") % {"name": name},
            )
        )
        return None
    kind, when = birth
    found = [
        p
        for p in lookups.by_name.get(fold(name), [])
        if (p.birth_date == when if kind == "date" else (p.birth_year or (p.birth_date and p.birth_date.year)) == when)
    ]
    if not found:
        errors.append(
            (
                "full_name",
                _("No compatriot %(name)s born %(birth)s in the registry of %(unit)s; add the person first.")
                % {"name": name, "birth": cell_text(raw.get("birth")), "unit": lookups.unit},
            )
        )
        return None
    if len(found) > 1:
        errors.append(
            (
                "full_name",
                _("Several compatriots are named %(name)s and born %(birth)s: give the compatriot no. (%(codes)s).")
                % {"name": name, "birth": cell_text(raw.get("birth")), "codes": ", ".join(str(p.pk) for p in found)},
            )
        )
        return None
    return found[0]


def _donor(raw: dict, lookups: Lookups, errors: list, *, recorded: Contribution | None) -> _Donor:
    donor = _Donor()
    association = cell_text(raw.get("organisation"))
    names_person = cell_text(raw.get("compatriot")) or cell_text(raw.get("full_name"))
    if association and names_person:
        errors.append(("organisation", _("Give either a compatriot or an association as the donor, not both.")))
        return donor
    if association:
        found = lookups.associations.get(fold(association), [])
        if len(found) > 1:
            errors.append(("organisation", _("%(value)s matches several records.") % {"value": association}))
        elif not found:
            errors.append(
                (
                    "organisation",
                    _("Unknown association “%(value)s”; add it to the partners registry first.")
                    % {"value": association},
                )
            )
        else:
            donor.organisation = found[0]
    elif names_person:
        donor.compatriot = _compatriot(raw, lookups, errors, recorded=recorded)
    else:
        errors.append(
            (
                "full_name",
                _("Name the donor: a compatriot (full name and date of birth, or number) or an association."),
            )
        )
    return donor


def _received_on(value) -> PartialDate:
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):  # a spreadsheet date
        return PartialDate(value.year, value.month, value.day)
    return parse_partial_date(cell_text(value))


def _parse_row(number: int, raw: dict, lookups: Lookups) -> RowResult:
    row = RowResult(row=number, values={})
    values, errors = row.values, row.errors
    for name in REQUIRED:
        if not cell_text(raw.get(name)):
            errors.append((name, _("This column is required.")))
    code = cell_text(raw.get("number")).lstrip("#")
    values["instance"] = None
    if code:
        values["instance"] = lookups.contributions.get(int(code)) if code.isdigit() else None
        if values["instance"] is None:
            errors.append(
                (
                    "number",
                    _("No contribution no. %(code)s recorded by %(unit)s that you may change.")
                    % {"code": code, "unit": lookups.unit},
                )
            )
    donor = _donor(raw, lookups, errors, recorded=values["instance"])
    values["compatriot"], values["organisation"] = donor.compatriot, donor.organisation
    for name in TEXT_FIELDS:
        values[name] = cell_text(raw.get(name))
        if len(values[name]) > MAX_LENGTHS[name]:
            errors.append(
                (
                    name,
                    _("At most %(max)s characters; this cell has %(n)s.")
                    % {"max": MAX_LENGTHS[name], "n": len(values[name])},
                )
            )
    for name, places in (("amount", 2), ("quantity", 3)):
        try:
            values[name] = cell_amount(raw.get(name), places=places)
        except ValueError as exc:
            errors.append((name, str(exc)))
            values[name] = None
    currency = cell_text(raw.get("currency")).upper()
    values["currency"] = currency
    if currency and currency not in lookups.currencies:
        errors.append(("currency", _("%(value)s is not an ISO 4217 currency code.") % {"value": currency}))
    kind = cell_text(raw.get("kind"))
    goods = values["item"] or values["quantity"] is not None or values["quantity_unit"]
    values["kind"] = (
        lookups.kinds.get(fold(kind)) if kind else (ContributionKind.IN_KIND if goods else ContributionKind.CASH)
    )
    if values["kind"] is None:
        errors.append(("kind", _("Unknown kind %(value)s.") % {"value": kind}))
    elif values["kind"] == ContributionKind.IN_KIND:
        for name in ("item", "quantity", "quantity_unit"):
            if values[name] in (None, "") and not any(column == name for column, _m in errors):
                errors.append((name, _("An in-kind contribution needs the goods, their quantity and its unit.")))
    purpose = cell_text(raw.get("purpose"))
    values["purpose"] = lookups.purposes.get(fold(purpose)) if purpose else Purpose.OTHER
    if values["purpose"] is None:
        errors.append(("purpose", _("Unknown purpose %(value)s.") % {"value": purpose}))
    values["received_on"] = None
    if cell_text(raw.get("received_on")):
        try:
            values["received_on"] = _received_on(raw.get("received_on"))
        except ValueError as exc:
            errors.append(("received_on", str(exc)))
    if not errors:
        _check_record(row, lookups)
    return row


def _data(values: dict) -> dict:
    """The service's data of a checked row."""
    data = {name: values[name] for name in ("compatriot", "organisation", "kind", "amount", "currency", "purpose")}
    data |= {name: values[name] for name in TEXT_FIELDS}
    data["quantity"] = values["quantity"]
    data |= values["received_on"].fields("received_on")
    return data


def _unchanged(instance: Contribution, data: dict) -> bool:
    """Whether the row holds what the contribution holds (donors compared by id, not fetched)."""
    for name, value in data.items():
        if name in ("compatriot", "organisation"):
            if getattr(instance, f"{name}_id") != (value.pk if value else None):
                return False
        elif getattr(instance, name) != value:
            return False
    return True


def _check_record(row: RowResult, lookups: Lookups) -> None:
    """The screen service's rules on the record the row makes (``services.contribution_check``:
    the donor within the receiving unit, the model's own checks), each error in its column; and
    a new row repeating a recorded contribution refused."""
    values = row.values
    instance = values["instance"]
    record = Contribution(unit=lookups.unit) if instance is None else copy.copy(instance)  # the stored one unchanged
    for name, value in _data(values).items():
        setattr(record, name, value)
    try:
        contribution_check(contribution=record, reach=lookups.reach, fetched=FETCHED)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            column = "full_name" if column in (NON_FIELD_ERRORS, "compatriot") else column
            row.errors.extend((column, m) for m in messages)
        return
    values["record"] = record
    key = contribution_key(record)
    recorded = lookups.recorded.get(key)
    if instance is None and recorded is not None:
        row.errors.append(
            (
                "number",
                _(
                    "Already recorded as contribution no. %(pk)s; to change it, give its number "
                    "(export the list, edit it and import it again)."
                )
                % {"pk": recorded},
            )
        )
    values["key"] = key


def _donor_column_check(header: list, columns: dict) -> None:
    """A list of contributions needs a column naming the donor: without one the user maps one."""
    if not any(name in columns.values() for name in DONOR_COLUMNS):
        raise MappingRefused(
            _("No column names the donor: map one to %(fields)s.")
            % {"fields": ", ".join(field_label(name) for name in DONOR_COLUMNS)},
            header=header,
            mapping=mapping_of(header, columns),
        )


@cycle_collector_paused()
def contribution_import_preview(
    *, user, unit, content: bytes, filename: str, mapping: dict | None = None, progress: Progress = None
) -> ImportPreview:
    """Read and check every row; write nothing. ``mapping`` ({heading: field or ""}) overrides
    what the headings say; columns it cannot map leave ``preview.header`` for the user to map."""
    preview, body, columns = read_preview(
        content, filename, FIELDS, mapping, max_rows=MAX_ROWS, columns_check=_donor_column_check
    )
    if preview.file_errors:
        return preview
    lookups = preview.lookups = Lookups(user=user, unit=unit)
    numbers: dict[int, int] = {}
    keys: dict[tuple, int] = {}
    total = len(body)
    for number, cells in enumerate(body, start=2):
        if progress and (number - 2) % PROGRESS_EVERY == 0:
            progress(number - 2, total, "check")
        if not any(cell_text(c) for c in cells):
            continue
        raw = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
        row = _parse_row(number, raw, lookups)
        row.cells = raw
        instance = row.values.get("instance")
        if instance is not None:
            if instance.pk in numbers:
                row.errors.append(("number", _("Same number as row %(row)s.") % {"row": numbers[instance.pk]}))
            numbers.setdefault(instance.pk, number)
        elif "key" in row.values:
            if row.values["key"] in keys:
                row.errors.append(
                    (
                        "full_name",
                        _("Same contribution as row %(row)s; if both were given, say so in the notes.")
                        % {"row": keys[row.values["key"]]},
                    )
                )
            keys.setdefault(row.values["key"], number)
        preview.rows.append(row)
    return preview.checked(total, progress)


@cycle_collector_paused()
def contribution_import_commit(
    *, actor, unit, content: bytes, filename: str, mapping: dict | None = None, progress: Progress = None
) -> ImportResult:
    """Write every row or none: any row error, or any failure while writing, leaves the database
    as it was. The file is checked again first (the file is the truth, not an earlier preview).

    A changed contribution goes through ``services.contribution_update``; new ones, checked by
    ``services.contribution_check`` as the screen's are, go in with one statement per batch,
    with the change-log entry the audit signal would write for each."""
    preview = contribution_import_preview(
        user=actor, unit=unit, content=content, filename=filename, mapping=mapping, progress=progress
    )
    if not preview.ok:
        raise ImportRejected(preview)
    result = ImportResult()
    total = len(preview.rows)
    with change_context(actor=actor, source=Source.IMPORT, message=filename), transaction.atomic():
        new_rows = []
        for done, row in enumerate(preview.rows):
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total, "write")
            instance = row.values["instance"]
            if instance is None:
                new_rows.append(row)
                continue
            data = _data(row.values)
            if _unchanged(instance, data):
                result.unchanged += 1
                continue
            row_guard(
                preview,
                row,
                lambda instance=instance, data=data: contribution_update(actor=actor, instance=instance, data=data),
            )
            result.updated += 1
        money: dict[tuple, str] = {}
        for start in range(0, len(new_rows), BATCH):
            if progress:
                progress(total - len(new_rows) + start, total, "write")
            _create_rows(new_rows[start : start + BATCH], money)
        result.created = len(new_rows)
        if progress:
            progress(total, total, "write")
    return result


def _create_rows(rows: list[RowResult], money: dict[tuple, str]) -> None:
    """Insert the checked records with a few statements per batch (``core.bulk``), not a save() or a
    model instance's fields turned into SQL per record: every value was checked with its row. No
    signal runs, so each record's "create" entry is written here (``audit.bulk.ChangeRows``) with
    the snapshot and the text the audit signal would store. ``money``: each (amount, currency) as
    written, filled here, so that a file writes an amount once (a list repeats its round sums)."""
    records = [row.values["record"] for row in rows]
    written = Inserter(Contribution).insert([{name: getattr(r, name) for name in _WRITTEN} for r in records])
    changes = ChangeRows()
    for record, values in zip(records, written, strict=True):
        key = (values["amount"], values["currency"])
        if key not in money:
            money[key] = format_money(*key)
        donor = record.organisation or record.compatriot
        changes.created(Contribution, values, unit_id=values["unit_id"], text=Contribution.text(donor, money[key]))
    changes.write()


#: The attributes a new contribution is inserted with (its key comes from the insert).
_WRITTEN = [f.attname for f in Contribution._meta.concrete_fields if not f.primary_key]


# --- The same columns out: the list's spreadsheet export and the empty template ------------------


def _partial_text(when: PartialDate | None) -> str:
    """A date as the import reads it back: 15/01/2026, 05/2023 or 2023."""
    if when is None:
        return ""
    if when.precision == "year":
        return str(when.year)
    if when.precision == "month":
        return f"{when.month:02d}/{when.year}"
    return when.start.strftime("%d/%m/%Y")


def export_rows(gifts, *, personal_ids=None) -> list[list]:
    """The contributions as the import reads them: every imported column under the same headings
    (in the user's language), so that a list exported, edited and imported again changes only what
    was edited. A compatriot's name and birth are written only where the reader may see them
    (``personal_ids``: the units whose personal data they see; None for all)."""
    gifts = gifts.select_related("compatriot", "organisation")
    rows = [[field_label(name) for name in COLUMNS]]
    for gift in gifts:
        person = gift.compatriot
        cells: dict = {
            "number": gift.pk,
            "organisation": gift.organisation.name if gift.organisation else "",
            "kind": gift.get_kind_display(),
            "quantity": gift.quantity,
            "amount": gift.amount,
            "currency": gift.currency,
            "purpose": gift.get_purpose_display(),
            "received_on": _partial_text(gift.received_on_partial),
        }
        cells |= {name: getattr(gift, name) for name in TEXT_FIELDS}
        if person is not None:
            cells["compatriot"] = person.pk
            visible = (personal_ids is None or gift.unit_id in personal_ids) and not person.erased_at
            if visible:
                cells["full_name"] = person.full_name
                cells["birth"] = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else person.birth_year
        rows.append(["" if cells.get(name) is None else cells[name] for name in COLUMNS])
    return rows


def import_template() -> bytes:
    """An empty XLSX list with the import's headings (in the user's language) and, on a second
    sheet, the values a cell may hold; kind, currency and purpose cells offer them as drop-down lists."""
    allowed = {
        "kind": [str(label) for label in ContributionKind.labels],
        "currency": currency_codes_offered(),
        "purpose": [str(label) for label in Purpose.labels],
    }
    return template_workbook(
        title=str(Contribution._meta.verbose_name_plural).capitalize(),
        columns=COLUMNS,
        label=field_label,
        allowed=allowed,
        lists=[("kind", "kind"), ("currency", "currency"), ("purpose", "purpose")],
    )
