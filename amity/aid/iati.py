"""IATI 2.03 activity XML: export and import, both validated against the vendored official schema."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from amity.core.context import Source, change_context
from amity.core.text import fold, printable
from amity.core.uploads import guard_upload
from amity.registry.models import Organisation

from .choices import AidStatus, TransactionKind
from .codelists import SCHEMA_FILE, codelist
from .models import AidDonor, AidItem, AidTransaction, Sector
from .services import aid_disbursements_check, aid_status_import

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Aid status → IATI ActivityStatus (1 Pipeline/identification … 6 Suspended).
STATUS_TO_IATI = {
    AidStatus.PROPOSED: "1",
    AidStatus.APPRAISAL: "1",
    AidStatus.APPROVED: "1",
    AidStatus.IMPLEMENTATION: "2",
    AidStatus.COMPLETED: "3",
    AidStatus.CLOSED: "4",
    AidStatus.REJECTED: "5",
    AidStatus.CANCELLED: "5",
    AidStatus.SUSPENDED: "6",
}
IATI_TO_STATUS = {"1": AidStatus.PROPOSED, "2": AidStatus.IMPLEMENTATION, "3": AidStatus.COMPLETED}
IATI_TO_STATUS |= {"4": AidStatus.CLOSED, "5": AidStatus.CANCELLED, "6": AidStatus.SUSPENDED}
#: Transactions are described from the donor's side: 2 Outgoing Commitment, 3 Disbursement;
#: an import also accepts the receiver's side (11 Incoming Commitment, 1 Incoming Funds).
TRANSACTION_TO_IATI = {TransactionKind.COMMITMENT: "2", TransactionKind.DISBURSEMENT: "3"}
IATI_TO_TRANSACTION = {"2": TransactionKind.COMMITMENT, "11": TransactionKind.COMMITMENT}
IATI_TO_TRANSACTION |= {"3": TransactionKind.DISBURSEMENT, "1": TransactionKind.DISBURSEMENT}
#: OrganisationRole: 1 Funding (donors), 2 Accountable (the receiving body), 4 Implementing.
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
#: OrganisationType of a registry kind (21 International NGO, 10 Government, 70 Private sector, 40 Multilateral).
ORG_TYPE = {"foreign_ngo": "21", "foreign_locality": "10", "business": "70", "international_organisation": "40"}
#: ActivityDateType: 1 Planned start, 2 Actual start, 3 Planned end, 4 Actual end.
DATE_START, DATE_END = "2", "3"
REPORTING_ORG_REF = "VN-VUFO"
#: IATI has no element for a Vietnamese approval decision; the schema admits elements of other
#: namespaces at the end of an activity, so an export carries it there and an import reads it back.
AMITY_NS = "urn:amity:aid:1"
DECISION = f"{{{AMITY_NS}}}decision"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def _parse(content: bytes):
    """The document, without fetching or expanding anything it declares."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(content, parser=parser)


def validate(content: bytes) -> list[str]:
    """Schema errors of an IATI activities document, each with its line; empty if valid."""
    try:
        doc = _parse(content)
    except etree.XMLSyntaxError as exc:
        return [_("Not well-formed XML: %(error)s") % {"error": exc}]
    if doc.getroottree().docinfo.doctype:
        # entities are never resolved, but a schema check of unresolved ones fails inside libxml2
        return [_("An IATI file has no DOCTYPE (it would declare entities); remove it and upload the file again.")]
    if doc.tag != "iati-activities":
        return [_("Not an IATI activities file: the root element is <%(tag)s>.") % {"tag": doc.tag}]
    schema = _schema()
    try:
        if schema.validate(doc):
            return []
    except etree.Error as exc:
        return [_("Not well-formed XML: %(error)s") % {"error": exc}]
    return [_("Line %(line)s: %(message)s") % {"line": e.line, "message": e.message} for e in schema.error_log]


def _narrative(parent, tag: str, text: str, lang: str | None = None, **attrs):
    element = etree.SubElement(parent, tag, **attrs)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = printable(text)  # XML holds no control characters
    if lang:
        narrative.set(XML_LANG, lang)
    return element


def identifier(item: AidItem) -> str:
    return item.iati_identifier or f"{REPORTING_ORG_REF}-{item.unit_id}-{item.reference or item.pk}"


def activities_export(*, items) -> bytes:
    """IATI 2.03 ``iati-activities`` for the items; raises if the result does not pass the schema."""
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", version="2.03", nsmap={"amity": AMITY_NS}, **{"generated-datetime": now})
    items = items.prefetch_related("donor_links__organisation", "sectors", "transactions")
    for item in items:
        default_currency = next((t.currency for t in item.transactions.all()), "USD")
        activity = etree.SubElement(
            root,
            "iati-activity",
            **{
                "last-updated-datetime": item.updated.replace(microsecond=0).isoformat(),
                "default-currency": default_currency,
            },
        )
        activity.set(XML_LANG, "vi")
        etree.SubElement(activity, "iati-identifier").text = printable(identifier(item))
        _narrative(activity, "reporting-org", item.unit.name, ref=REPORTING_ORG_REF, type="22")
        title = _narrative(activity, "title", item.title_vi)
        if item.title_original:
            etree.SubElement(title, "narrative", **{XML_LANG: "en"}).text = printable(item.title_original)
        _narrative(activity, "description", item.description or item.title_vi)
        for link in item.donor_links.all():
            org = link.organisation
            attrs = {"role": ROLE_FUNDING}
            if org.kind in ORG_TYPE:
                attrs["type"] = ORG_TYPE[org.kind]
            _narrative(activity, "participating-org", org.name_original or org.name, **attrs)
        if item.receiving_body:
            _narrative(activity, "participating-org", item.receiving_body, role=ROLE_ACCOUNTABLE, type="10")
        if item.implementing_body:
            _narrative(activity, "participating-org", item.implementing_body, role=ROLE_IMPLEMENTING)
        if not item.donor_links.all() and not item.receiving_body and not item.implementing_body:
            _narrative(activity, "participating-org", item.unit.name, role=ROLE_ACCOUNTABLE, type="22")
        etree.SubElement(activity, "activity-status", code=STATUS_TO_IATI[item.status])
        start = item.start_date or item.decision_date or item.created.date()
        etree.SubElement(activity, "activity-date", type=DATE_START, **{"iso-date": start.isoformat()})
        if item.end_date:
            etree.SubElement(activity, "activity-date", type=DATE_END, **{"iso-date": item.end_date.isoformat()})
        etree.SubElement(activity, "recipient-country", code="VN")
        sectors = list(item.sectors.all())
        for i, sector in enumerate(sectors):
            share = Decimal(100) / len(sectors)
            percentage = (
                (100 - share.quantize(Decimal("0.01")) * (len(sectors) - 1)) if i == len(sectors) - 1 else share
            )
            etree.SubElement(activity, "sector", vocabulary="1", code=sector.code, percentage=f"{percentage:.2f}")
        for tx in item.transactions.all():
            element = etree.SubElement(activity, "transaction")
            etree.SubElement(element, "transaction-type", code=TRANSACTION_TO_IATI[tx.kind])
            etree.SubElement(element, "transaction-date", **{"iso-date": tx.date.isoformat()})
            value = etree.SubElement(element, "value", currency=tx.currency, **{"value-date": tx.date.isoformat()})
            value.text = f"{tx.amount:f}"
        decision = {
            "number": item.decision_number,
            "date": item.decision_date.isoformat() if item.decision_date else "",
            "body": item.approving_body,
        }
        if any(decision.values()):
            etree.SubElement(activity, DECISION, {k: printable(v) for k, v in decision.items() if v})
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = validate(content)
    if errors:
        raise ValidationError(errors)
    return content


@dataclass
class IatiImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _named(where: str, exc: ValidationError, model) -> list[str]:
    """``exc``'s messages, each after the activity and the field it is about."""
    out = []
    for name, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
        field = str(model._meta.get_field(name).verbose_name) if name and name != "__all__" else ""
        out.extend(f"{where}: {field}: {m}" if field else f"{where}: {m}" for m in messages)
    return out


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValidationError(_("%(where)s: %(value)s is not a date.") % {"where": where, "value": value}) from exc


def _match(*, unit, ident: str) -> tuple[AidItem | None, bool]:
    """The unit's item an activity updates, and whether it is one the unit itself exported (its
    identifier made by ``identifier()`` from the unit and the item's reference or number)."""
    item = AidItem.objects.filter(unit=unit, iati_identifier=ident).first()
    if item is not None:
        return item, False
    prefix = f"{REPORTING_ORG_REF}-{unit.pk}-"
    if not ident.startswith(prefix):
        return None, False
    rest = ident.removeprefix(prefix)
    own = Q(reference=rest) | (Q(reference="", pk=int(rest)) if rest.isdigit() else Q(pk__in=[]))
    return AidItem.objects.filter(own, unit=unit, iati_identifier="").first(), True


def activities_import(*, actor, unit, content: bytes) -> IatiImportResult:
    """Create or update items (matched on the IATI identifier) from a schema-valid activities file.

    Funding organisations must already be in the partners registry; an unknown one, an unknown
    sector code or currency stops the whole import with the activity and element named.
    """
    guard_upload(content, "IATI")
    errors = validate(content)
    if errors:
        raise ValidationError(errors)
    root = _parse(content)
    sectors = {s.code: s for s in Sector.objects.all()}
    orgs: dict[str, Organisation] = {}
    for org in Organisation.objects.restrict(actor, "view"):
        for name in {org.name, org.name_original} - {""}:
            orgs[fold(name)] = org
    currencies = set(codelist("Currency"))
    result = IatiImportResult()
    problems = []
    with change_context(actor=actor, source=Source.IMPORT, message="IATI"), transaction.atomic():
        for activity in root.iter("iati-activity"):
            ident = _text(activity, "iati-identifier")
            where = _("Activity %(id)s") % {"id": ident}
            default_currency = activity.get("default-currency", "")
            status_code = activity.find("activity-status").get("code")
            status = IATI_TO_STATUS.get(status_code, AidStatus.PROPOSED)
            dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
            titles = activity.findall("title/narrative")
            title_vi = next((t.text for t in titles if t.get(XML_LANG) in (None, "vi")), titles[0].text) or ident
            title_original = next((t.text for t in titles if t.get(XML_LANG) not in (None, "vi")), "") or ""
            roles = {ROLE_FUNDING: [], ROLE_ACCOUNTABLE: [], ROLE_IMPLEMENTING: []}
            for org_el in activity.findall("participating-org"):
                roles.setdefault(org_el.get("role"), []).append(_text(org_el, "narrative"))
            donors = []
            for name in roles[ROLE_FUNDING]:
                if fold(name) not in orgs:
                    problems.append(
                        _("%(where)s: funding organisation %(name)s is not in the registry.")
                        % {"where": where, "name": name}
                    )
                else:
                    donors.append(orgs[fold(name)])
            item_sectors = []
            for s in activity.findall("sector"):
                if s.get("vocabulary", "1") != "1":
                    continue
                if s.get("code") not in sectors:
                    problems.append(_("%(where)s: unknown sector %(code)s.") % {"where": where, "code": s.get("code")})
                else:
                    item_sectors.append(sectors[s.get("code")])
            transactions = []
            for tx in activity.findall("transaction"):
                kind = IATI_TO_TRANSACTION.get(tx.find("transaction-type").get("code"))
                if kind is None:
                    continue
                value = tx.find("value")
                currency = value.get("currency") or default_currency
                if currency not in currencies:
                    problems.append(_("%(where)s: unknown currency %(code)s.") % {"where": where, "code": currency})
                    continue
                try:
                    amount = Decimal((value.text or "").strip())
                except InvalidOperation:
                    problems.append(_("%(where)s: %(value)s is not an amount.") % {"where": where, "value": value.text})
                    continue
                day = _date(tx.find("transaction-date").get("iso-date"), where)
                transactions.append((kind, amount, currency, day))
            if problems:
                continue
            start = _date(dates.get("2") or dates.get("1") or "", where)
            end = _date(dates.get("4") or dates.get("3") or "", where)
            item, own = _match(unit=unit, ident=ident)
            created = item is None
            item = item or AidItem(unit=unit, iati_identifier=ident, reference=ident[-60:])
            if not created and STATUS_TO_IATI[item.status] == status_code:
                status = item.status  # IATI's "pipeline" is our proposed, appraisal and approved: keep ours
            if own and item.start_date is None and start in (item.decision_date, item.created.date()):
                start = None  # the schema requires a start: an export without one gives the decision's date
            description = _text(activity, "description/narrative")
            decision = activity.find(DECISION)
            decided = {}
            if decision is not None:
                decided = {
                    "decision_number": decision.get("number", "")[:60],
                    "decision_date": _date(decision.get("date", ""), where),
                    "approving_body": decision.get("body", "")[:255],
                }
            values = {
                **decided,
                "title_vi": title_vi[:400],
                "title_original": title_original[:400],
                "start_date": start,
                "end_date": end,
                "receiving_body": (roles[ROLE_ACCOUNTABLE] or [""])[0][:255],
                "implementing_body": (roles[ROLE_IMPLEMENTING] or [""])[0][:255],
                # the schema requires a description; an export without one repeats the title there
                "description": "" if description == title_vi else description,
            }
            changed = created or any(getattr(item, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(item, k, v)
            try:
                item.full_clean()
            except ValidationError as exc:
                problems.extend(_named(where, exc, AidItem))
                continue
            if changed:
                item.save()
            if set(item.sectors.values_list("pk", flat=True)) != {s.pk for s in item_sectors}:
                item.sectors.set(item_sectors)
                changed = True
            links = {link.organisation_id: link for link in item.donor_links.all()}
            for org in donors:
                if org.pk not in links:
                    AidDonor.objects.create(item=item, organisation=org)
                    changed = True
            for org_pk in set(links) - {org.pk for org in donors}:
                links[org_pk].delete()
                changed = True
            # an activity this unit exported holds all its money; one from elsewhere, what came from IATI
            replaced = item.transactions.all() if own else item.transactions.filter(import_key__startswith="iati:")
            current = sorted((t.kind, t.amount, t.currency, t.date) for t in replaced)
            money_changed = current != sorted(transactions)
            if money_changed:
                changed = True
                replaced.delete()
                for i, (kind, amount, currency, day) in enumerate(transactions):
                    tx = AidTransaction(
                        item=item, kind=kind, amount=amount, currency=currency, date=day, import_key=f"iati:{ident}:{i}"
                    )
                    try:
                        tx.full_clean()
                    except ValidationError as exc:
                        problems.extend(
                            _named(
                                _("%(where)s, transaction %(n)s") % {"where": where, "n": i + 1}, exc, AidTransaction
                            )
                        )
                        continue
                    tx.save()
            changed = changed or item.status != status
            try:  # the status by the workflow's moves, as the screens make them, once donors and places are in
                aid_status_import(actor=actor, item=item, to_status=status)
            except ValidationError as exc:
                problems.extend(_named(where, exc, AidItem))
                continue
            if money_changed:
                aid_disbursements_check(item=item)
            result.created += created
            result.updated += changed and not created
            result.unchanged += not changed
        if problems:
            raise ValidationError(problems)
    return result
