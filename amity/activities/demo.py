"""Demo activities: the events named in the seed articles, and a spread of illustrative ones.

Records whose notes say "illustrative" are invented to fill the calendar and the figures;
the others, and the parts of them the notes do not flag, come from the seed articles.
"""

from datetime import date, timedelta

from amity.core.context import Source, change_context
from amity.core.demo import DemoContext, upsert
from amity.geo.models import Country
from amity.geo.services import current_province_by_name, province_by_name
from amity.registry.choices import OrganisationKind
from amity.registry.models import Organisation, Person

from . import services
from .choices import ActivityType
from .models import Activity

ORDER = 50
ILLUSTRATIVE = "Illustrative demo record (not from the seed articles)."


def _country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _person(name: str) -> Person:
    return Person.objects.filter(full_name=name).first()


def _activity(ctx, unit_key: str, title: str, *, m2m: dict | None = None, **values) -> Activity:
    m2m = {k: v for k, v in (m2m or {}).items() if v}
    return upsert(Activity, lookup={"unit": ctx.units[unit_key], "title": title}, values=values, m2m=m2m)


def load(ctx: DemoContext) -> None:
    with change_context(actor=ctx.actor, source=Source.IMPORT, message="demo: reference dates"):
        services.relations_load()
        services.national_days_load()
    hanoi = current_province_by_name("Hà Nội")
    vufo_org = _org("Liên hiệp các tổ chức hữu nghị Việt Nam")

    # 50th anniversary of Vietnam–Japan relations (21 Sep 1973 – 21 Sep 2023), VUFO with the VJFA.
    ctx.records["vn_japan_50"] = _activity(
        ctx,
        "vufo",
        "Lễ kỷ niệm 50 năm thiết lập quan hệ ngoại giao Việt Nam – Nhật Bản (21/9/1973 – 21/9/2023)",
        type=ActivityType.COMMEMORATION,
        start_date=date(2023, 9, 21),
        venue="Hà Nội",
        purpose="Kỷ niệm 50 năm thiết lập quan hệ ngoại giao Việt Nam – Nhật Bản.",
        notes="Đồng chủ trì: Liên hiệp các tổ chức hữu nghị Việt Nam và Hội hữu nghị Việt Nam – Nhật Bản.",
        m2m={
            "countries": [_country("JP")],
            "places": [hanoi],
            "organisers": [vufo_org, _org("Hội hữu nghị Việt Nam – Nhật Bản")],
        },
    )
    # 2 Dec 2023: VUFO president Phan Anh Sơn and US ambassador Marc Knapper, Thăng Long Imperial Citadel.
    _activity(
        ctx,
        "vufo",
        "Chủ tịch Phan Anh Sơn cùng Đại sứ Hoa Kỳ Marc Knapper thăm các gian hàng văn hóa hai nước",
        type=ActivityType.MEETING,
        start_date=date(2023, 12, 2),
        venue="Hoàng thành Thăng Long, Hà Nội",
        leader=_person("Phan Anh Sơn"),
        purpose=(
            "Chuỗi hoạt động kỷ niệm 10 năm quan hệ Đối tác toàn diện và triển khai quan hệ Đối tác chiến lược "
            "toàn diện Việt Nam – Hoa Kỳ vì hòa bình, hợp tác và phát triển bền vững."
        ),
        m2m={
            "countries": [_country("US")],
            "places": [hanoi],
            "organisers": [vufo_org],
            "partners": [_org("Đại sứ quán Hoa Kỳ tại Việt Nam")],
            "members": [_person("Marc Knapper")],
        },
    )
    # VUFO took part in 14 high-level delegations abroad after the 13th Party Congress (to Dec 2023).
    first = date(2021, 4, 1)
    for n in range(1, 15):
        _activity(
            ctx,
            "vufo",
            f"Tham gia đoàn công tác cấp cao của lãnh đạo Đảng, Nhà nước ra nước ngoài ({n}/14)",
            type=ActivityType.DELEGATION_OUT,
            start_date=first + timedelta(days=70 * (n - 1)),
            end_date=first + timedelta(days=70 * (n - 1) + 4),
            purpose="Tham gia đoàn công tác cấp cao sau Đại hội XIII của Đảng.",
            notes=(
                "Số lượng (14 đoàn từ sau Đại hội XIII đến tháng 12/2023) theo bài viết; ngày, nước đến "
                "và thành phần là minh hoạ (illustrative)."
            ),
            m2m={"organisers": [vufo_org]},
        )

    # Hà Tĩnh, October 2023: delegation to Horné Saliby (Trnava region, Slovakia), Ho Chi Minh plaque.
    _activity(
        ctx,
        "ha_tinh",
        "Đoàn công tác cấp cao tỉnh Hà Tĩnh thăm xã Horné Saliby (vùng Trnava, Slovakia)",
        type=ActivityType.DELEGATION_OUT,
        start_date=date(2023, 10, 1),
        foreign_cities="Horné Saliby (Trnavský kraj)",
        purpose="Dự lễ gắn biển đồng tưởng niệm Chủ tịch Hồ Chí Minh tại Horné Saliby.",
        outcomes="Gắn biển đồng tưởng niệm Chủ tịch Hồ Chí Minh.",
        notes="Tháng 10/2023 theo bài viết; ngày cụ thể là minh hoạ (illustrative).",
        m2m={"countries": [_country("SK")], "partners": [_org("Xã Horné Saliby")]},
    )
    # Hải Phòng, Bunpimay 2024: meeting with Lao students studying in the city.
    hp_laos = _org("Hội hữu nghị Việt Nam – Lào thành phố Hải Phòng")
    _activity(
        ctx,
        "hai_phong",
        "Gặp mặt giao lưu hữu nghị với lưu học sinh Lào nhân Tết cổ truyền Bunpimay 2024",
        type=ActivityType.CULTURAL_EXCHANGE,
        start_date=date(2024, 4, 12),
        purpose="Chúc mừng Tết cổ truyền Lào Bunpimay với sinh viên Lào đang học tập tại Hải Phòng.",
        notes=(
            "Phối hợp với Thành đoàn – Hội Liên hiệp thanh niên Việt Nam thành phố. "
            "Ngày cụ thể là minh hoạ (illustrative): bài viết chỉ nói dịp Bunpimay 2024."
        ),
        m2m={
            "countries": [_country("LA")],
            "places": [province_by_name("Hải Phòng", on=date(2024, 4, 12))],
            "organisers": [_org("Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng"), hp_laos],
        },
    )
    _hai_phong_term(ctx)
    _illustrative(ctx)


def _partner(ctx, name: str, kind: str, code: str | None, **values) -> Organisation:
    """A partner the seed article names that the registry demo does not hold, in Hải Phòng's registry."""
    return upsert(
        Organisation,
        lookup={"name": name},
        values={"unit": ctx.units["hai_phong"], "kind": kind, "country": _country(code) if code else None, **values},
    )


#: Seed 003 (VUFO news, 27/05/2024) lists what the Hải Phòng union and its member organisations did in
#: the 2018–2023 term, without dates for almost all of it. The kinds of activity, their organisers and
#: partners, and their countries come from the article; the days (and, for the events it calls yearly,
#: which years the demo holds) are illustrative. It gives no attendance, so ``participants`` stays empty.
HP_TERM_NOTE = "Theo bài viết về nhiệm kỳ 2018–2023 (seed 003); ngày cụ thể là minh hoạ (illustrative)."


def _hai_phong_term(ctx) -> None:
    """Hải Phòng's 2018–2023 term (seed 003): 30 records, so that the term report has its activities."""
    vn = "VN"
    union = _org("Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng")
    peace = _org("Ủy ban Hòa bình thành phố Hải Phòng")
    netherlands = _org("Hội hữu nghị Việt Nam – Hà Lan thành phố Hải Phòng")
    korea = _org("Hội hữu nghị Việt Nam – Hàn Quốc thành phố Hải Phòng")
    hong_bang, donghae = _org("Quận Hồng Bàng"), _org("Thành phố Donghae")
    foreign_affairs = _partner(ctx, "Sở Ngoại vụ thành phố Hải Phòng", OrganisationKind.OTHER, vn)
    education = _partner(ctx, "Sở Giáo dục và Đào tạo thành phố Hải Phòng", OrganisationKind.OTHER, vn)
    universities = [
        _partner(ctx, "Trường Đại học Hải Phòng", OrganisationKind.UNIVERSITY, vn),
        _partner(ctx, "Trường Đại học Hàng hải Việt Nam", OrganisationKind.UNIVERSITY, vn),
    ]
    korean_embassy = _partner(
        ctx,
        "Đại sứ quán Hàn Quốc tại Việt Nam",
        OrganisationKind.EMBASSY,
        "KR",
        name_original="주 베트남 대한민국 대사관",
        city="Hà Nội",
    )
    korean_community = _partner(ctx, "Hội người Hàn Quốc tại Hải Phòng", OrganisationKind.OTHER, "KR")
    cpapd = _partner(
        ctx,
        "Hội Nhân dân Trung Quốc vì Hòa bình và Giải trừ quân bị",
        OrganisationKind.FOREIGN_NGO,
        "CN",
        name_original="中国人民争取和平与裁军协会",
        short_name="CPAPD",
    )
    mayors = _partner(
        ctx,
        "Tổ chức Thị trưởng vì Hòa bình",
        OrganisationKind.INTERNATIONAL_ORGANISATION,
        None,
        name_original="Mayors for Peace",
    )
    hp_u, nl, kr = "hai_phong", "hp_nl", "hp_kr"
    T = ActivityType
    wpc = "Đại hội lần thứ 22 Hội đồng Hòa bình thế giới"
    # (unit, day, type, title, organisers, partners, countries, other values)
    rows = [
        # The peace committee: yearly memorial and prayer ceremonies (around 27 July, War Invalids and
        # Martyrs' Day), the World Peace Day song festival (21 September), talks on the law of the sea,
        # nuclear-ban signatures, work with the CPAPD and the WPC, peace clubs at two universities.
        *[
            (hp_u, d, T.COMMEMORATION, f"Lễ tưởng niệm, cầu siêu các Anh hùng liệt sĩ ({d.year})", [peace], [], [], {})
            for d in (date(2018, 7, 25), date(2022, 7, 26))
        ],
        (
            hp_u,
            date(2023, 7, 25),
            T.COMMEMORATION,
            "Lễ tưởng niệm Anh hùng liệt sĩ và cầu nguyện hòa bình (2023)",
            [peace],
            [],
            [],
            {},
        ),
        *[
            (
                hp_u,
                date(y, 9, 21),
                T.CULTURAL_EXCHANGE,
                f"Liên hoan tiếng hát vì hòa bình nhân Ngày Quốc tế Hòa bình 21/9 ({y})",
                [peace],
                [],
                [],
                {},
            )
            for y in (2018, 2019, 2022)
        ],
        (
            hp_u,
            date(2019, 11, 14),
            T.CONFERENCE,
            "Nói chuyện chuyên đề về pháp luật biển, đảo cho thanh niên, sinh viên",
            [peace],
            universities,
            [],
            {},
        ),
        (
            hp_u,
            date(2019, 8, 6),
            T.OTHER,
            "Vận động ký tên ủng hộ Hiệp ước Cấm vũ khí hạt nhân (sáng kiến của Tổ chức Thị trưởng vì Hòa bình)",
            [peace],
            [mayors],
            [],
            {"purpose": "Thu thập chữ ký ủng hộ việc thông qua Hiệp ước Cấm vũ khí hạt nhân."},
        ),
        (
            hp_u,
            date(2019, 10, 17),
            T.MEETING,
            "Làm việc với Hội Nhân dân Trung Quốc vì Hòa bình và Giải trừ quân bị về các dự án hợp tác",
            [peace],
            [cpapd],
            ["CN"],
            {},
        ),
        (
            hp_u,
            date(2022, 11, 22),
            T.CONFERENCE,
            f"Tham gia Ban tổ chức {wpc}",
            [peace],
            [],
            [],
            {"venue": "Hà Nội", "where": False},
        ),
        *[
            (hp_u, d, T.OTHER, f"Ra mắt Câu lạc bộ Hòa bình {u.name}", [peace], [u], [], {})
            for u, d in zip(universities, (date(2020, 12, 10), date(2021, 3, 26)), strict=True)
        ],
        # The union: a yearly friendship golf tournament with Korean, Japanese and Singaporean businesses,
        # business information forums, the 10th English contest, training sessions, current-affairs talks.
        *[
            (
                hp_u,
                d,
                T.CULTURAL_EXCHANGE,
                f"Giải golf hữu nghị với doanh nghiệp Hàn Quốc, Nhật Bản, Singapore ({d.year})",
                [union],
                [],
                ["KR", "JP", "SG"],
                {},
            )
            for d in (date(2019, 10, 26), date(2022, 10, 22), date(2023, 10, 21))
        ],
        *[
            (
                hp_u,
                d,
                T.CONFERENCE,
                f"Diễn đàn thông tin doanh nghiệp ({d.year})",
                [union],
                [],
                [],
                {"purpose": "Giới thiệu và trao đổi về cơ chế, chính sách đầu tư của thành phố."},
            )
            for d in (date(2019, 6, 20), date(2022, 12, 8))
        ],
        (
            hp_u,
            date(2023, 5, 20),
            T.CULTURAL_EXCHANGE,
            "Chung kết Cuộc thi tiếng Anh Hải Phòng lần thứ 10",
            [foreign_affairs, education, union],
            [],
            [],
            {"notes": HP_TERM_NOTE + " Năm tổ chức cũng là minh hoạ: bài viết chỉ đăng ảnh vòng chung kết."},
        ),
        *[
            (hp_u, d, T.TRAINING, f"Hội nghị tập huấn công tác đối ngoại nhân dân ({d.year})", [union], [], [], {})
            for d in (date(2019, 4, 11), date(2023, 8, 17))
        ],
        (
            hp_u,
            date(2022, 3, 24),
            T.CONFERENCE,
            "Nói chuyện thời sự cho hội viên các hội thành viên (2022)",
            [union],
            [],
            [],
            {},
        ),
        # The Vietnam–Netherlands association: King's Day (27 April), Netherlands Day, Dutch businesses.
        *[
            (
                nl,
                date(y, 4, 27),
                T.FRIENDSHIP_EXCHANGE,
                f"Ngày Quốc vương Hà Lan (King's Day) tại Hải Phòng ({y})",
                [netherlands],
                [],
                ["NL"],
                {},
            )
            for y in (2018, 2023)
        ],
        *[
            (nl, d, T.FRIENDSHIP_EXCHANGE, f"Ngày Hà Lan tại Hải Phòng ({d.year})", [netherlands], [], ["NL"], {})
            for d in (date(2019, 11, 9), date(2022, 11, 12))
        ],
        (
            nl,
            date(2023, 6, 15),
            T.MEETING,
            "Gặp gỡ doanh nghiệp Hà Lan tại Hải Phòng",
            [netherlands],
            [],
            ["NL"],
            {
                "purpose": "Kêu gọi bảo vệ môi trường, ứng phó biến đổi khí hậu; tăng cường hợp tác trong các lĩnh vực "
                "hàng hải, đóng tàu công nghệ cao."
            },
        ),
        # The Vietnam–Korea association: the embassy, the Korean community, Hồng Bàng–Donghae friendship.
        (
            kr,
            date(2019, 5, 16),
            T.MEETING,
            "Làm việc với Đại sứ quán Hàn Quốc tại Việt Nam",
            [korea],
            [korean_embassy],
            ["KR"],
            {},
        ),
        (
            kr,
            date(2022, 9, 8),
            T.MEETING,
            "Gặp mặt Hội người Hàn Quốc tại Hải Phòng",
            [korea],
            [korean_community],
            ["KR"],
            {},
        ),
        *[
            (
                kr,
                d,
                T.FRIENDSHIP_EXCHANGE,
                f"Giao lưu hữu nghị quận Hồng Bàng – thành phố Donghae (Hàn Quốc) ({d.year})",
                [korea, hong_bang],
                [donghae],
                ["KR"],
                {},
            )
            for d in (date(2019, 9, 5), date(2023, 9, 14))
        ],
    ]
    for unit_key, day, kind, title, organisers, partners, codes, values in rows:
        in_city = values.pop("where", True)
        values.setdefault("notes", HP_TERM_NOTE)
        _activity(
            ctx,
            unit_key,
            title,
            type=kind,
            start_date=day,
            m2m={
                "organisers": organisers,
                "partners": partners,
                "countries": [_country(c) for c in codes],
                "places": [province_by_name("Hải Phòng", on=day)] if in_city else [],
            },
            **values,
        )


def _illustrative(ctx) -> None:
    """A year-round spread so that the calendar, the figures and the reminders have content."""
    laos = _country("LA")
    ht_partners = [_org(n) for n in ("Tỉnh Bolikhamxay", "Tỉnh Khammouane", "Tỉnh Savannakhet")]
    ht_union = _org("Liên hiệp các tổ chức hữu nghị tỉnh Hà Tĩnh")
    for year in range(2022, 2027):
        partner = ht_partners[year % 3]
        _activity(
            ctx,
            "ha_tinh",
            f"Đón đoàn đại biểu {partner.name} chúc Tết Nguyên đán {year}",
            type=ActivityType.DELEGATION_IN,
            start_date=date(year, 1, 20),
            end_date=date(year, 1, 22),
            participants=12,
            notes=ILLUSTRATIVE,
            m2m={"countries": [laos], "partners": [partner], "organisers": [ht_union]},
        )
        _activity(
            ctx,
            "ha_tinh",
            f"Đoàn tỉnh Hà Tĩnh chúc mừng Quốc khánh Lào tại {partner.name} ({year})",
            type=ActivityType.DELEGATION_OUT,
            start_date=date(year, 11, 28),
            end_date=date(year, 12, 1),
            participants=8,
            notes=ILLUSTRATIVE,
            m2m={"countries": [laos], "partners": [partner], "organisers": [ht_union]},
        )
    others = [
        ("hai_phong", ActivityType.FRIENDSHIP_EXCHANGE, "Ngày Hà Lan tại Hải Phòng", date(2024, 4, 27), "NL", 150),
        (
            "hai_phong",
            ActivityType.CULTURAL_EXCHANGE,
            "Giải golf hữu nghị với doanh nghiệp Hàn Quốc, Nhật Bản, Singapore",
            date(2024, 10, 19),
            "KR",
            80,
        ),
        ("hai_phong", ActivityType.CONFERENCE, "Hội thảo Ngày Quốc tế Hòa bình", date(2025, 9, 21), None, 120),
        ("hai_phong", ActivityType.TRAINING, "Lớp bồi dưỡng nghiệp vụ đối ngoại nhân dân", date(2026, 6, 10), None, 60),
        (
            "bac_giang",
            ActivityType.CONGRATULATION,
            "Thư chúc mừng Quốc khánh Liên bang Nga",
            date(2024, 6, 11),
            "RU",
            None,
        ),
        ("bac_giang", ActivityType.RECEPTION, "Tiếp Đại sứ quán Nhật Bản", date(2024, 9, 5), "JP", 6),
        (
            "bac_ninh",
            ActivityType.FRIENDSHIP_EXCHANGE,
            "Giao lưu hữu nghị Việt Nam – Hàn Quốc",
            date(2025, 10, 3),
            "KR",
            90,
        ),
        ("phu_tho", ActivityType.RECEPTION, "Đón đoàn kiều bào về dâng hương tại Đền Hùng", date(2025, 4, 7), "CZ", 25),
        ("phu_tho", ActivityType.CULTURAL_EXCHANGE, "Trại hè thanh niên kiều bào", date(2026, 7, 15), None, 40),
        ("vufo", ActivityType.CONGRATULATION, "Điện mừng Quốc khánh nước CHDCND Lào", date(2026, 12, 1), "LA", None),
        (
            "vufo",
            ActivityType.COMMEMORATION,
            "Gặp mặt kỷ niệm ngày thiết lập quan hệ ngoại giao Việt Nam – Cuba",
            date(2026, 12, 2),
            "CU",
            100,
        ),
        ("hai_phong", ActivityType.DELEGATION_IN, "Đón đoàn thành phố Donghae (Hàn Quốc)", date(2026, 12, 9), "KR", 10),
        (
            "ha_tinh",
            ActivityType.MEETING,
            "Làm việc với tổ chức Plan International về dự án năm 2027",
            date(2026, 12, 15),
            "GB",
            7,
        ),
    ]
    for unit_key, kind, title, day, code, people in others:
        _activity(
            ctx,
            unit_key,
            title,
            type=kind,
            start_date=day,
            participants=people,
            notes=ILLUSTRATIVE,
            m2m={"countries": [_country(code)] if code else []},
        )
    # a record from before the 2025 merger keeps its old province (Bắc Giang rolls up into Bắc Ninh)
    _activity(
        ctx,
        "bac_giang",
        "Gặp mặt Hội đồng hương Bắc Giang tại Cộng hòa Séc",
        type=ActivityType.MEETING,
        start_date=date(2023, 2, 10),
        notes=ILLUSTRATIVE,
        m2m={
            "countries": [_country("CZ")],
            "places": [province_by_name("Bắc Giang", on=date(2023, 2, 10))],
            "partners": [_org("Hội đồng hương Bắc Giang tại Cộng hòa Séc")],
        },
    )
