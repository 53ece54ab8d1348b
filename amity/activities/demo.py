"""Demo activities: the events named in the seed articles, and a spread of illustrative ones.

Records whose notes say "illustrative" are invented to fill the calendar and the figures;
the others, and the parts of them the notes do not flag, come from the seed articles.
"""

from datetime import date, timedelta

from amity.audit.context import Source, change_context
from amity.core.demo import DemoContext, upsert
from amity.geo.models import Country
from amity.geo.services import current_province_by_name, province_by_name
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
    _illustrative(ctx)


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
