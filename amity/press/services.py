"""Writes of the press module: articles, reading them, and deciding on the facts read."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.activities.services import activity_create
from amity.aid.choices import TransactionKind
from amity.aid.services import aid_item_create, aid_transaction_create
from amity.audit.services import event_record
from amity.awards.models import registry_origin
from amity.awards.services import award_create
from amity.core.dates import PartialDate
from amity.core.services import model_create, model_update
from amity.core.text import fold
from amity.plans.models import Plan
from amity.registry.services import organisation_create, person_create
from amity.union.services import congress_create, stated_figure_create

from . import reader
from .choices import FactStatus, Target
from .intake import from_paste
from .matching import gazetteer_for
from .models import Article, Fact


def _prepare(data: dict) -> dict:
    """The text as stored: HTML cleaned of scripts, event attributes and page furniture (the form
    does it already; the API and imports come here), control characters out, within the limit."""
    data = dict(data)
    if "text" in data:
        data["text"] = from_paste(data["text"]).text
        if not data.get("language"):
            data["language"] = reader.detect_language(data["text"])
    return data


def search_text_of(article: Article) -> str:
    """Title, outlet, author, tags and text folded (no diacritics, đ as d) beside the text as
    written, so that a Vietnamese query without marks and a Chinese or Russian word both match."""
    raw = " ".join([article.title, article.outlet, article.author, article.tags, article.text])
    return f"{fold(raw)}\n{raw.lower()}"


@transaction.atomic
def article_create(*, actor, data: dict) -> Article:
    """Store an article and read its facts as proposals."""
    article = model_create(model=Article, data=_prepare(data), actor=actor)
    Article.objects.filter(pk=article.pk).update(search_text=search_text_of(article))
    article_read(actor=actor, article=article)
    return article


@transaction.atomic
def article_update(*, actor, instance: Article, data: dict, expected_version: int | None = None) -> Article:
    """Save an edit; a changed text or language is read again (decided facts are kept)."""
    before = (instance.text, instance.language, instance.published_on)
    article = model_update(instance=instance, data=_prepare(data), actor=actor, expected_version=expected_version)
    Article.objects.filter(pk=article.pk).update(search_text=search_text_of(article))
    if (article.text, article.language, article.published_on) != before:
        article_read(actor=actor, article=article)
    return article


@transaction.atomic
def article_read(*, actor, article: Article) -> dict:
    """Read the article and bring its proposals up to date.

    A fact already accepted or rejected is never proposed again: it is recognised by its
    fingerprint and only its span is moved if the text around it changed. Proposals no longer
    read (the text was edited) are dropped. Returns the numbers of new, kept and dropped facts.
    """
    reading = reader.read(
        article.text, language=article.language, published=article.published_on, gazetteer=gazetteer_for(user=actor)
    )
    existing = {fact.fingerprint: fact for fact in article.facts.all()}
    seen = set()
    new = []
    for found in reading.facts:
        fingerprint = Fact.fingerprint_of(found.kind, found.text, found.value)
        if fingerprint in seen:  # the same words with the same value twice: keep both spans apart
            fingerprint = Fact.fingerprint_of(found.kind, found.text, {**found.value, "_at": found.start})
        seen.add(fingerprint)
        fact = existing.get(fingerprint)
        if fact is None:
            new.append(
                Fact(
                    article=article,
                    kind=found.kind,
                    start=found.start,
                    end=found.end,
                    text=found.text[:500],
                    value=found.value,
                    fingerprint=fingerprint,
                )
            )
        elif (fact.start, fact.end) != (found.start, found.end):
            fact.start, fact.end = found.start, found.end
            fact.save(update_fields=["start", "end", "version", "updated"])
    for fact in new:
        fact.save()
    stale = [f for fp, f in existing.items() if fp not in seen and f.status == FactStatus.PROPOSED]
    for fact in stale:
        fact.hard_delete()
    event_record(instance=article, event="press.read", data={"new": len(new), "dropped": len(stale)})
    return {"new": len(new), "kept": len(existing) - len(stale), "dropped": len(stale)}


@transaction.atomic
def fact_reject(*, actor, fact: Fact) -> Fact:
    """Reject a proposal: it stays on the article as rejected and is not proposed again."""
    _undecided_check(fact)
    fact.status = FactStatus.REJECTED
    fact.decided_by, fact.decided_at = actor, timezone.now()
    fact.save()
    return fact


def _undecided_check(fact: Fact) -> None:
    if fact.status != FactStatus.PROPOSED:
        raise ValidationError(_("This fact was already %(status)s.") % {"status": fact.get_status_display()})


@transaction.atomic
def fact_accept(
    *, actor, fact: Fact, target: str, record=None, corrected: dict | None = None, data: dict | None = None
) -> Fact:
    """Accept a fact (as corrected, if ``corrected``) into ``record`` (an existing one) or into a
    new record of ``target`` made from ``data`` by that module's own service; the article is
    linked to the record as its source and the fact keeps its span."""
    _undecided_check(fact)
    if corrected is not None:
        fact.corrected = _corrected_check(fact.kind, corrected)
    if record is None and target != Target.NOTE:
        record = _create_record(actor=actor, fact=fact, target=target, data=data or {})
    if record is not None:
        _link(article=fact.article, target=target, record=record)
        fact.record_model = record._meta.label_lower
        fact.record_id = record.pk
    fact.target = target
    fact.status = FactStatus.ACCEPTED
    fact.decided_by, fact.decided_at = actor, timezone.now()
    fact.full_clean()
    fact.save()
    event_record(
        instance=fact.article,
        event="press.fact_accepted",
        data={"fact": fact.pk, "kind": fact.kind, "target": target, "record": fact.record_id},
    )
    return fact


def _corrected_check(kind: str, value: dict) -> dict:
    """A corrected value keeps the reader's shape: money has a decimal amount and a currency,
    a date a valid day, and so on."""
    value = dict(value)
    try:
        if kind == "money":
            value["amount"] = str(Decimal(str(value["amount"]).replace(" ", "")))
            if len(str(value.get("currency", ""))) != 3:
                raise ValidationError({"corrected": _("Give the currency as a three-letter code (VND, USD, …).")})
            value["currency"] = value["currency"].upper()
        elif kind == "count":
            value["value"] = int(value["value"])
        elif kind == "date":
            year, month, day = (int(value[k]) if value.get(k) else None for k in ("year", "month", "day"))
            corrected = PartialDate(year, month, day)  # type: ignore[arg-type]  # None year: TypeError below
            value.update(year=year, month=month, day=day, inferred=False, precision=str(corrected.precision))
        elif kind == "period":
            value["start_year"], value["end_year"] = int(value["start_year"]), int(value["end_year"])
    except (KeyError, ValueError, TypeError, InvalidOperation) as exc:
        raise ValidationError({"corrected": _("The corrected value is not valid: %(error)s") % {"error": exc}}) from exc
    return value


def fact_partial_date(fact: Fact) -> PartialDate | None:
    """A date fact as the partial date it is (a day, a month or a year; the year inferred or not)."""
    value = fact.current_value
    if fact.kind != "date" or not value.get("year"):
        return None
    return PartialDate(value["year"], value.get("month"), value.get("day"), inferred=bool(value.get("inferred")))


def _create_record(*, actor, fact: Fact, target: str, data: dict):
    """A new record of ``target`` from the fact and the fields the user filled in ``data``,
    through the owning module's service (its validation and audit apply)."""
    article = fact.article
    value = fact.current_value
    base = {"unit": data.pop("unit", None) or article.unit}
    if target == Target.ACTIVITY:
        when = fact_partial_date(fact)
        if "start_date" in data or when is None:
            start = data.pop("start_date", None) or article.published_on
            dates = {"start_date": start} if start else {}
        else:
            dates = when.fields("start_date")  # a month or a year stays one, the inferred year says so
        return activity_create(
            actor=actor, data={"type": "other", "title": article.title[:300], **dates, **base, **data}
        )
    if target == Target.PARTNER:
        name = value.get("name") or fact.text
        return organisation_create(
            actor=actor,
            data={
                "kind": value.get("kind") or "other",
                "name": name,
                "name_original": fact.text if fact.text != name else "",
                **base,
                **data,
            },
        )
    if target == Target.PERSON:
        return person_create(
            actor=actor,
            data={
                "full_name": value.get("name") or fact.text,
                "position": (value.get("role") or "")[:255],
                "kind": "other",
                **base,
                **data,
            },
        )
    if target == Target.STATED_FIGURE:
        return _stated_figure_create(actor=actor, fact=fact, base=base, data=data)
    if target == Target.CONGRESS:
        return _congress_create(actor=actor, fact=fact, base=base, data=data)
    if target == Target.AID_ITEM:
        return _aid_item_create(actor=actor, fact=fact, base=base, data=data)
    if target == Target.PLAN:
        return _plan_create(actor=actor, fact=fact, base=base, data=data)
    if target == Target.AWARD:
        return _award_create(actor=actor, fact=fact, data=data)
    raise ValidationError(
        {
            "target": _("A new %(target)s cannot be made from here; choose an existing record.")
            % {"target": Target(target).label}
        }
    )


def _source(article: Article) -> dict:
    """The article as the source of a union record (``union.models.Sourced``)."""
    return {
        "source_kind": "article",
        "source_title": article.title[:500],
        "source_url": article.url[:500],
        "source_date": article.published_on,
    }


def _nearest(fact: Fact, kind: str) -> Fact | None:
    """The fact of ``kind`` closest before this one in the article (the period a figure is for)."""
    return (
        Fact.objects.filter(article=fact.article, kind=kind, start__lt=fact.start)
        .exclude(status=FactStatus.REJECTED)
        .order_by("-start")
        .first()
    )


def _stated_figure_create(*, actor, fact: Fact, base: dict, data: dict):
    """A money or count fact as a stated figure of ``data["metric"]``, for the period read nearest
    before it ("2018年-2023年期间 … 950万美元"), else as of the article's date."""
    value = fact.current_value
    if fact.kind not in ("money", "count"):
        raise ValidationError({"target": _("Only money and counts become stated figures.")})
    qualifier = value.get("qualifier") or "exact"
    if qualifier not in ("exact", "about", "nearly", "more_than", "at_least"):
        raise ValidationError(
            {
                "corrected": _("A stated figure cannot say “%(qualifier)s”; correct the qualifier.")
                % {"qualifier": qualifier}
            }
        )
    amount = value["amount"] if fact.kind == "money" else value["value"]
    when: dict = {}
    period = _nearest(fact, "period")
    if not any(k in data for k in ("period_start", "as_of")):
        if period is not None:
            years = period.current_value
            when = PartialDate(years["start_year"]).fields("period_start") | PartialDate(years["end_year"]).fields(
                "period_end"
            )
        elif fact.article.published_on:
            when = {"as_of": fact.article.published_on}
    figure = {
        "value": Decimal(str(amount)),
        "currency": value.get("currency", "") if fact.kind == "money" else "",
        "qualifier": qualifier,
        **when,
        **_source(fact.article),
    }
    return stated_figure_create(actor=actor, data={**figure, **base, **data})


def _congress_create(*, actor, fact: Fact, base: dict, data: dict):
    """A congress (or a term read beside one) with its term's years, held on the date read nearest
    before it, else on the article's date."""
    value = fact.current_value
    start, end = value.get("start_year"), value.get("end_year")
    if not (start and end):
        raise ValidationError({"corrected": _("Give the term's first and last year (start_year, end_year).")})
    held = _nearest(fact, "date")
    held_date = fact_partial_date(held) if held is not None else None
    congress = {
        "ordinal": value.get("ordinal"),
        "held_on": held_date.start if held_date else fact.article.published_on,
        "term_start": datetime.date(int(start), 1, 1),
        "term_end": datetime.date(int(end), 12, 31),
        **_source(fact.article),
    }
    return congress_create(actor=actor, data={**congress, **base, **data})


def fact_record_initial(fact: Fact, target: str) -> dict:
    """What a new record of ``target`` takes from the fact and its article, for the form that asks
    the rest: the aid item's title and commitment date, the plan's number, issue date and title,
    the award's citation. The same values ``_create_record`` falls back on."""
    article = fact.article
    beside = (
        Fact.objects.filter(article=article, kind="date", start__gte=fact.end, start__lte=fact.end + 20)
        .exclude(status=FactStatus.REJECTED)
        .order_by("start")
        .first()
    )  # "Kế hoạch số 210-KH/TU ngày 15-3-2023": a document's date follows its number
    held = beside if fact.kind == "document" and beside is not None else _nearest(fact, "date")
    day = fact_partial_date(held) if held is not None else None
    when = day.start if day is not None else article.published_on
    if target == Target.AID_ITEM:
        return {"unit": article.unit_id, "title_vi": article.title[:400], "committed_on": when}
    if target == Target.PLAN:
        number = fact.current_value.get("number") or fact.text
        return {"unit": article.unit_id, "number": number[:60], "issued_on": when, "title": article.title[:500]}
    if target == Target.AWARD:
        return {"citation": _sentence_of(fact)}
    return {}


def _sentence_of(fact: Fact) -> str:
    """The sentence of the article the fact was read in."""
    text = fact.article.text
    start = max(text.rfind(s, 0, fact.start) for s in (". ", "。", "\n")) + 1
    ends = [i for i in (text.find(s, fact.end) for s in (". ", "。", "\n")) if i != -1]
    return text[start : (min(ends) + 1) if ends else len(text)].strip()


def _aid_item_create(*, actor, fact: Fact, base: dict, data: dict):
    """A money fact as a new aid item with the amount as its commitment (on ``committed_on``,
    else the date read nearest before it, else the article's date), through the aid services."""
    if fact.kind != "money":
        raise ValidationError({"target": _("Only money becomes an aid item's commitment.")})
    value = fact.current_value
    initial = fact_record_initial(fact, Target.AID_ITEM)
    committed_on = data.pop("committed_on", None) or initial["committed_on"]
    if committed_on is None:
        raise ValidationError({"committed_on": _("Give the date of the commitment.")})
    item = aid_item_create(actor=actor, data={"title_vi": initial["title_vi"], **base, **data})
    aid_transaction_create(
        actor=actor,
        data={
            "item": item,
            "kind": TransactionKind.COMMITMENT,
            "date": committed_on,
            "amount": Decimal(str(value["amount"])),
            "currency": value["currency"],
            "description": (_("As read in: %(title)s") % {"title": fact.article.title})[:255],
        },
    )
    return item


def _plan_create(*, actor, fact: Fact, base: dict, data: dict):
    """A document number as a new plan (the directive or parent plan it implements is asked)."""
    if fact.kind != "document":
        raise ValidationError({"target": _("Only a document number becomes a plan.")})
    initial = fact_record_initial(fact, Target.PLAN)
    plan = {k: initial[k] for k in ("number", "issued_on", "title")}
    return model_create(model=Plan, data={**plan, **base, **data}, actor=actor)


def _award_create(*, actor, fact: Fact, data: dict):
    """An award read in the text as a new recipient of a decision (the decision and the recipient
    are asked), cited with the sentence it was read in."""
    if fact.kind != "award":
        raise ValidationError({"target": _("Only an award read in the text becomes an award.")})
    data = {"citation": fact_record_initial(fact, Target.AWARD)["citation"], **data}
    if not data.get("origin"):
        data["origin"] = registry_origin(person=data.get("person"), organisation=data.get("organisation"))
    return award_create(actor=actor, data=data)


_LINKS: dict[str, str] = {
    Target.ACTIVITY: "activities",
    Target.PARTNER: "partners",
    Target.AID_ITEM: "aid_items",
    Target.AWARD: "awards",
    Target.PLAN: "plans",
}


def _link(*, article: Article, target: str, record) -> None:
    field = _LINKS.get(target)
    if field is not None:
        getattr(article, field).add(record)
