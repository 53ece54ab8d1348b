"""Likely duplicate persons: blocking, then rapidfuzz scoring, ranked with the reasons.

Two blocks keep the comparisons few: records whose folded name has the same words in any
order (catches diacritics, case and swapped order), and records with the same year of birth
and home province (catches typos). Within a block every pair is scored at once by
``rapidfuzz.process.cdist``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

THRESHOLD = 90  # token-sort similarity of the folded names, 0–100
MAX_BLOCK = 5000


@dataclass
class Candidate:
    """A pair of records that look like one person, with a score (0–100) and the reasons."""

    first: object
    second: object
    score: int
    reasons: list = field(default_factory=list)


def _reasons(a, b, name_score: float) -> list:
    reasons = []
    if a.full_name == b.full_name:
        reasons.append(_("same name"))
    elif a.search_name == b.search_name:
        reasons.append(_("same name without diacritics or case"))
    elif sorted(a.search_name.split()) == sorted(b.search_name.split()):
        reasons.append(_("same words in another order"))
    else:
        reasons.append(_("names differ by a letter or two (%(score)s%% alike)") % {"score": int(name_score)})
    if a.birth_year and a.birth_year == b.birth_year:
        reasons.append(_("same year of birth"))
    if a.home_unit_id and a.home_unit_id == b.home_unit_id:
        reasons.append(_("same home province"))
    if a.country_id == b.country_id:
        reasons.append(_("same country of residence"))
    return reasons


def _score(a, b, name_score: float) -> int | None:
    if a.birth_year and b.birth_year and a.birth_year != b.birth_year:
        return None
    score = name_score - 10
    score += 5 if a.birth_year and a.birth_year == b.birth_year else 0
    score += 3 if a.home_unit_id and a.home_unit_id == b.home_unit_id else 0
    score += 2 if a.country_id == b.country_id else 0
    return int(min(100, score))


def find_duplicates(records, *, threshold: int = THRESHOLD, same_unit: bool = True) -> list[Candidate]:
    """Ranked likely duplicates among ``records`` (objects with the compatriot fields).

    ``same_unit``: pair only records of one unit. The selector turns it off because it passes
    only the units whose personal data the user sees, so that a union finds its people twice
    across its own subtree too (Bắc Ninh's records and those it inherited from Bắc Giang).
    """
    people = list(
        records.only("pk", "unit_id", "full_name", "search_name", "birth_year", "home_unit_id", "country_id")
        if hasattr(records, "only")
        else records
    )
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        blocks[("words", " ".join(sorted(p.search_name.split())))].append(i)
        if p.birth_year and p.home_unit_id:
            blocks[("born", p.birth_year, p.home_unit_id)].append(i)
    seen: set[tuple[int, int]] = set()
    found = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        names = [people[i].search_name for i in members]
        matrix = process.cdist(names, names, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, workers=-1)
        for x, y in zip(*matrix.nonzero(), strict=True):
            if x >= y:
                continue
            a, b = people[members[x]], people[members[y]]
            if same_unit and a.unit_id != b.unit_id:
                continue
            key = (min(a.pk, b.pk), max(a.pk, b.pk))
            if key in seen:
                continue
            seen.add(key)
            name_score = float(matrix[x, y])
            score = _score(a, b, name_score)
            if score is not None:
                first, second = (a, b) if a.pk < b.pk else (b, a)
                found.append(Candidate(first, second, score, _reasons(a, b, name_score)))
    found.sort(key=lambda c: (-c.score, c.first.pk))
    return found
