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
