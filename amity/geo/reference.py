"""What ``manage.py reference_load`` gives a fresh installation from this app: the countries and
the administrative units, when none are loaded yet (``geo_sync`` refreshes them later)."""

from .models import Country
from .services import countries_sync, provinces_sync


def load() -> list[str]:
    if Country.objects.exists():
        return []
    countries, provinces = countries_sync(), provinces_sync()
    return [f"{countries} countries", f"{provinces['former'] + provinces['current']} provinces"]
