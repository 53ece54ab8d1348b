"""The synthetic country's partners: foreign and domestic organisations and people, with their
memberships and agreements (100,000 partners and people at scale 1)."""

from amity.core.country import CountryContext
from amity.core.names import NameDrawer
from amity.core.text import fold
from amity.geo.models import Country

from .choices import AgreementKind, AgreementStatus, OrganisationKind, PersonKind, Sex
from .models import Agreement, Organisation, OrganisationMembership, Person

ORDER = 20
ORGANISATIONS = 50_000
PERSONS = 50_000
AGREEMENTS = 10_000

#: (partner country, share): where the partners are.
PARTNER_COUNTRIES = {"JP": 14, "KR": 12, "LA": 10, "CN": 10, "US": 9, "FR": 6, "DE": 6, "RU": 6, "KH": 5, "AU": 4}
PARTNER_COUNTRIES |= {"GB": 4, "TH": 3, "IT": 3, "NL": 2, "CZ": 2, "CU": 2, "IN": 2}
KINDS = {
    OrganisationKind.FOREIGN_NGO: 30,
    OrganisationKind.FOREIGN_LOCALITY: 10,
    OrganisationKind.BUSINESS: 20,
    OrganisationKind.UNIVERSITY: 10,
    OrganisationKind.EMBASSY: 3,
    OrganisationKind.INTERNATIONAL_ORGANISATION: 2,
    OrganisationKind.FRIENDSHIP_ASSOCIATION: 15,
    OrganisationKind.OTHER: 10,
}
NAME_PARTS = {
    OrganisationKind.FOREIGN_NGO: ("Quỹ", ["Hòa bình", "Hy vọng", "Trẻ em", "Nước sạch", "Giáo dục", "Y tế cộng đồng"]),
    OrganisationKind.FOREIGN_LOCALITY: ("Thành phố kết nghĩa", ["Bắc", "Nam", "Đông", "Tây", "Trung tâm"]),
    OrganisationKind.BUSINESS: ("Công ty", ["Thương mại", "Đầu tư", "Xây dựng", "Điện tử", "Dệt may"]),
    OrganisationKind.UNIVERSITY: ("Đại học", ["Quốc gia", "Bách khoa", "Ngoại ngữ", "Y khoa", "Kinh tế"]),
    OrganisationKind.EMBASSY: ("Đại sứ quán", [""]),
    OrganisationKind.INTERNATIONAL_ORGANISATION: ("Tổ chức", ["Phát triển", "Lương thực", "Di cư"]),
    OrganisationKind.FRIENDSHIP_ASSOCIATION: ("Hội hữu nghị", ["Việt Nam", "nhân dân", "thanh niên"]),
    OrganisationKind.OTHER: ("Câu lạc bộ", ["Hữu nghị", "Văn hóa", "Doanh nhân"]),
}
FOREIGN_NAMES = {
    "JP": (["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Ito"], ["Hiroshi", "Yuki", "Kenji", "Aiko", "Naoko"]),
    "KR": (["Kim", "Lee", "Park", "Choi", "Jung"], ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun"]),
    "US": (["Smith", "Johnson", "Brown", "Miller"], ["John", "Mary", "David", "Susan", "Michael"]),
    "FR": (["Martin", "Bernard", "Dubois", "Moreau"], ["Pierre", "Marie", "Jean", "Claire"]),
    "DE": (["Müller", "Schmidt", "Schneider", "Fischer"], ["Hans", "Anna", "Klaus", "Petra"]),
    "RU": (["Ivanov", "Smirnov", "Kuznetsov", "Popov"], ["Sergei", "Olga", "Dmitri", "Natalia"]),
    "LA": (["Phommachanh", "Sisoulath", "Keomany", "Vongsa"], ["Bounmy", "Somphone", "Khamla", "Vilay"]),
}


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    codes = dict(Country.objects.values_list("iso_alpha2", "pk"))
    partner_codes, partner_weights = list(PARTNER_COUNTRIES), list(PARTNER_COUNTRIES.values())
    kinds, kind_weights = list(KINDS), list(KINDS.values())
    unit_province = ctx.records["unit_province"]

    def organisation(i: int) -> Organisation:
        unit_id, _last = ctx.owner()
        kind = rng.choices(kinds, kind_weights)[0]
        code = rng.choices(partner_codes, partner_weights)[0]
        prefix, words = NAME_PARTS[kind]
        name = f"{prefix} {rng.choice(words)} {code}-{i}".replace("  ", " ")
        domestic = kind == OrganisationKind.FRIENDSHIP_ASSOCIATION
        return Organisation(
            unit_id=unit_id,
            kind=kind,
            name=name,
            country_id=codes["VN" if domestic else code],
            partner_country_id=codes[code] if domestic else None,
            province_id=unit_province.get(unit_id) if domestic else None,
            founded_on=ctx.day() if rng.random() < 0.5 else None,
            search_name=fold(name),
        )

    n = ctx.count(ORGANISATIONS)
    organisation_ids = ctx.bulk(Organisation, (organisation(i) for i in range(n)), total=n, ids=True)
    ngo_ids = list(
        Organisation.objects.filter(kind=OrganisationKind.FOREIGN_NGO).order_by("pk").values_list("pk", flat=True)
    )

    drawer = NameDrawer(rng)

    def person(i: int) -> Person:
        unit_id, _last = ctx.owner()
        if rng.random() < 0.6:
            drawn = drawer.person()
            name, sex, country, kind = drawn["full_name"], drawn["sex"], "VN", rng.choice(PersonKind.values[:2])
            sex = Sex.MALE if sex == "Nam" else Sex.FEMALE
        else:
            country = rng.choice(list(FOREIGN_NAMES))
            family, given = FOREIGN_NAMES[country]
            name, sex, kind = f"{rng.choice(family)} {rng.choice(given)}", "", PersonKind.FOREIGN_FRIEND
        return Person(
            unit_id=unit_id,
            full_name=name,
            kind=kind,
            sex=sex,
            birth_year=rng.randint(1940, 2000) if rng.random() < 0.7 else None,
            country_id=codes[country],
            search_name=fold(name),
        )

    n = ctx.count(PERSONS)
    person_ids = ctx.bulk(Person, (person(i) for i in range(n)), total=n, ids=True)
    ctx.bulk(
        OrganisationMembership,
        (
            OrganisationMembership(person_id=p, organisation_id=rng.choice(organisation_ids), start=ctx.day())
            for p in person_ids[::2]
        ),
        total=len(person_ids[::2]),
    )

    def agreement(i: int) -> Agreement:
        unit_id, last = ctx.owner()
        signed = ctx.day(last=last)
        title = f"Thỏa thuận hợp tác số {i + 1}"
        return Agreement(
            unit_id=unit_id,
            kind=rng.choice(AgreementKind.values),
            title=title,
            search_name=Agreement.search_key(title),
            signed_on=signed,
            term_start=signed,
            term_end=signed.replace(year=signed.year + 5, day=min(signed.day, 28)),
            status=rng.choice([AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED]),
        )

    n = ctx.count(AGREEMENTS)
    agreement_ids = ctx.bulk(Agreement, (agreement(i) for i in range(n)), total=n, ids=True)
    ctx.bulk(
        Agreement.parties.through,
        (
            Agreement.parties.through(agreement_id=a, organisation_id=rng.choice(organisation_ids))
            for a in agreement_ids
        ),
        total=len(agreement_ids),
        label="agreement parties",
    )
    ctx.records.update(organisations=organisation_ids, ngos=ngo_ids, persons=person_ids, agreements=agreement_ids)
