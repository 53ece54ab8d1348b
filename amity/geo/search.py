"""Places and countries are chosen through pickers (no search results of their own)."""

from amity.core.pickers import Picker

from .models import AdminUnit, Country

PICKERS = [
    Picker(AdminUnit),
    Picker(Country, fields=("name_vi", "name_en", "name_zh", "name_ru", "iso_alpha2", "iso_alpha3")),
]
