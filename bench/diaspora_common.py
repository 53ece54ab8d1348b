"""Shared set-up for the diaspora benchmarks: a throw-away database and generated people."""

import os
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Kim", "Công", "Bảo", "Gia"]
GIVEN = [
    "An", "Anh", "Bình", "Chi", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo",
    "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến", "Đạt", "Định", "Hòa", "Lộc",
]  # fmt: skip
COUNTRIES = ["Nhật Bản", "Hàn Quốc", "Đài Loan", "Séc", "Đức", "Ba Lan", "Nga", "Ukraina", "Pháp", "Hoa Kỳ"]
PROVINCES = ["Bắc Giang", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Phú Thọ", "Vĩnh Phúc", "Hà Tĩnh"]


def setup_django(db_name: str, *, fresh: bool = True) -> None:
    """Point Django at a benchmark database (SQLite file by default) and migrate it.

    Called again in the same process (one database per contender), it closes the connection
    and points it at the new database, so that every contender starts from empty tables.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
    if os.environ.get("AMITY_DB_ENGINE", "sqlite") == "sqlite":
        path = Path("/tmp") / f"{db_name}.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        name = str(path)
    else:
        name = db_name
        if fresh:
            _recreate_postgres(name)
    os.environ["AMITY_DB_NAME"] = name
    import django
    from django.apps import apps

    if apps.ready:  # settings were read by an earlier call: switch the connection itself
        from django.conf import settings
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections

        connections.close_all()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        ContentType.objects.clear_cache()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from amity.geo import services
    from amity.geo.models import Country

    if not Country.objects.exists():
        services.countries_sync()
        services.provinces_sync()


def _recreate_postgres(name: str) -> None:
    import psycopg

    params = {"host": os.environ.get("AMITY_DB_HOST", ""), "user": os.environ.get("AMITY_DB_USER", "postgres")}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def unit_and_user():
    from django.contrib.auth import get_user_model

    from amity.core.roles import UnitKind
    from amity.units.models import Unit

    unit, _ = Unit.objects.get_or_create(name="Benchmark union", defaults={"kind": UnitKind.PROVINCIAL})
    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_superuser": True})
    return unit, user


def person(rng: random.Random, i: int) -> dict:
    """One generated person with a unique name (the index keeps names apart)."""
    year = rng.randint(1950, 2004)
    return {
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {to_words(i)}",
        "sex": rng.choice(["Nam", "Nữ"]),
        "birth_year": year,
        "birth_date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
        "home": rng.choice(PROVINCES),
        "country": rng.choice(COUNTRIES),
        "city": "Praha",
        "since": str(rng.randint(1990, 2024)),
        "occupation": "Kinh doanh",
        "phone": f"+420 7{rng.randint(10_000_000, 99_999_999)}",
        "consent": "15/03/2026",
    }


_SYLLABLES = ["ba", "ca", "da", "ga", "ha", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "va", "xa", "ya"]


def to_words(i: int) -> str:
    """A pronounceable tag for ``i`` (so that generated names stay distinct without digits)."""
    out = []
    while True:
        out.append(_SYLLABLES[i % 16])
        i //= 16
        if not i:
            break
    return "".join(out).capitalize()


# --- names as Vietnamese names really repeat -------------------------------------------------------
# Shares of family names (per cent) from published counts of Vietnamese surnames; the remaining
# share is spread over the less common names. Middle and given names by sex, the most common first,
# drawn with weights falling as 1/rank^0.9 (so that namesakes born the same year are common).

FAMILY_SHARES = {
    "Nguyễn": 38.4, "Trần": 12.1, "Lê": 9.5, "Phạm": 7.0, "Phan": 4.5, "Hoàng": 3.0, "Huỳnh": 2.1,
    "Vũ": 2.0, "Võ": 1.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5,
}  # fmt: skip
FAMILY_OTHER = [
    "Đinh", "Trương", "Lương", "Đoàn", "Mai", "Cao", "Lâm", "Tạ", "Hà", "Chu", "Tô", "Lưu", "Trịnh",
    "Đào", "Kiều", "Quách", "Thái", "Triệu", "La", "Mạc", "Khúc", "Vương", "Tăng", "Giáp", "Châu",
]  # fmt: skip
MIDDLE_BY_SEX = {
    "Nam": (["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Xuân", "Thanh", "Quang", "Đình", "Trọng", "Tuấn",
             "Hoàng", "Ngọc", "Mạnh", "Thế", "Duy", "Anh", "Bá", "Tiến"], [40, 8, 7, 5, 5, 4, 4, 4, 4, 4, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1]),
    "Nữ": (["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Phương", "Thùy", "Hồng", "Bích", "Hải", "Mai",
            "Diệu", "Quỳnh", "Bảo", "Khánh", "Hoài"], [55, 6, 5, 5, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1]),
}  # fmt: skip
GIVEN_BY_SEX = {
    "Nam": "Hùng Dũng Tuấn Minh Hải Nam Long Cường Sơn Thắng Trung Quân Hiếu Đức Anh Huy Phong Tùng Khánh "
    "Bình Hòa Thành Việt Toàn Tài Vinh Lâm Phúc Đạt Hoàng Quang Thịnh Tiến Kiên Lợi Tâm Hưng An Bảo Duy "
    "Giang Hiệp Hậu Khoa Lộc Mạnh Nghĩa Phát Quý Tân Thái Thiện Trí Trọng Tú Vũ Xuân Định Chiến Công".split(),
    "Nữ": "Linh Hương Lan Hoa Hà Trang Mai Anh Thảo Ngọc Hằng Nga Thủy Yến Phương Huyền Nhung Loan Vân Dung "
    "Hạnh Hiền Oanh Quỳnh Thu Tuyết Châu Giang Hồng Liên My Nhi Nhàn Phượng Thanh Thúy Trâm Uyên Vy Xuân "
    "Chi Diệp Duyên Hải Hậu Hoài Lý Nguyệt Tâm Thơ".split(),
}
CITIES = {
    "JP": ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Saitama"], "KR": ["Seoul", "Busan", "Incheon", "Ansan", "Daegu"],
    "TW": ["Taipei", "Taichung", "Kaohsiung", "Taoyuan"], "US": ["San Jose", "Houston", "Westminster", "Seattle"],
    "DE": ["Berlin", "Leipzig", "Hamburg", "Frankfurt"], "CZ": ["Praha", "Brno", "Ostrava", "Cheb"],
    "RU": ["Moskva", "Sankt-Peterburg", "Kazan"], "AU": ["Sydney", "Melbourne"], "FR": ["Paris", "Lyon"],
    "PL": ["Warszawa", "Kraków"], "GB": ["London", "Birmingham"],
}  # fmt: skip
COUNTRY_WEIGHTS = {"JP": 20, "KR": 15, "TW": 12, "US": 12, "DE": 8, "CZ": 6, "RU": 6, "AU": 6, "FR": 5, "PL": 4}
COUNTRY_WEIGHTS["GB"] = 3


class NameDrawer:
    """Draws realistic Vietnamese persons: names with their real repetition, facts with gaps."""

    def __init__(self, rng: random.Random, provinces: int = 63):
        self.rng = rng
        other = (100 - sum(FAMILY_SHARES.values())) / len(FAMILY_OTHER)
        self.family = (list(FAMILY_SHARES) + FAMILY_OTHER, list(FAMILY_SHARES.values()) + [other] * len(FAMILY_OTHER))
        self.given = {
            sex: (names, [1 / (r + 1) ** 0.9 for r in range(len(names))]) for sex, names in GIVEN_BY_SEX.items()
        }
        self.homes = (list(range(1, provinces + 1)), [1 / (r + 1) ** 0.5 for r in range(provinces)])
        self.countries = (list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values()))

    def pick(self, pair):
        return self.rng.choices(pair[0], pair[1])[0]

    def person(self) -> dict:
        rng = self.rng
        sex = rng.choice(["Nam", "Nữ"])
        words = [self.pick(self.family), self.pick(MIDDLE_BY_SEX[sex])]
        if rng.random() < 0.15:
            words.append(self.pick(MIDDLE_BY_SEX["Nữ" if sex == "Nam" else "Nam"]))
        words.append(self.pick(self.given[sex]))
        year = rng.randint(1950, 2004)
        known = rng.random()
        country = self.pick(self.countries)
        return {
            "full_name": " ".join(words),
            "sex": sex,
            "birth_year": year if known < 0.97 else None,
            "birth_date": date(year, rng.randint(1, 12), rng.randint(1, 28)) if known < 0.75 else None,
            "home": self.pick(self.homes) if rng.random() < 0.92 else None,
            "country": country,
            "city": rng.choice(CITIES[country]) if rng.random() < 0.8 else "",
            "phone": f"+{rng.randint(10, 99)} {rng.randint(100_000_000, 999_999_999)}" if rng.random() < 0.6 else "",
            "email": f"p{rng.getrandbits(40):x}@example.org" if rng.random() < 0.25 else "",
        }
