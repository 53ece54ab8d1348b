"""Benchmark: the sector picker's answer, found by the sector names in the user's language.

Run:  AMITY_DEBUG=1 AMITY_DB_NAME=/tmp/amity-pages.sqlite3 .venv/bin/python bench/sector_picker.py
      (any database with the IATI sectors loaded: the demo's copy, as for page_times.py)

Times ``core.matching.match`` over the 325 sectors for queries a Vietnamese user types, three
ways: the English columns only (what the picker matched before the translations), with the
names in the user's language folded once and kept (``aid.models.sector_search_names``: what the
picker does), and with every language's names folded at each query (the naive way). Prints the
wall and CPU time per query and the ratios, with the load average.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")

QUERIES = ["nước sạch", "giáo dục", "sot ret", "12262", "malaria", "phong chong thien tai"]
ROUNDS = 5


def main() -> None:
    import django

    django.setup()
    from django.utils import translation

    from amity.aid.models import Sector, sector_aliases
    from amity.aid.search import PICKERS
    from amity.core.matching import match
    from amity.core.text import fold

    picker = PICKERS[0]

    def every_language(code, name, category_code, category_name):
        return [fold(alias) for alias in sector_aliases(code, category_code)]

    ways = [
        ("English columns only", None),
        ("user's language, folded once", picker.aliases),
        ("every language, folded each query", every_language),
    ]
    translation.activate("vi")
    sectors = Sector.objects.all()
    print(f"{sectors.count()} sectors, {len(QUERIES)} queries x {ROUNDS}")
    results = {}
    for label, aliases in ways:
        match(sectors, "x", fields=picker.fields, aliases=aliases)  # warm-up: names read and kept
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(ROUNDS):
            for query in QUERIES:
                match(sectors, query, fields=picker.fields, aliases=aliases)
        count = ROUNDS * len(QUERIES)
        results[label] = ((time.perf_counter() - wall) / count * 1000, (time.process_time() - cpu) / count * 1000)
        print(f"{label:36} {results[label][0]:7.1f} ms wall {results[label][1]:7.1f} ms CPU per query")
    kept, naive = results[ways[1][0]][1], results[ways[2][0]][1]
    print(f"every language folded each query / the picker's way (CPU): {naive / kept:.1f}x")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
