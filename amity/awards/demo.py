"""Demo awards: Phú Thọ's congress (VUFO certificates of merit to 4 collectives and 6 individuals,
"For Peace and Friendship among Nations" badges to 8 people), from the seed article; and the
same distinction conferred on three friends from Brazil and Bolivia in Brasília on 15 March, from
a headline in the Hải Phòng article (published May 2024, so the year is taken to be 2024).

The article gives the counts, not the names or the decision numbers: recipients and numbers are
illustrative and say so in their notes.
"""

from datetime import date

from amity.activities.choices import ActivityType
from amity.activities.models import Activity
from amity.core.demo import DemoContext, upsert
from amity.geo.models import Country
from amity.registry.choices import OrganisationKind, PersonKind
from amity.registry.models import Organisation, Person

from .choices import AwardKind, RecipientOrigin
from .models import Award, AwardType, Decision

ORDER = 60
ILLUSTRATIVE = "Illustrative demo record: the seed article gives the number of recipients, not their names."
CONGRESS_DAY = date(2018, 10, 1)
BRASILIA_DAY = date(2024, 3, 15)


def load(ctx: DemoContext) -> None:
    phu_tho = ctx.units["phu_tho"]
    vufo_body = "Liên hiệp các tổ chức hữu nghị Việt Nam"
    congress = upsert(
        Activity,
        lookup={
            "unit": phu_tho,
            "title": "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Phú Thọ lần thứ II, nhiệm kỳ 2018–2023",
        },
        values={
            "type": ActivityType.CONFERENCE,
            "start_date": CONGRESS_DAY,
            "outcomes": (
                "Bầu Ban Chấp hành 23 ủy viên; ông Đỗ Ngọc Dũng được bầu làm Chủ tịch. Liên hiệp các tổ chức hữu nghị "
                "Việt Nam tặng Bằng khen cho 4 tập thể và 6 cá nhân, Kỷ niệm chương “Vì hòa bình, hữu nghị giữa các "
                "dân tộc” cho 8 cá nhân."
            ),
            "notes": "Ngày đại hội là minh hoạ (illustrative): bài viết chỉ nói nhiệm kỳ 2018–2023.",
        },
    )
    national = AwardType.objects.filter(unit__isnull=True)  # a province's own types may share the kind
    certificate = national.get(kind=AwardKind.CERTIFICATE)
    badge = national.get(kind=AwardKind.MEDAL)
    certificates = upsert(
        Decision,
        lookup={"unit": phu_tho, "number": "DEMO-01/QĐ-LHHN"},
        values={
            "award_type": certificate,
            "decided_on": CONGRESS_DAY,
            "issuing_body": vufo_body,
            "ceremony": congress,
            "notes": "Số quyết định là minh hoạ (illustrative); 4 tập thể và 6 cá nhân theo bài viết.",
        },
    )
    badges = upsert(
        Decision,
        lookup={"unit": phu_tho, "number": "DEMO-02/QĐ-LHHN"},
        values={
            "award_type": badge,
            "decided_on": CONGRESS_DAY,
            "issuing_body": vufo_body,
            "ceremony": congress,
            "notes": "Số quyết định là minh hoạ (illustrative); 8 cá nhân theo bài viết.",
        },
    )
    for n in range(1, 5):
        org = upsert(
            Organisation,
            lookup={"unit": phu_tho, "name": f"Tập thể được khen thưởng {n} – LHHN tỉnh Phú Thọ (minh hoạ)"},
            values={"kind": OrganisationKind.OTHER, "notes": ILLUSTRATIVE},
        )
        upsert(
            Award, lookup={"decision": certificates, "organisation": org}, values={"origin": RecipientOrigin.VIETNAMESE}
        )
    for n in range(1, 7):
        person = upsert(
            Person,
            lookup={"unit": phu_tho, "full_name": f"Cá nhân được tặng Bằng khen {n} (minh hoạ)"},
            values={"kind": PersonKind.MEMBER, "notes": ILLUSTRATIVE},
        )
        upsert(
            Award, lookup={"decision": certificates, "person": person}, values={"origin": RecipientOrigin.VIETNAMESE}
        )
    for n in range(1, 9):
        person = upsert(
            Person,
            lookup={"unit": phu_tho, "full_name": f"Cá nhân được tặng Kỷ niệm chương {n} (minh hoạ)"},
            values={"kind": PersonKind.MEMBER, "notes": ILLUSTRATIVE},
        )
        upsert(Award, lookup={"decision": badges, "person": person}, values={"origin": RecipientOrigin.VIETNAMESE})
    _foreign_friends(ctx, badge, vufo_body)


def _foreign_friends(ctx: DemoContext, medal: AwardType, vufo_body: str) -> None:
    """Three foreign recipients: the article names their countries, not the people."""
    vufo = ctx.units["vufo"]
    brazil, bolivia = Country.objects.get(iso_alpha2="BR"), Country.objects.get(iso_alpha2="BO")
    ceremony = upsert(
        Activity,
        lookup={"unit": vufo, "title": "Trao Kỷ niệm chương “Vì hòa bình, hữu nghị giữa các dân tộc” tại Brasília"},
        values={
            "type": ActivityType.OTHER,
            "start_date": BRASILIA_DAY,
            "foreign_cities": "Brasília",
            "venue": "Đại sứ quán Việt Nam tại Brazil",
            "purpose": "Đại sứ quán, được Liên hiệp các tổ chức hữu nghị Việt Nam ủy quyền, trao Kỷ niệm chương "
            "cho ba người bạn Brazil và Bolivia.",
            "notes": "Năm 2024 là suy ra từ ngày đăng bài (27/05/2024); bài viết chỉ ghi ngày 15/3.",
        },
        m2m={"countries": [brazil, bolivia]},
    )
    decision = upsert(
        Decision,
        lookup={"unit": vufo, "number": "DEMO-03/QĐ-LHHN"},
        values={
            "award_type": medal,
            "decided_on": BRASILIA_DAY,
            "issuing_body": vufo_body,
            "ceremony": ceremony,
            "notes": "Số và ngày quyết định là minh hoạ (illustrative); 3 người bạn Brazil và Bolivia theo bài viết.",
        },
    )
    for n, country in enumerate([brazil, brazil, bolivia], start=1):
        person = upsert(
            Person,
            lookup={
                "unit": vufo,
                "full_name": f"Người bạn {country.iso_alpha2} được tặng Kỷ niệm chương {n} (minh hoạ)",
            },
            values={"kind": PersonKind.FOREIGN_FRIEND, "country": country, "notes": ILLUSTRATIVE},
        )
        upsert(Award, lookup={"decision": decision, "person": person}, values={"origin": RecipientOrigin.FOREIGN})
