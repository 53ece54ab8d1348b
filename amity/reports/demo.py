"""Demo reports: Hải Phòng's 2018–2023 term report and Bắc Giang's report on plan 56-KH/TU.

The header data (numbers, dates, signers) are illustrative; the figures are computed from the
demo records whenever the reports are rendered. The narratives paraphrase the seed articles.
"""

from datetime import date

from amity.core.demo import DemoContext, upsert
from amity.plans.models import Plan

from .choices import ReportKind
from .models import Report

ORDER = 90


def load(ctx: DemoContext) -> None:
    upsert(
        Report,
        lookup={"unit": ctx.units["hai_phong"], "kind": ReportKind.TERM, "period_start": date(2018, 1, 1)},
        values={
            "title": "Báo cáo tổng kết công tác đối ngoại nhân dân nhiệm kỳ 2018–2023",
            "period_end": date(2023, 12, 31),
            "number": "25/BC-LHHN",
            "place": "Hải Phòng",
            "issued_on": date(2024, 5, 27),
            "recipients": "Liên hiệp các tổ chức hữu nghị Việt Nam\nThành ủy Hải Phòng\nỦy ban nhân dân thành phố\nLưu: VT",
            "signer_authority": "TM. Ban Thường trực",
            "signer_position": "Chủ tịch",
            "signer_name": "Đỗ Văn Bình",
            "narratives": {
                "overview": "Trong nhiệm kỳ 2018–2023, công tác đối ngoại nhân dân của thành phố được củng cố và phát "
                "triển ổn định; Liên hiệp và các hội thành viên mở rộng quan hệ hữu nghị thực chất với nhân dân các "
                "nước, chú trọng vận động viện trợ phi chính phủ nước ngoài và phối hợp đồng bộ trong công tác đối "
                "ngoại nhân dân.",
                "directions": "Tiếp tục thực hiện Nghị quyết Đại hội lần thứ V; phát huy mô hình câu lạc bộ để "
                "thông tin đối ngoại đến từng đối tượng; huy động nguồn lực doanh nghiệp cho hoạt động hữu nghị.",
            },
        },
    )
    plan = Plan.objects.get(unit=ctx.units["bac_giang"], number="56-KH/TU")
    upsert(
        Report,
        lookup={"unit": ctx.units["bac_giang"], "kind": ReportKind.PLAN, "plan": plan},
        values={
            "title": "Báo cáo kết quả thực hiện Kế hoạch số 56-KH/TU của Ban Thường vụ Tỉnh ủy",
            "period_start": date(2022, 5, 23),
            "period_end": date(2023, 12, 31),
            "number": "12/BC-LHHN",
            "place": "Bắc Giang",
            "issued_on": date(2024, 1, 5),
            "recipients": "Ban Thường vụ Tỉnh ủy\nLiên hiệp các tổ chức hữu nghị Việt Nam\nLưu: VT",
            "signer_authority": "KT. Chủ tịch",
            "signer_position": "Phó Chủ tịch Thường trực",
            "signer_name": "Nguyễn Đức Trọng",
            "narratives": {
                "overview": "Thực hiện Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư, Ban Thường vụ Tỉnh ủy ban "
                "hành Kế hoạch số 56-KH/TU ngày 23/5/2022; kết quả theo từng nhóm nhiệm vụ nêu tại mục dưới."
            },
        },
    )
