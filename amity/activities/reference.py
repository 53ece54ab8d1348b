"""What ``manage.py reference_load`` gives a fresh installation from this app: the dates of
diplomatic relations and the national days, with their names in every language."""

from .models import NationalDay
from .services import national_day_names_fill, national_days_load, relations_load


def load() -> list[str]:
    relations, days = relations_load(), national_days_load()
    national_day_names_fill(NationalDay)
    return [f"{relations} diplomatic relations", f"{days} national days"]
