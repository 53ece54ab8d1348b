"""Reference data every installation starts with: the national metric catalogue and the national
default terms. Plain data plus loaders taking the model classes, so that the data migration
(historical models) and ``manage.py reference_load`` share them; both stay editable afterwards."""

from datetime import date

# code, names (vi, en, zh, ru), kind, measure, may be approximate, computed from records by
METRICS = [
    (
        "aid_mobilised",
        ("Viện trợ vận động được", "Aid mobilised", "动员的援助", "Привлечённая помощь"),
        "money",
        "flow",
        True,
        "aid_mobilised",
    ),
    (
        "aid_items",
        (
            "Dự án và khoản viện trợ phi dự án",
            "Aid projects and non-project items",
            "援助项目和非项目",
            "Проекты и непроектная помощь",
        ),
        "count",
        "flow",
        False,
        "aid_items",
    ),
    (
        "aid_projects",
        ("Dự án viện trợ", "Aid projects", "援助项目", "Проекты помощи"),
        "count",
        "flow",
        False,
        "aid_projects",
    ),
    (
        "aid_non_projects",
        ("Khoản viện trợ phi dự án", "Non-project aid items", "非项目援助", "Непроектная помощь"),
        "count",
        "flow",
        False,
        "aid_non_projects",
    ),
    (
        "donors",
        (
            "Nhà tài trợ (tổ chức phi chính phủ nước ngoài, tổ chức quốc tế…)",
            "Donors (foreign NGOs, international organisations…)",
            "援助方(外国非政府组织、国际组织等)",
            "Доноры (иностранные НПО, международные организации…)",
        ),
        "count",
        "flow",
        True,
        "aid_donors",
    ),
    (
        "activities",
        (
            "Hoạt động đối ngoại nhân dân",
            "People's diplomacy activities",
            "民间外交活动",
            "Мероприятия народной дипломатии",
        ),
        "count",
        "flow",
        True,
        "activities",
    ),
    (
        "delegations_in",
        ("Đoàn vào", "Incoming delegations", "来访代表团", "Входящие делегации"),
        "count",
        "flow",
        True,
        "delegations_in",
    ),
    (
        "delegations_out",
        ("Đoàn ra", "Outgoing delegations", "出访代表团", "Выездные делегации"),
        "count",
        "flow",
        True,
        "delegations_out",
    ),
    ("members", ("Hội viên", "Members", "会员", "Члены"), "count", "stock", True, "members"),
    (
        "branches",
        ("Chi hội, hội cơ sở", "Branches", "支会和基层协会", "Отделения"),
        "count",
        "stock",
        False,
        "branches",
    ),
    (
        "associations",
        ("Hội thành viên", "Member associations", "成员协会", "Ассоциации-члены"),
        "count",
        "stock",
        False,
        "associations",
    ),
    (
        "districts",
        ("Huyện, thành phố có hội viên", "Districts with members", "有会员的县市", "Районы, где есть члены"),
        "count",
        "stock",
        False,
        "",
    ),
    (
        "compatriots",
        ("Người của tỉnh sống ở nước ngoài", "Natives living abroad", "旅居国外的同乡", "Земляки за рубежом"),
        "count",
        "stock",
        True,
        "compatriots",
    ),
    (
        "compatriot_countries",
        (
            "Nước và vùng lãnh thổ có người của tỉnh sinh sống",
            "Countries and territories where natives live",
            "同乡居住的国家和地区",
            "Страны и территории проживания земляков",
        ),
        "count",
        "stock",
        True,
        "compatriot_countries",
    ),
    ("remittances", ("Kiều hối", "Remittances", "侨汇", "Денежные переводы"), "money", "flow", True, "remittances"),
    (
        "contributions",
        ("Đóng góp của kiều bào", "Contributions of compatriots", "侨胞捐助", "Пожертвования соотечественников"),
        "money",
        "flow",
        True,
        "contributions",
    ),
    (
        "awards_given",
        ("Khen thưởng đã trao", "Awards given", "颁发的奖励", "Вручённые награды"),
        "count",
        "flow",
        False,
        "awards_given",
    ),
]

#: The terms the seed articles count in ("2013–2018" and "2018–2023": the years of the labels
#: overlap, the dates do not), then one of five years; later ones repeat the last one's length.
NATIONAL_TERMS = [
    (date(2013, 1, 1), date(2017, 12, 31)),
    (date(2018, 1, 1), date(2023, 12, 31)),
    (date(2024, 1, 1), date(2028, 12, 31)),
]


def metrics_seed(Metric) -> int:
    """Add the catalogue's metrics that are missing (by code); edited rows stay as they are."""
    known = set(Metric._base_manager.values_list("code", flat=True))
    added = 0
    for code, (vi, en, zh, ru), kind, measure, approximate, computed in METRICS:
        if code in known:
            continue
        Metric._base_manager.create(
            code=code,
            name_vi=vi,
            name_en=en,
            name_zh=zh,
            name_ru=ru,
            kind=kind,
            measure=measure,
            allows_approximate=approximate,
            computed=computed,
        )
        added += 1
    return added


def national_terms_seed(NationalTerm) -> int:
    """Add the national default terms when the table is empty (rows once edited are the data)."""
    if NationalTerm._base_manager.exists():
        return 0
    for start, end in NATIONAL_TERMS:
        NationalTerm._base_manager.create(start=start, end=end)
    return len(NATIONAL_TERMS)
