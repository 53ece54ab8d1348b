"""Demo plans from the seed articles: Directive 12-CT/TW, Bắc Giang's 56-KH/TU, Hà Tĩnh's 210-KH/TU.

The directive, plan numbers, dates and the wording of the groups come from the articles
(sentences are ours). The tasks, targets and progress below the groups are illustrative.
"""

from datetime import date
from decimal import Decimal

from amity.core.demo import DemoContext, upsert

from .choices import TargetKind
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

ORDER = 80
ILLUSTRATIVE = "Số liệu minh họa (illustrative), không lấy từ bài viết nguồn."

BAC_GIANG_GROUPS = [
    "Tiếp tục quán triệt, nâng cao nhận thức về vai trò, vị trí và tầm quan trọng của công tác đối ngoại nhân dân",
    "Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đối với công tác đối ngoại nhân dân và công tác người Việt Nam ở nước ngoài",
    "Thực hiện hiệu quả kế hoạch hành động, đề án thu hút nguồn lực người Việt Nam ở nước ngoài giai đoạn 2021–2030 "
    "và đề án hợp tác quốc tế địa phương giai đoạn 2021–2025",
    "Nâng cao hiệu quả công tác thông tin đối ngoại theo Chiến lược phát triển thông tin đối ngoại đến năm 2030, "
    "tầm nhìn 2045",
    "Phát huy vai trò của các hội hữu nghị song phương và các đoàn thể nhân dân trong đấu tranh bảo vệ lợi ích quốc gia "
    "và trong hoạt động đối ngoại nhân dân",
    "Chủ động vận động đa dạng các nguồn lực quốc tế, nâng cao hiệu quả vận động viện trợ phi chính phủ nước ngoài "
    "cho phát triển kinh tế – xã hội của tỉnh",
    "Làm tốt công tác vận động cộng đồng người Bắc Giang ở nước ngoài hướng về quê hương, phát huy vai trò cầu nối "
    "của cộng đồng",
    "Nắm tình hình, giữ liên lạc với người Bắc Giang ở nước ngoài; nghiên cứu thành lập Ban liên lạc đối ngoại của tỉnh; "
    "đẩy mạnh khen thưởng kiều bào có đóng góp cho quê hương",
]

HA_TINH_GROUPS = [
    "Đẩy mạnh tuyên truyền, phổ biến nâng cao nhận thức về công tác đối ngoại nhân dân và thông tin đối ngoại",
    "Tăng cường sự lãnh đạo, chỉ đạo và phối hợp trong quản lý công tác đối ngoại nhân dân",
    "Chủ động hội nhập, mở rộng quan hệ hữu nghị và hợp tác quốc tế, trước hết với các tỉnh của Lào",
    "Tăng cường vận động và sử dụng hiệu quả các nguồn lực quốc tế, trong đó có viện trợ không hoàn lại",
    "Làm tốt công tác vận động người Việt Nam ở nước ngoài, nhất là người Hà Tĩnh ở nước ngoài",
    "Nâng cao chất lượng công tác tham mưu về đối ngoại và bồi dưỡng nghiệp vụ đối ngoại cho cán bộ",
]

#: Illustrative tasks of plan 56-KH/TU: (group number, title, deadline, target kind, value, unit, progress).
BAC_GIANG_TASKS = [
    (
        1,
        "Tổ chức hội nghị quán triệt Chỉ thị 12-CT/TW cho cán bộ hội viên",
        date(2022, 12, 31),
        TargetKind.YES_NO,
        None,
        "",
        [(date(2022, 8, 15), None, True)],
    ),
    (
        4,
        "Đăng tin, bài về hoạt động đối ngoại nhân dân trên cổng thông tin của Liên hiệp",
        date(2025, 6, 30),
        TargetKind.NUMBER,
        Decimal(200),
        "tin, bài",
        [(date(2023, 12, 31), Decimal(90), False)],
    ),
    (
        5,
        "Thành lập chi hội hữu nghị cấp cơ sở mới",
        date(2025, 6, 30),
        TargetKind.NUMBER,
        Decimal(10),
        "chi hội",
        [(date(2023, 12, 31), Decimal(3), False)],
    ),
    (
        6,
        "Vận động dự án viện trợ phi chính phủ nước ngoài",
        date(2025, 6, 30),
        TargetKind.NUMBER,
        Decimal(15),
        "dự án",
        [(date(2023, 12, 31), Decimal(9), False)],
    ),
    (
        8,  # the article proposes "Xuân quê hương" under the eighth task, with keeping in touch
        'Tổ chức chương trình "Xuân quê hương" gặp mặt kiều bào dịp Tết',
        date(2023, 1, 31),
        TargetKind.YES_NO,
        None,
        "",
        [(date(2023, 1, 20), None, True)],
    ),
    (8, "Trình đề án thành lập Ban liên lạc đối ngoại của tỉnh", date(2023, 12, 31), TargetKind.YES_NO, None, "", []),
]


#: Illustrative tasks of plan 210-KH/TU, named after what its directions list (the seed article):
#: exchanges with the Lao provinces, the database of Hà Tĩnh people abroad, training in foreign affairs.
HA_TINH_TASKS = [
    (
        3,
        "Trao đổi đoàn cấp cao với các tỉnh Bolikhamxay, Khammouane, Savannakhet và thủ đô Viêng Chăn",
        date(2025, 12, 31),
        TargetKind.NUMBER,
        Decimal(8),
        "đoàn",
        [(date(2024, 6, 30), Decimal(3), False)],
    ),
    (
        3,
        "Tổ chức giao lưu văn hóa, thể thao, thanh niên cho cư dân biên giới Việt Nam – Lào",
        date(2025, 12, 31),
        TargetKind.NUMBER,
        Decimal(4),
        "cuộc giao lưu",
        [],
    ),
    (
        5,
        "Vận hành, cập nhật cơ sở dữ liệu phần mềm về người Hà Tĩnh ở nước ngoài",
        date(2024, 12, 31),
        TargetKind.YES_NO,
        None,
        "",
        [(date(2024, 3, 15), None, False)],
    ),
    (
        6,
        "Mở lớp bồi dưỡng nghiệp vụ đối ngoại cho cán bộ, công chức của tỉnh",
        date(2025, 12, 31),
        TargetKind.NUMBER,
        Decimal(2),
        "lớp",
        [(date(2024, 10, 20), Decimal(1), False)],
    ),
]


def _tasks(ctx, *, unit_key, groups, tasks):
    for group_number, title, deadline, kind, value, target_unit, progress in tasks:
        task = upsert(
            Task,
            lookup={"group": groups[group_number], "title": title},
            values={
                "responsible_unit": ctx.units[unit_key],
                "deadline": deadline,
                "target_kind": kind,
                "target_value": value,
                "target_unit": target_unit,
                "notes": ILLUSTRATIVE,
            },
        )
        for reported_on, reached, done in progress:
            upsert(
                ProgressUpdate,
                lookup={"task": task, "reported_on": reported_on},
                values={"value": reached, "done": done, "evidence": ILLUSTRATIVE},
            )


def _plan(ctx, *, unit_key, number, issued_on, issuing_body, title, directive, groups, valid_to):
    plan = upsert(
        Plan,
        lookup={"unit": ctx.units[unit_key], "number": number},
        values={
            "directive": directive,
            "issued_on": issued_on,
            "issuing_body": issuing_body,
            "title": title,
            "valid_from": issued_on,
            "valid_to": valid_to,
        },
    )
    by_number = {}
    for number_in_plan, group_title in enumerate(groups, start=1):
        by_number[number_in_plan] = upsert(
            TaskGroup, lookup={"plan": plan, "number": number_in_plan}, values={"title": group_title}
        )
    return plan, by_number


def load(ctx: DemoContext) -> None:
    directive = upsert(
        Directive,
        lookup={"number": "12-CT/TW"},
        values={
            "issued_on": date(2022, 1, 5),
            "issuing_body": "Ban Bí thư Trung ương Đảng",
            "title": "Về tăng cường sự lãnh đạo của Đảng, nâng cao hiệu quả công tác đối ngoại nhân dân "
            "trong tình hình mới",
            "text": "Công tác đối ngoại nhân dân là nhiệm vụ của cả hệ thống chính trị và của mỗi cán bộ, "
            "đảng viên và nhân dân.",
        },
    )
    ctx.records["plans.directive_12"] = directive
    bac_giang, bg_groups = _plan(
        ctx,
        unit_key="bac_giang",
        number="56-KH/TU",
        issued_on=date(2022, 5, 23),
        issuing_body="Ban Thường vụ Tỉnh ủy Bắc Giang",
        title="Kế hoạch thực hiện Chỉ thị số 12-CT/TW của Ban Bí thư về công tác đối ngoại nhân dân",
        directive=directive,
        groups=BAC_GIANG_GROUPS,
        valid_to=date(2025, 6, 30),
    )
    ctx.records["plans.bac_giang_56"] = bac_giang
    _tasks(ctx, unit_key="bac_giang", groups=bg_groups, tasks=BAC_GIANG_TASKS)
    for task in Task.objects.filter(group=bg_groups[7], title__contains="Xuân quê hương"):
        task.delete()  # earlier demo data filed it under the seventh task
    ha_tinh, ht_groups = _plan(
        ctx,
        unit_key="ha_tinh",
        number="210-KH/TU",
        issued_on=date(2023, 10, 16),
        issuing_body="Ban Thường vụ Tỉnh ủy Hà Tĩnh",
        title="Kế hoạch thực hiện Chỉ thị số 12-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng, "
        "nâng cao hiệu quả công tác đối ngoại nhân dân trong tình hình mới",
        directive=directive,
        groups=HA_TINH_GROUPS,
        valid_to=None,
    )
    _tasks(ctx, unit_key="ha_tinh", groups=ht_groups, tasks=HA_TINH_TASKS)
    ctx.records["plans.ha_tinh_210"] = ha_tinh
