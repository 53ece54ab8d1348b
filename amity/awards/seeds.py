"""The national award types in the other interface languages (Amity's own translations)."""

from amity.core.services import blanks_fill

#: Vietnamese name (as seeded) -> (English, Chinese, Russian).
AWARD_TYPE_NAMES = {
    "Bằng khen của Liên hiệp các tổ chức hữu nghị Việt Nam": (
        "Certificate of merit of the Vietnam Union of Friendship Organizations",
        "越南友好组织联合会奖状",
        "Почётная грамота Союза обществ дружбы Вьетнама",
    ),
    "Kỷ niệm chương “Vì hòa bình, hữu nghị giữa các dân tộc”": (
        "Medal “For Peace and Friendship among Nations”",
        "“为了各民族和平与友谊”纪念章",
        "Памятная медаль «За мир и дружбу между народами»",
    ),
    "Huy hiệu kỷ niệm": ("Commemorative badge", "纪念徽章", "Памятный значок"),
}


def award_type_names_fill(AwardType) -> int:
    """Fill the empty English, Chinese and Russian names of the national award types seeded."""
    filled = 0
    for award_type in AwardType.objects.filter(unit__isnull=True, name__in=AWARD_TYPE_NAMES):
        values = dict(zip(("name_en", "name_zh", "name_ru"), AWARD_TYPE_NAMES[award_type.name], strict=True))
        filled += blanks_fill(award_type, values)
    return filled
