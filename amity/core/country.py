"""A synthetic country for benchmarks and the national smoke test (``manage.py make_country``).

Each app fills its own records in ``<app>.country.fill(ctx)`` (in ``ORDER``), through bulk inserts
in batches. The same seed and scale give the same records. Volumes are those of a whole country at
scale factor 1 (a million compatriots); ``ctx.count`` scales them, never below one.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tqdm import tqdm

#: Twenty years of records, ending with the current year of the benchmarks.
FIRST_DAY = date(2007, 1, 1)
LAST_DAY = date(2026, 12, 31)
#: Provinces merged on 1 July 2025: their unions hold records up to the day before.
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)


@dataclass
class CountryContext:
    """What the apps' fillers share: the scale, one seeded random stream, and the records made so far."""

    scale: float
    seed: int = 2025
    batch_size: int = 5000
    progress: bool = True
    rng: random.Random = field(init=False)
    #: Record ids each filler offers the next ones, by key ("units", "organisations", ...).
    records: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def count(self, at_full_scale: int) -> int:
        """The number of records at this scale for ``at_full_scale`` records at scale 1 (at least one)."""
        return max(1, round(at_full_scale * self.scale))

    def day(self, *, last: date = LAST_DAY) -> date:
        """A day of the twenty years, uniformly drawn (up to ``last``)."""
        span = (min(last, LAST_DAY) - FIRST_DAY).days
        return FIRST_DAY + timedelta(days=self.rng.randint(0, span))

    def owner(self) -> tuple[int, date]:
        """A unit to own a record, drawn by the units' weights, with the last day it held records."""
        units = self.records["owners"]
        unit_id, last = self.rng.choices(units, cum_weights=self.records["owner_weights"])[0]
        return unit_id, last

    def bulk(self, model, rows, *, total: int, label: str | None = None, ids: bool = False) -> list[int]:
        """Insert ``rows`` (unsaved instances, or a many-to-many table's rows) in batches with a
        progress bar; the new primary keys in order when ``ids`` (none kept otherwise)."""
        saved: list[int] = []
        batch: list = []
        name = label or str(model._meta.verbose_name_plural)

        def flush() -> None:
            made = model._default_manager.bulk_create(batch)
            if ids:
                saved.extend(row.pk for row in made)
            bar.update(len(batch))
            batch.clear()

        with tqdm(total=total, desc=name, unit="row", disable=not self.progress) as bar:
            for row in rows:
                batch.append(row)
                if len(batch) >= self.batch_size:
                    flush()
            if batch:
                flush()
        return saved
