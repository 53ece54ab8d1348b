"""The synthetic country's unit tree: VUFO, a union per province (the 34 current ones and the
pre-2025 ones merged into them), bilateral friendship associations and their branches, and a user
per union (the central union's administrator, each current union's editor)."""

from itertools import accumulate

from django.contrib.auth import get_user_model

from amity.core.country import LAST_DAY, LAST_DAY_BEFORE_MERGER, CountryContext
from amity.core.roles import Role, UnitKind
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country

from .models import Membership, Unit

ORDER = 10

#: Partner countries of the friendship associations, the most common first.
PARTNERS = ["LA", "KH", "CN", "JP", "KR", "RU", "US", "FR", "DE", "CU", "IN", "TH", "AU", "GB", "IT", "CZ", "PL", "NL"]
CENTRAL_ASSOCIATIONS = 18
PROVINCIAL_ASSOCIATIONS = 4
BRANCHES_PER_ASSOCIATION = 2
#: Shares of the records each kind of unit holds (per unit).
WEIGHTS = {UnitKind.CENTRAL: 40, UnitKind.PROVINCIAL: 20, UnitKind.ASSOCIATION: 2, UnitKind.BRANCH: 0.5}
FORMER_WEIGHT = 10


def username_for(province_name: str) -> str:
    """The editor of a current province's union: ``hai-phong-editor`` for Hải Phòng."""
    return f"{fold(province_name).replace(' ', '-')}-editor"


def fill(ctx: CountryContext) -> None:
    User = get_user_model()
    countries = dict(Country.objects.filter(iso_alpha2__in=PARTNERS).values_list("iso_alpha2", "pk"))
    provinces = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).prefetch_related("successors")
    current = sorted((p for p in provinces if p.valid_to is None), key=lambda p: p.code)
    former = sorted((p for p in provinces if p.valid_to is not None), key=lambda p: p.code)

    vufo = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị Việt Nam", short_name="VUFO", kind=UnitKind.CENTRAL)
    owners: list[tuple[int, object, float]] = [(vufo.pk, LAST_DAY, WEIGHTS[UnitKind.CENTRAL])]
    union_of: dict[int, Unit] = {}

    def union(province: AdminUnit, *, successor: Unit | None = None) -> Unit:
        kind_word = "thành phố" if province.full_name.startswith("Thành phố") else "tỉnh"
        made = Unit.objects.create(
            name=f"Liên hiệp các tổ chức hữu nghị {kind_word} {province.name}",
            kind=UnitKind.PROVINCIAL,
            parent=vufo,
            province=province,
            valid_to=LAST_DAY_BEFORE_MERGER if successor else None,
            successor=successor,
        )
        union_of[province.pk] = made
        return made

    def associations(parent: Unit, number: int, last) -> None:
        for i in range(number):
            code = PARTNERS[i % len(PARTNERS)]
            association = Unit.objects.create(
                name=f"Hội hữu nghị Việt Nam – {code} ({parent.short_name or parent.province.name})",
                kind=UnitKind.ASSOCIATION,
                parent=parent,
                partner_country_id=countries.get(code),
                valid_to=parent.valid_to,
            )
            owners.append((association.pk, last, WEIGHTS[UnitKind.ASSOCIATION]))
            for b in range(BRANCHES_PER_ASSOCIATION):
                branch = Unit.objects.create(
                    name=f"Chi hội {b + 1}, {association.name}",
                    kind=UnitKind.BRANCH,
                    parent=association,
                    valid_to=parent.valid_to,
                )
                owners.append((branch.pk, last, WEIGHTS[UnitKind.BRANCH]))

    associations(vufo, CENTRAL_ASSOCIATIONS, LAST_DAY)
    for province in current:
        made = union(province)
        owners.append((made.pk, LAST_DAY, WEIGHTS[UnitKind.PROVINCIAL]))
        associations(made, PROVINCIAL_ASSOCIATIONS, LAST_DAY)
    for province in former:
        successor = union_of[province.successors.all()[0].pk]
        if fold(province.name) == fold(successor.province.name):
            continue  # the province kept its name: its union goes on as the current one
        made = union(province, successor=successor)
        owners.append((made.pk, LAST_DAY_BEFORE_MERGER, FORMER_WEIGHT))
        associations(made, PROVINCIAL_ASSOCIATIONS // 2, LAST_DAY_BEFORE_MERGER)

    admin = User.objects.create_user(username="central-admin", password=None)
    Membership.objects.create(user=admin, unit=vufo, role=Role.ADMIN)
    for province in current:
        editor = User.objects.create_user(username=username_for(province.name), password=None)
        Membership.objects.create(user=editor, unit=union_of[province.pk], role=Role.EDITOR)

    ctx.records["central"] = vufo.pk
    ctx.records["unions"] = [union_of[province.pk].pk for province in current]
    ctx.records["owners"] = [(unit_id, last) for unit_id, last, _weight in owners]
    ctx.records["owner_weights"] = list(accumulate(weight for _u, _l, weight in owners))
    ctx.records["unit_province"] = {
        unit_id: province_id
        for unit_id, province_id in Unit.objects.filter(province__isnull=False).values_list("pk", "province")
    }
