"""Demo partners from the seed articles: the unions' bilateral associations, people, foreign partners.

Names, roles and figures come from the five seed articles; records marked "illustrative" in
their notes (certificate numbers, some dates) are invented to make the demo complete.
"""

from datetime import date

from amity.core.demo import DemoContext, upsert
from amity.core.roles import UnitKind
from amity.geo.models import Country
from amity.geo.services import current_province_by_name
from amity.units.models import Unit

from .choices import AgreementKind, AgreementStatus, NGORegistrationKind, OrganisationKind, PersonKind, RelationKind
from .models import Agreement, NGORegistration, Organisation, OrganisationMembership, OrganisationRelation, Person

ORDER = 20
ILLUSTRATIVE = "Illustrative demo record (not from the seed articles)."

#: Bắc Giang's 9 bilateral friendship associations (seed: "9 hội hữu nghị song phương").
BAC_GIANG_ASSOCIATIONS = [
    ("RU", "Nga"),
    ("DE", "Đức"),
    ("CN", "Trung Quốc"),
    ("LA", "Lào"),
    ("KH", "Campuchia"),
    ("CZ", "Séc – Slovakia"),
    ("KR", "Hàn Quốc"),
    ("IT", "Italia"),
    ("JP", "Nhật Bản"),
]
HAI_PHONG_ASSOCIATIONS = [("LA", "Lào"), ("NL", "Hà Lan"), ("KR", "Hàn Quốc")]
HA_TINH_LAO_PARTNERS = [
    ("Tỉnh Bolikhamxay", "ແຂວງບໍລິຄຳໄຊ"),
    ("Tỉnh Khammouane", "ແຂວງຄຳມ່ວນ"),
    ("Tỉnh Savannakhet", "ແຂວງສະຫວັນນະເຂດ"),
    ("Thủ đô Viêng Chăn", "ນະຄອນຫຼວງວຽງຈັນ"),
]


def _country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


def _association(ctx, union_key: str, code: str, country_vi: str, place: str):
    union = ctx.units[union_key]
    name = f"Hội hữu nghị Việt Nam – {country_vi} {place}"
    unit = upsert(
        Unit,
        lookup={"name": name},
        values={"kind": UnitKind.ASSOCIATION, "parent": union, "partner_country": _country(code)},
    )
    org = upsert(
        Organisation,
        lookup={"name": name},
        values={
            "unit": unit,
            "kind": OrganisationKind.FRIENDSHIP_ASSOCIATION,
            "country": _country("VN"),
            "partner_country": _country(code),
            "province": union.province,
        },
    )
    return unit, org


def _person(ctx, unit_key: str, full_name: str, **values):
    return upsert(Person, lookup={"full_name": full_name, "unit": ctx.units[unit_key]}, values=values)


def _member(person, org, role):
    upsert(OrganisationMembership, lookup={"person": person, "organisation": org}, values={"role": role})


def load(ctx: DemoContext) -> None:
    vn = _country("VN")
    # VUFO and the Vietnam–Japan Friendship Association (seed: 50th anniversary ceremony, 21 Sep 2023).
    vufo_org = upsert(
        Organisation,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị Việt Nam"},
        values={"unit": ctx.units["vufo"], "kind": OrganisationKind.OTHER, "country": vn, "short_name": "VUFO"},
    )
    vn_japan = upsert(
        Organisation,
        lookup={"name": "Hội hữu nghị Việt Nam – Nhật Bản"},
        values={
            "unit": ctx.units["vufo"],
            "kind": OrganisationKind.FRIENDSHIP_ASSOCIATION,
            "country": vn,
            "partner_country": _country("JP"),
        },
    )
    _member(
        _person(
            ctx,
            "vufo",
            "Phan Anh Sơn",
            kind=PersonKind.CADRE,
            position="Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam",
            country=vn,
        ),
        vufo_org,
        "Chủ tịch",
    )
    us_embassy = upsert(
        Organisation,
        lookup={"name": "Đại sứ quán Hoa Kỳ tại Việt Nam"},
        values={
            "unit": ctx.units["vufo"],
            "kind": OrganisationKind.EMBASSY,
            "name_original": "Embassy of the United States of America",
            "country": _country("US"),
            "city": "Hà Nội",
        },
    )
    _member(
        _person(
            ctx,
            "vufo",
            "Marc Knapper",
            name_original="Marc Knapper",
            kind=PersonKind.FOREIGN_FRIEND,
            position="Đại sứ Hoa Kỳ tại Việt Nam",
            country=_country("US"),
        ),
        us_embassy,
        "Đại sứ",
    )
    # China's side of the friendship (seed: "越南友好组织联合会与中国人民对外友好协会加强民间外交的合作"):
    # a friendship association registered abroad, VUFO's partner, never one of its member associations.
    cpaffc = upsert(
        Organisation,
        lookup={"name": "Hội Hữu nghị Đối ngoại Nhân dân Trung Quốc"},
        values={
            "unit": ctx.units["vufo"],
            "kind": OrganisationKind.FRIENDSHIP_ASSOCIATION,
            "name_original": "中国人民对外友好协会",
            "country": _country("CN"),
        },
    )
    upsert(
        OrganisationRelation, lookup={"source": vufo_org, "target": cpaffc}, values={"kind": RelationKind.PARTNERSHIP}
    )
    ctx.records.update(vufo_org=vufo_org, vn_japan=vn_japan, us_embassy=us_embassy)

    # Bắc Giang (merged into Bắc Ninh on 1 Jul 2025): 9 associations, ~6,000 members, 85 branches.
    bg_union = upsert(
        Organisation,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang"},
        values={
            "unit": ctx.units["bac_giang"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["bac_giang"].province,
            "member_count": 6000,
            "notes": "9 hội hữu nghị song phương; 85 hội và chi hội cấp huyện, xã; khoảng 6.000 hội viên ở 10 huyện, thành phố.",
        },
    )
    trong = _person(
        ctx,
        "bac_giang",
        "Nguyễn Đức Trọng",
        kind=PersonKind.CADRE,
        country=vn,
        position="Phó Chủ tịch Thường trực kiêm Tổng Thư ký Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
    )
    _member(trong, bg_union, "Phó Chủ tịch Thường trực, Tổng Thư ký")
    for code, country_vi in BAC_GIANG_ASSOCIATIONS:
        unit, org = _association(ctx, "bac_giang", code, country_vi, "tỉnh Bắc Giang")
        ctx.units[f"bg_{code.lower()}"] = unit
        upsert(
            OrganisationRelation, lookup={"source": org, "target": bg_union}, values={"kind": RelationKind.MEMBERSHIP}
        )
    upsert(
        Organisation,
        lookup={"name": "Hội đồng hương Bắc Giang tại Cộng hòa Séc"},
        values={
            "unit": ctx.units["bac_giang"],
            "kind": OrganisationKind.OTHER,
            "country": _country("CZ"),
            "name_original": "Spolek krajanů Bac Giang v ČR",
            "notes": "Hội đồng hương ở nước ngoài; name_original is illustrative.",
        },
    )

    # Hải Phòng: chair Đỗ Văn Bình; Vietnam–Laos, –Netherlands, –Korea associations; Donghae (Korea).
    hp_union = upsert(
        Organisation,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng"},
        values={
            "unit": ctx.units["hai_phong"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["hai_phong"].province,
        },
    )
    _member(
        _person(
            ctx,
            "hai_phong",
            "Đỗ Văn Bình",
            kind=PersonKind.CADRE,
            country=vn,
            position="Chủ tịch Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng",
        ),
        hp_union,
        "Chủ tịch",
    )
    for code, country_vi in HAI_PHONG_ASSOCIATIONS:
        unit, org = _association(ctx, "hai_phong", code, country_vi, "thành phố Hải Phòng")
        ctx.units[f"hp_{code.lower()}"] = unit
        upsert(
            OrganisationRelation, lookup={"source": org, "target": hp_union}, values={"kind": RelationKind.MEMBERSHIP}
        )
    upsert(
        Organisation,
        lookup={"name": "Ủy ban Hòa bình thành phố Hải Phòng"},
        values={
            "unit": ctx.units["hai_phong"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["hai_phong"].province,
        },
    )
    donghae = upsert(
        Organisation,
        lookup={"name": "Thành phố Donghae"},
        values={
            "unit": ctx.units["hai_phong"],
            "kind": OrganisationKind.FOREIGN_LOCALITY,
            "name_original": "동해시",
            "country": _country("KR"),
        },
    )
    hong_bang = upsert(
        Organisation,
        lookup={"name": "Quận Hồng Bàng"},
        values={
            "unit": ctx.units["hai_phong"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["hai_phong"].province,
        },
    )
    upsert(
        OrganisationRelation,
        lookup={"source": hong_bang, "target": donghae},
        values={"kind": RelationKind.TWINNING, "notes": "Kết nghĩa qua Hội hữu nghị Việt Nam – Hàn Quốc thành phố."},
    )

    # Phú Thọ: chair Đỗ Ngọc Dũng, 23-member standing committee, 7 member associations and branches.
    pt_union = upsert(
        Organisation,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị tỉnh Phú Thọ"},
        values={
            "unit": ctx.units["phu_tho"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["phu_tho"].province,
            "notes": "Đại hội lần thứ II, nhiệm kỳ 2018–2023; Ban Chấp hành 23 ủy viên; 7 hội thành viên và chi hội.",
        },
    )
    _member(
        _person(
            ctx,
            "phu_tho",
            "Đỗ Ngọc Dũng",
            kind=PersonKind.CADRE,
            country=vn,
            position="Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh Phú Thọ",
        ),
        pt_union,
        "Chủ tịch",
    )
    upsert(
        Organisation,
        lookup={"name": "Hội đồng hương Phú Thọ tại Cộng hòa Séc"},
        values={"unit": ctx.units["phu_tho"], "kind": OrganisationKind.OTHER, "country": _country("CZ")},
    )

    # Hà Tĩnh: Lao partner provinces (twinning), Horné Saliby (Slovakia), an agreement.
    ht_union = upsert(
        Organisation,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị tỉnh Hà Tĩnh"},
        values={
            "unit": ctx.units["ha_tinh"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": ctx.units["ha_tinh"].province,
        },
    )
    ha_tinh_province = upsert(
        Organisation,
        lookup={"name": "Ủy ban nhân dân tỉnh Hà Tĩnh"},
        values={
            "unit": ctx.units["ha_tinh"],
            "kind": OrganisationKind.OTHER,
            "country": vn,
            "province": current_province_by_name("Hà Tĩnh"),
        },
    )
    _person(
        ctx,
        "ha_tinh",
        "Võ Trọng Hải",
        kind=PersonKind.CADRE,
        country=vn,
        position="Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh",
    )
    laos = _country("LA")
    for name, original in HA_TINH_LAO_PARTNERS:
        partner = upsert(
            Organisation,
            lookup={"name": name},
            values={
                "unit": ctx.units["ha_tinh"],
                "kind": OrganisationKind.FOREIGN_LOCALITY,
                "name_original": original,
                "country": laos,
            },
        )
        upsert(
            OrganisationRelation,
            lookup={"source": ha_tinh_province, "target": partner},
            values={"kind": RelationKind.TWINNING},
        )
    saliby = upsert(
        Organisation,
        lookup={"name": "Xã Horné Saliby"},
        values={
            "unit": ctx.units["ha_tinh"],
            "kind": OrganisationKind.FOREIGN_LOCALITY,
            "name_original": "Obec Horné Saliby",
            "country": _country("SK"),
            "city": "Horné Saliby (Trnavský kraj)",
        },
    )
    bolikhamxay = Organisation.objects.get(name="Tỉnh Bolikhamxay")
    upsert(
        Agreement,
        lookup={"title": "Thỏa thuận hợp tác giữa tỉnh Hà Tĩnh và tỉnh Bolikhamxay giai đoạn 2021–2025"},
        values={
            "unit": ctx.units["ha_tinh"],
            "kind": AgreementKind.COOPERATION,
            "status": AgreementStatus.IN_FORCE,
            "signed_on": date(2021, 3, 15),
            "signed_at": "Hà Tĩnh",
            "term_start": date(2021, 3, 15),
            "term_end": date(2025, 12, 31),
            "renewal_due": date(2026, 12, 31),
            "mfa_consulted_on": date(2021, 2, 20),
            "reported_on": date(2021, 3, 30),
            "notes": ILLUSTRATIVE,
        },
        m2m={"parties": [ha_tinh_province, bolikhamxay]},
    )
    ctx.records.update(ht_union=ht_union, saliby=saliby, hp_union=hp_union, pt_union=pt_union, bg_union=bg_union)

    # Foreign NGOs with registration certificates (Decree 58/2022/ND-CP); numbers illustrative.
    for name, original, code, number, provinces, fields in [
        (
            "Tổ chức Plan International",
            "Plan International",
            "GB",
            "DEMO-001/CNĐK",
            ["Hải Phòng", "Hà Tĩnh"],
            "Trẻ em có hoàn cảnh khó khăn\nBình đẳng giới",
        ),
        (
            "Tổ chức Hỗ trợ người khuyết tật",
            "Humanity & Inclusion",
            "FR",
            "DEMO-002/CNĐK",
            ["Phú Thọ"],
            "Người khuyết tật\nY tế",
        ),
    ]:
        ngo = upsert(
            Organisation,
            lookup={"name": name},
            values={
                "unit": ctx.units["vufo"],
                "kind": OrganisationKind.FOREIGN_NGO,
                "name_original": original,
                "country": _country(code),
                "notes": ILLUSTRATIVE,
            },
        )
        upsert(
            NGORegistration,
            lookup={"organisation": ngo, "number": number},
            values={
                "kind": NGORegistrationKind.OPERATION,
                "issued_on": date(2022, 6, 1),
                "valid_from": date(2022, 6, 1),
                "valid_until": date(2027, 5, 31),
                "fields_of_work": fields,
            },
            m2m={"provinces": [current_province_by_name(p) for p in provinces]},
        )
