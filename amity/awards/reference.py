"""What ``manage.py reference_load`` gives a fresh installation from this app: the national award
types of the seed migration, with their names in every language."""

import importlib

from .models import AwardType
from .seeds import award_type_names_fill

#: The award types as the migration that first added them lists them (kept as it was then).
SEED = importlib.import_module("amity.awards.migrations.0002_seed_award_types").SEED


def load() -> list[str]:
    added = 0
    for name, kind, conferred_by, description in SEED:
        _type, created = AwardType.all_objects.get_or_create(
            name=name, unit=None, defaults={"kind": kind, "conferred_by": conferred_by, "description": description}
        )
        added += created
    award_type_names_fill(AwardType)
    return [f"{added} award types"]
