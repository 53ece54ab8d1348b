"""Reference data every installation starts with: beneficiary groups and the lifecycle rules.

Plain data plus loaders that take the model classes, so that the data migration (historical
models) and the demo loader share them. Both lists stay editable afterwards.
"""

from datetime import date

BENEFICIARY_GROUPS = [
    # code, Vietnamese name (names are data; the interface language does not change them)
    ("women", "Phụ nữ"),
    ("children", "Trẻ em có hoàn cảnh khó khăn"),
    ("hiv", "Người nhiễm HIV/AIDS"),
    ("agent-orange", "Nạn nhân chất độc da cam/dioxin"),
    ("disabilities", "Người khuyết tật"),
    ("elderly", "Người cao tuổi"),
    ("ethnic-minorities", "Đồng bào dân tộc thiểu số"),
    ("others", "Đối tượng khác"),
]

_APPROVAL = ["decision_number", "decision_date", "approving_body"]
ADMIN, EDITOR = "admin", "editor"

#: (from, to, roles, required data) shared by both decrees; the bodies and deadlines differ.
TRANSITIONS = [
    ("proposed", "appraisal", [ADMIN, EDITOR], []),
    ("proposed", "cancelled", [ADMIN], ["note"]),
    ("appraisal", "approved", [ADMIN], _APPROVAL),
    ("appraisal", "rejected", [ADMIN], ["decision_date", "note"]),
    ("appraisal", "proposed", [ADMIN, EDITOR], ["note"]),
    ("approved", "implementation", [ADMIN, EDITOR], []),
    ("approved", "cancelled", [ADMIN], ["note"]),
    ("implementation", "completed", [ADMIN, EDITOR], []),
    ("implementation", "suspended", [ADMIN], ["note"]),
    ("suspended", "implementation", [ADMIN], ["note"]),
    ("suspended", "cancelled", [ADMIN], ["note"]),
    ("completed", "closed", [ADMIN], []),
]

WORKFLOWS = [
    {
        "name": "Nghị định 80/2020/NĐ-CP",
        "legal_basis": "Decree 80/2020/ND-CP on non-refundable aid outside ODA",
        "valid_from": date(2020, 8, 26),
        "valid_to": date(2025, 11, 30),
        "steps": [
            ("proposed", "Cơ quan chủ quản tiếp nhận hồ sơ", 10),
            ("appraisal", "Sở Kế hoạch và Đầu tư chủ trì thẩm định", 15),
            ("approved", "Ủy ban nhân dân tỉnh/thành phố", 30),
            ("implementation", "Chủ khoản viện trợ", None),
            ("completed", "Chủ khoản viện trợ báo cáo kết thúc", 60),
        ],
    },
    {
        "name": "Nghị định 313/2025/NĐ-CP",
        "legal_basis": "Decree 313/2025/ND-CP on non-refundable aid outside ODA (replaces Decree 80/2020/ND-CP)",
        "valid_from": date(2025, 12, 1),
        "valid_to": None,
        "steps": [
            ("proposed", "Cơ quan chủ quản tiếp nhận hồ sơ", 10),
            ("appraisal", "Sở Tài chính chủ trì thẩm định", 15),
            ("approved", "Ủy ban nhân dân tỉnh/thành phố", 30),
            ("implementation", "Chủ khoản viện trợ", None),
            ("completed", "Chủ khoản viện trợ báo cáo kết thúc", 60),
        ],
    },
]
NOTE = (
    "Default configuration: responsible bodies and deadlines are editable; check them against the "
    "decree's text and the province's own rules."
)


def beneficiary_groups_seed(BeneficiaryGroup) -> None:
    for position, (code, name) in enumerate(BENEFICIARY_GROUPS):
        BeneficiaryGroup.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def workflows_seed(Workflow, WorkflowStep, WorkflowTransition) -> None:
    for spec in WORKFLOWS:
        workflow, created = Workflow.objects.get_or_create(
            name=spec["name"],
            defaults={
                "legal_basis": spec["legal_basis"],
                "valid_from": spec["valid_from"],
                "valid_to": spec["valid_to"],
                "notes": NOTE,
            },
        )
        if not created:
            continue
        for status, body, days in spec["steps"]:
            WorkflowStep.objects.create(workflow=workflow, status=status, body=body, deadline_days=days)
        for from_status, to_status, roles, required in TRANSITIONS:
            WorkflowTransition.objects.create(
                workflow=workflow, from_status=from_status, to_status=to_status, roles=roles, required_fields=required
            )


#: The seeded lists in the other interface languages (Amity's own translations), by code or name.
BENEFICIARY_GROUP_NAMES = {
    "women": ("Women", "妇女", "Женщины"),
    "children": ("Children in difficult circumstances", "困境儿童", "Дети в трудной жизненной ситуации"),
    "hiv": ("People living with HIV/AIDS", "艾滋病病毒感染者", "Люди, живущие с ВИЧ/СПИДом"),
    "agent-orange": ("Victims of Agent Orange/dioxin", "橙剂/二噁英受害者", "Жертвы «оранжевого агента»/диоксина"),
    "disabilities": ("People with disabilities", "残疾人", "Люди с инвалидностью"),
    "elderly": ("Elderly people", "老年人", "Пожилые люди"),
    "ethnic-minorities": ("Ethnic minority communities", "少数民族同胞", "Этнические меньшинства"),
    "others": ("Other groups", "其他群体", "Другие группы"),
}
WORKFLOW_NAMES = {
    "Nghị định 80/2020/NĐ-CP": {
        "name": ("Decree 80/2020/ND-CP", "第80/2020/ND-CP号议定", "Постановление № 80/2020/ND-CP"),
        "legal_basis": (
            "Nghị định 80/2020/NĐ-CP về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ phát triển "
            "chính thức",
            "关于非官方发展援助类无偿援助的第80/2020/ND-CP号议定",
            "Постановление № 80/2020/ND-CP о безвозмездной помощи, не относящейся к ОПР",
        ),
    },
    "Nghị định 313/2025/NĐ-CP": {
        "name": ("Decree 313/2025/ND-CP", "第313/2025/ND-CP号议定", "Постановление № 313/2025/ND-CP"),
        "legal_basis": (
            "Nghị định 313/2025/NĐ-CP về quản lý và sử dụng viện trợ không hoàn lại không thuộc hỗ trợ phát triển "
            "chính thức (thay thế Nghị định 80/2020/NĐ-CP)",
            "关于非官方发展援助类无偿援助的第313/2025/ND-CP号议定（取代第80/2020/ND-CP号议定）",
            "Постановление № 313/2025/ND-CP о безвозмездной помощи, не относящейся к ОПР "
            "(заменяет постановление № 80/2020/ND-CP)",
        ),
    },
}


def lookup_names_fill(BeneficiaryGroup, Workflow) -> int:
    """Give the seeded beneficiary groups and workflows their names (and legal basis) in the other
    languages where those columns are still empty; a name someone edited is kept."""
    filled = 0
    for group in BeneficiaryGroup.objects.filter(code__in=BENEFICIARY_GROUP_NAMES):
        filled += _fill(
            group, dict(zip(("name_en", "name_zh", "name_ru"), BENEFICIARY_GROUP_NAMES[group.code], strict=True))
        )
    for workflow in Workflow.objects.filter(name__in=WORKFLOW_NAMES):
        names = WORKFLOW_NAMES[workflow.name]
        values = dict(zip(("name_en", "name_zh", "name_ru"), names["name"], strict=True))
        values |= dict(zip(("legal_basis_vi", "legal_basis_zh", "legal_basis_ru"), names["legal_basis"], strict=True))
        filled += _fill(workflow, values)
    return filled


def _fill(row, values: dict) -> int:
    blank = {k: v for k, v in values.items() if not getattr(row, k)}
    if not blank:
        return 0
    for k, v in blank.items():
        setattr(row, k, v)
    row.save(update_fields=list(blank))
    return 1
