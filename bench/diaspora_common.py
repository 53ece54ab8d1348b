"""Shared set-up for the diaspora benchmarks: a throw-away database and generated people."""

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amity.core.names import NameDrawer  # noqa: E402  (realistic names, shared with make_country)

__all__ = ["NameDrawer"]

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
            from django.apps import apps
            from django.db import connections

            if apps.ready:  # before the first setup, touching the connections would read the settings too early
                connections.close_all()  # an earlier call's connection would keep the database in use
            _recreate_postgres(name)
        else:
            _create_postgres(name)
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
    with _server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _create_postgres(name: str) -> None:
    """Create the database if it is missing, so that a first ``--reuse`` run on a new machine loads it."""
    with _server() as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _server():
    import psycopg

    params = {"host": os.environ.get("AMITY_DB_HOST", ""), "user": os.environ.get("AMITY_DB_USER", "postgres")}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


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


def assert_one_change_per_record(model_name: str, n: int) -> None:
    """The import under test wrote ``n`` records of the diaspora model ``model_name`` and one "create"
    row in the change log for each."""
    from django.apps import apps

    from amity.audit.models import ObjectChange

    records = apps.get_model("diaspora", model_name).all_objects.count()
    changes = ObjectChange.objects.filter(content_type__model=model_name, action="create").count()
    assert records == changes == n, (records, changes, n)
