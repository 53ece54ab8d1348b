"""Demo congresses, elected bodies and stated figures, entered as the seed articles give them.

Dates are as precise as the articles: a congress known only by its term's years is dated to the
year; figures said to hold "now" are dated to the article's day. The records of the other modules
give the computed figures shown beside these; nothing here is added to them.
"""

from datetime import date
from decimal import Decimal

from amity.core.dates import Precision
from amity.core.demo import DemoContext, upsert
from amity.registry.models import Person

from .choices import BodyKind, Position, Qualifier, SourceKind
from .models import Congress, ElectedBody, ElectedRole, Metric, StatedFigure

ORDER = 85  # after the records the figures are compared with, before the reports that print them

HAI_PHONG_ARTICLE = {
    "source_kind": SourceKind.ARTICLE,
    "source_title": "海防市友好组织联合会:民间外交工作取得许多积极成果",
    "source_date": date(2024, 5, 27),
}
PHU_THO_ARTICLE = {
    "source_kind": SourceKind.ARTICLE,
    "source_title": "富寿省着力加强民间外交和形象推广工作 (越通社)",
}
BAC_GIANG_ARTICLE = {
    "source_kind": SourceKind.ARTICLE,
    "source_title": "北江省:提高新形势下民间外交工作的效果",
    "source_date": date(2022, 11, 19),
}
TERM_2018_2023 = {"term_start": date(2018, 1, 1), "term_end": date(2023, 12, 31)}


def _congress(ctx, unit_key: str, ordinal: int, source: dict, **values) -> Congress:
    return upsert(
        Congress,
        lookup={"unit": ctx.units[unit_key], "ordinal": ordinal},
        values={
            "held_on": date(2018, 1, 1),
            "held_on_precision": Precision.YEAR,
            **TERM_2018_2023,
            **source,
            **values,
        },
    )


def _chair(congress: Congress, kind: str, size: int | None, person_name: str, notes: str = "") -> ElectedBody:
    body = upsert(ElectedBody, lookup={"congress": congress, "kind": kind}, values={"size": size, "notes": notes})
    person = Person.objects.get(unit=congress.unit, full_name=person_name)
    upsert(
        ElectedRole,
        lookup={"body": body, "person": person},
        values={"position": Position.CHAIR, "start": congress.term_start},
    )
    return body


def _figure(ctx, unit_key: str, code: str, value: str, source: dict, *, lookup_extra: dict, **values) -> StatedFigure:
    return upsert(
        StatedFigure,
        lookup={"unit": ctx.units[unit_key], "metric": Metric.objects.get(code=code), **lookup_extra},
        values={"value": Decimal(value), **source, **values},
    )


def load(ctx: DemoContext) -> None:
    # Hải Phòng: the 5th congress opened the 2018–2023 term; chairman Đỗ Văn Bình; 52 projects and
    # non-project items worth USD 9.5 million approved in the term.
    hp = _congress(ctx, "hai_phong", 5, HAI_PHONG_ARTICLE, notes="第五次代表大会 (Đại hội lần thứ V).")
    _chair(hp, BodyKind.EXECUTIVE, None, "Đỗ Văn Bình")
    term = {"lookup_extra": {"congress": hp}, "period_start": hp.term_start, "period_end": hp.term_end}
    _figure(ctx, "hai_phong", "aid_items", "52", HAI_PHONG_ARTICLE, **term)
    _figure(ctx, "hai_phong", "aid_mobilised", "9500000", HAI_PHONG_ARTICLE, currency="USD", **term)

    # Phú Thọ: the 2nd congress (term 2018–2023) elected a 23-member standing committee and
    # Đỗ Ngọc Dũng chair; 68 foreign NGOs fund 146 projects worth USD 14.5 million, stated there.
    pt = _congress(ctx, "phu_tho", 2, PHU_THO_ARTICLE, notes="第二次代表大会 (Đại hội lần thứ II).")
    _chair(pt, BodyKind.STANDING, 23, "Đỗ Ngọc Dũng", notes="常委会23名委员 (the article's words).")
    at_congress = {
        "lookup_extra": {"as_of": date(2018, 1, 1)},
        "as_of_precision": Precision.YEAR,
        "notes": "目前 (“at present”, at the 2nd congress).",
    }
    _figure(ctx, "phu_tho", "donors", "68", PHU_THO_ARTICLE, **at_congress)
    _figure(ctx, "phu_tho", "aid_projects", "146", PHU_THO_ARTICLE, **at_congress)
    _figure(ctx, "phu_tho", "aid_mobilised", "14500000", PHU_THO_ARTICLE, currency="USD", **at_congress)
    _figure(ctx, "phu_tho", "associations", "7", PHU_THO_ARTICLE, **{**at_congress, "notes": "七个成员协会和分会."})

    # Bắc Giang, "at present" in the article of 19/11/2022.
    now = {"lookup_extra": {"as_of": date(2022, 11, 19)}}
    _figure(ctx, "bac_giang", "associations", "9", BAC_GIANG_ARTICLE, notes="9个成员双边友好协会.", **now)
    _figure(ctx, "bac_giang", "branches", "85", BAC_GIANG_ARTICLE, notes="85 个县级和乡社级的成员协会和支会.", **now)
    _figure(ctx, "bac_giang", "districts", "10", BAC_GIANG_ARTICLE, notes="分布在10个县市.", **now)
    _figure(ctx, "bac_giang", "members", "6000", BAC_GIANG_ARTICLE, qualifier=Qualifier.NEARLY, **now)
    _figure(ctx, "bac_giang", "compatriots", "4000", BAC_GIANG_ARTICLE, qualifier=Qualifier.NEARLY, **now)
    _figure(ctx, "bac_giang", "compatriot_countries", "42", BAC_GIANG_ARTICLE, notes="42个国家和地区.", **now)
    _figure(
        ctx,
        "bac_giang",
        "remittances",
        "595750000",
        BAC_GIANG_ARTICLE,
        currency="USD",
        lookup_extra={"period_start": date(2016, 1, 1)},
        period_start_precision=Precision.YEAR,
        period_end=date(2021, 1, 1),
        period_end_precision=Precision.YEAR,
        notes="2016-2021年期间 … 5.9575亿美元.",
    )
