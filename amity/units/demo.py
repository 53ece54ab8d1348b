"""Demo units (VUFO and the provincial unions of the seed articles) and demo users."""

from datetime import date

from django.contrib.auth import get_user_model

from amity.core.demo import DemoContext, upsert
from amity.core.roles import UnitKind
from amity.geo.services import current_province_by_name, province_by_name

from .models import Membership, Unit

ORDER = 10
BEFORE = date(2025, 1, 1)

#: (user name, unit key, role); the password is "demo-" + user name.
DEMO_USERS = [
    ("admin", "vufo", "superuser"),
    ("vufo-admin", "vufo", "admin"),
    ("haiphong-admin", "hai_phong", "admin"),
    ("haiphong-editor", "hai_phong", "editor"),
    ("haiphong-viewer", "hai_phong", "viewer"),
    ("haiphong-auditor", "hai_phong", "auditor"),
    ("bacninh-admin", "bac_ninh", "admin"),
    ("bacninh-editor", "bac_ninh", "editor"),
    ("bacninh-viewer", "bac_ninh", "viewer"),
    ("bacninh-auditor", "bac_ninh", "auditor"),
    ("hatinh-editor", "ha_tinh", "editor"),
    ("phutho-editor", "phu_tho", "editor"),
]

PROVINCIAL_UNIONS = [
    # key, name, province (name, on day), valid_to, successor key
    ("bac_ninh", "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh", ("Bắc Ninh", None), None, None),
    (
        "bac_giang",
        "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        ("Bắc Giang", BEFORE),
        date(2025, 6, 30),
        "bac_ninh",
    ),
    ("hai_phong", "Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng", ("Hải Phòng", None), None, None),
    (
        "hai_duong",
        "Liên hiệp các tổ chức hữu nghị tỉnh Hải Dương",
        ("Hải Dương", BEFORE),
        date(2025, 6, 30),
        "hai_phong",
    ),
    ("phu_tho", "Liên hiệp các tổ chức hữu nghị tỉnh Phú Thọ", ("Phú Thọ", None), None, None),
    ("vinh_phuc", "Liên hiệp các tổ chức hữu nghị tỉnh Vĩnh Phúc", ("Vĩnh Phúc", BEFORE), date(2025, 6, 30), "phu_tho"),
    ("hoa_binh", "Liên hiệp các tổ chức hữu nghị tỉnh Hòa Bình", ("Hòa Bình", BEFORE), date(2025, 6, 30), "phu_tho"),
    ("ha_tinh", "Liên hiệp các tổ chức hữu nghị tỉnh Hà Tĩnh", ("Hà Tĩnh", None), None, None),
]


def load(ctx: DemoContext) -> None:
    vufo = upsert(
        Unit,
        lookup={"name": "Liên hiệp các tổ chức hữu nghị Việt Nam"},
        values={"kind": UnitKind.CENTRAL, "short_name": "VUFO"},
    )
    ctx.units["vufo"] = vufo
    for key, name, (province_name, on), valid_to, successor in PROVINCIAL_UNIONS:
        province = province_by_name(province_name, on=on) if on else current_province_by_name(province_name)
        values = {"kind": UnitKind.PROVINCIAL, "parent": vufo, "province": province, "valid_to": valid_to}
        if successor:
            values["successor"] = ctx.units[successor]
        ctx.units[key] = upsert(Unit, lookup={"name": name}, values=values)

    User = get_user_model()
    for username, unit_key, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=f"demo-{username}",
                is_staff=role == "superuser",
                is_superuser=role == "superuser",
            )
        ctx.users[username] = user
        if role != "superuser":
            upsert(Membership, lookup={"user": user, "unit": ctx.units[unit_key]}, values={"role": role})
    ctx.actor = ctx.users["admin"]
