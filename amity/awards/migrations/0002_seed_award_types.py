"""The three forms of recognition the VUFO system confers (editable afterwards)."""

from django.db import migrations

SEED = [
    (
        "Bằng khen của Liên hiệp các tổ chức hữu nghị Việt Nam",
        "certificate",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        "Certificate of merit of the Vietnam Union of Friendship Organizations.",
    ),
    (
        "Kỷ niệm chương “Vì hòa bình, hữu nghị giữa các dân tộc”",
        "medal",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        "Medal “For Peace and Friendship among Nations”, conferred by VUFO on Vietnamese and foreign friends.",
    ),
    (
        "Huy hiệu kỷ niệm",
        "badge",
        "",
        "Commemorative badge.",
    ),
]


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for name, kind, conferred_by, description in SEED:
        AwardType.objects.get_or_create(
            name=name, defaults={"kind": kind, "conferred_by": conferred_by, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
