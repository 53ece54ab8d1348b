"""Shared test helpers: users with roles in units, and the province fixtures of the seeds."""

from datetime import date

from django.contrib.auth import get_user_model

from amity.geo.services import current_province_by_name, province_by_name
from amity.units.choices import Role, UnitKind
from amity.units.models import Membership, Unit


def make_user(username: str, *, unit: Unit | None = None, role: str = Role.EDITOR, **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_unit_tree():
    """VUFO with the Hải Phòng union and the Bắc Giang union merged into the Bắc Ninh union.

    Returns a dict of units keyed by short names used across the tests.
    """
    vufo = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị Việt Nam", kind=UnitKind.CENTRAL)
    hai_phong = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị TP Hải Phòng",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=current_province_by_name("Hải Phòng"),
    )
    bac_ninh = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=current_province_by_name("Bắc Ninh"),
        valid_from=date(2025, 7, 1),
    )
    bac_giang = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=province_by_name("Bắc Giang", on=date(2022, 1, 1)),
        valid_to=date(2025, 6, 30),
        successor=bac_ninh,
    )
    bg_japan = Unit.objects.create(
        name="Hội hữu nghị Việt Nam – Nhật Bản tỉnh Bắc Giang", kind=UnitKind.ASSOCIATION, parent=bac_giang
    )
    hp_laos = Unit.objects.create(
        name="Hội hữu nghị Việt Nam – Lào TP Hải Phòng", kind=UnitKind.ASSOCIATION, parent=hai_phong
    )
    return {
        "vufo": vufo,
        "hai_phong": hai_phong,
        "bac_ninh": bac_ninh,
        "bac_giang": bac_giang,
        "bg_japan": bg_japan,
        "hp_laos": hp_laos,
    }
