"""Likely duplicate persons: records that name one person, told apart from namesakes.

Vietnamese names repeat: thousands of people are called Nguyễn Văn Hùng, dozens of them born in
the same year. A matching name is therefore never enough. A pair is offered only when

* the names are the same person's name written another way: the same words without diacritics
  or in another order, a middle name left out, or one word mistyped (a rare spelling of a common
  word, so that An and Anh stay two names), and
* nothing contradicts: two different dates or years of birth, home provinces, countries or
  cities, where both records give one (two phones only weigh against: ``PHONE_CHANGED``), and
* the facts both records share (date of birth, phone, e-mail, home province, country, city) are
  rarer than the name is common: among the g records of that name and year there are g(g-1)/2
  pairs of different people, and the chance that one of them shares those facts by accident
  (read off the records themselves: how often two people share a birthday within a year, a
  province, a city) must stay below ``CHANCE``. A rare name with the same year and province is
  enough; the thirtieth Nguyễn Văn Hùng born in 1980 needs a phone or a date of birth with more.

Candidates come from groups of records that share the name's words (all of them, all but one,
or all but a misspelt one) and the year of birth, or a phone or e-mail; the facts of all pairs are
then judged at once by NumPy, so the work grows with the number of namesakes, not with the square
of the records.
"""

import functools
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import Levenshtein

from amity.core.text import fold

MAX_BLOCK = 5000  # larger groups of namesakes are skipped (no office holds 5,000 people of one name and year)
RARE = 0.02  # a word is a misspelling when it is at most this share as frequent as the word it resembles
CHANCE = 0.15  # at most this many namesake pairs may share a pair's facts by chance
#: How often one person's two records give two phones (a number changed between them): two
#: records that differ there are this much less likely one person than the rest says.
PHONE_CHANGED = 0.1
#: Until the records hold this many pairs, the chances of sharing a fact lean on what is true of
#: any population: a birthday is one in 365 within a year, a phone or e-mail is a person's own,
#: 34 provinces, a handful of countries and cities where most compatriots live.
PRIOR_PAIRS = 10_000

FIELDS = ("pk", "unit_id", "full_name", "search_name", "birth_year", "birth_date", "home_unit_id", "country_id")
FIELDS += ("city", "phone", "email")

#: Reason codes stored with a scan, and their text in the reader's language.
REASONS = {
    "same_name": _("same name"),
    "same_folded": _("same name without diacritics or case"),
    "other_order": _("same words in another order"),
    "missing_word": _("one name leaves out a middle name"),
    "typo": _("names differ by a letter or two"),
    "same_birth_date": _("same date of birth"),
    "same_birth_year": _("same year of birth"),
    "same_home": _("same home province"),
    "same_country": _("same country of residence"),
    "same_city": _("same city of residence"),
    "same_phone": _("same phone"),
    "same_email": _("same e-mail"),
}


@dataclass
class Candidate:
    """A pair of records that look like one person, with a score (0–100) and the reasons (codes)."""

    first: object
    second: object
    score: int
    codes: list = field(default_factory=list)

    @property
    def reasons(self) -> list:
        return [REASONS[code] for code in self.codes]


def _hash(text: str) -> int:
    return zlib.crc32(text.encode()) + 1 if text else 0


def _phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[-9:] if len(digits) >= 6 else ""


class _Facts:
    """The compared facts of every record as NumPy columns (0 where a record gives none)."""

    def __init__(self, people: list):
        self.year = np.array([p.birth_year or 0 for p in people], dtype=np.int32)
        self.dob = np.array([p.birth_date.toordinal() if p.birth_date else 0 for p in people], dtype=np.int32)
        self.home = np.array([p.home_unit_id or 0 for p in people], dtype=np.int64)
        self.country = np.array([p.country_id or 0 for p in people], dtype=np.int64)
        folded = functools.lru_cache(maxsize=None)(lambda city: _hash(fold(city)))
        self.city = np.array([folded(p.city) for p in people], dtype=np.int64)
        self.phone = np.array([_hash(_phone_key(p.phone)) for p in people], dtype=np.int64)
        self.email = np.array([_hash((p.email or "").strip().lower()) for p in people], dtype=np.int64)
        self.unit = np.array([p.unit_id or 0 for p in people], dtype=np.int64)

    @staticmethod
    def same(column, i, j):
        return (column[i] != 0) & (column[i] == column[j])

    @staticmethod
    def differ(column, i, j):
        return (column[i] != 0) & (column[j] != 0) & (column[i] != column[j])

    @staticmethod
    def collision(key, prior: float, within=None) -> float:
        """How likely two different records that both give ``key`` share its value by chance (among
        records sharing ``within``: a date of birth among people born the same year): the share of
        such pairs in these records, drawn towards ``prior`` while they are few (``PRIOR_PAIRS``)."""

        def pairs(column) -> float:
            _values, counts = np.unique(column, return_counts=True)
            counts = counts.astype(np.float64)
            return float((counts * (counts - 1)).sum())

        known = (key != 0) if within is None else (key != 0) & (within != 0)
        same = pairs(key[known])
        total = pairs(within[known]) if within is not None else float(known.sum()) * float(known.sum() - 1)
        return (same + PRIOR_PAIRS * prior) / (max(total, 0.0) + PRIOR_PAIRS)

    def chances(self) -> dict[str, float]:
        """For each fact, the chance that two different people share it, read off these records."""
        country_city = np.where(self.city != 0, self.country * 1_000_003 + self.city, 0)
        return {
            "same_birth_date": self.collision(self.dob, 1 / 365, within=self.year),
            "same_phone": self.collision(self.phone, 1e-6),
            "same_email": self.collision(self.email, 1e-6),
            "same_home": self.collision(self.home, 1 / 34),
            "same_country": self.collision(self.country, 1 / 5),
            "same_city": self.collision(country_city, 1 / 5, within=np.where(self.city != 0, self.country, 0)),
        }

    def weak_enough(self, chances: dict[str, float]) -> float:
        """The most namesakes among whom a pair sharing only the weak facts (home province,
        country, city: no date of birth, phone or e-mail) can still be told apart (see ``judge``)."""
        weak = chances["same_home"] * chances["same_country"] * chances["same_city"]
        return (1 + np.sqrt(1 + 8 * CHANCE / weak)) / 2  # g(g-1)/2 * weak = CHANCE

    def judge(self, i, j, namesakes, chances: dict[str, float] | None = None):
        """For pairs (i, j): whether nothing contradicts and the shared facts outweigh the namesakes,
        the number of strong facts shared (date of birth, phone, e-mail), and each agreement.

        ``namesakes``: for each pair, how many records bear its name and year of birth. Among g
        such records there are g(g-1)/2 pairs of different people; the facts two records share
        are evidence only if fewer than ``CHANCE`` of those pairs would share them by chance."""
        agree = {
            "same_birth_date": self.same(self.dob, i, j),
            "same_phone": self.same(self.phone, i, j),
            "same_email": self.same(self.email, i, j),
            "same_birth_year": self.same(self.year, i, j),
            "same_home": self.same(self.home, i, j),
            "same_country": self.same(self.country, i, j),
            "same_city": self.same(self.city, i, j),
        }
        conflict = self.differ(self.dob, i, j) | self.differ(self.year, i, j) | self.differ(self.home, i, j)
        conflict |= self.differ(self.country, i, j) | self.differ(self.city, i, j)
        strong = agree["same_birth_date"].astype(np.int8) + agree["same_phone"] + agree["same_email"]
        # a different phone is evidence against, not a contradiction: people change numbers
        log_chance = np.where(self.differ(self.phone, i, j), -np.log(PHONE_CHANGED), 0.0)
        for name, chance in (chances or self.chances()).items():
            log_chance += np.where(agree[name], np.log(chance), 0.0)
        g = np.maximum(namesakes.astype(np.float64), 2.0)
        enough = np.log(g * (g - 1) / 2) + log_chance <= np.log(CHANCE)
        return ~conflict & enough, strong, agree


def _all_pairs(members: list[int]) -> tuple[np.ndarray, np.ndarray]:
    index = np.asarray(members, dtype=np.int64)
    x, y = np.triu_indices(len(index), 1)
    return index[x], index[y]


def _cross_pairs(left: list[int], right: list[int]) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    return np.repeat(a, len(b)), np.tile(b, len(a))


def _candidate_pairs(
    tokens: list[tuple[str, ...]],
    counts: Counter,
    facts: _Facts,
    chances: dict,
    progress,
    accents: list[tuple[str, ...] | None] | None = None,
):
    """Pairs of records worth judging, as codes ``i * n + j`` (i < j), each once, and for each
    record the number of records its name and year of birth may stand for (its namesakes and
    itself): those with its name words, or, for a name written with its diacritics (``accents``:
    its words so written, None for a name written without), those written the same and those
    whose name folds alike but is written without them (Nguyễn Văn Hùng is not Nguyễn Văn Hưng,
    Nguyen Van Hung may be either).
    Among more namesakes than the weak facts can tell apart (``_Facts.weak_enough``), only pairs
    sharing a date of birth are taken by name (a phone or e-mail brings its own pairs), since
    no other pair could pass the judge: a million persons make 55 million pairs otherwise.

    * the same name words (in any order) and year of birth: every pair (namesakes included);
    * a name that is another's with one word left out, same year of birth: each shorter name
      with each longer one;
    * the same words but one, same length and year, where the odd word of at least one of the two
      is rare (a misspelling): each rare one with every other;
    * the same phone or e-mail: every pair (a name written quite differently, a common word mistyped).
    """
    same: dict[tuple, list[int]] = defaultdict(list)
    contact: dict[tuple, list[int]] = defaultdict(list)
    #: (the name less one word, year): the records with that word, and how common the word is
    dropped: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    years, phones, emails = facts.year.tolist(), facts.phone.tolist(), facts.email.tolist()
    for i, words in enumerate(tokens):
        year = years[i]
        ordered = tuple(sorted(words))
        same[(ordered, year)].append(i)
        if len(ordered) >= 2:
            previous = None
            for k, word in enumerate(ordered):
                if word == previous:
                    continue  # "Minh Minh": leaving out either is the same
                previous = word
                dropped[(ordered[:k] + ordered[k + 1 :], year)].append((i, counts[word]))
        if phones[i]:
            contact[("phone", phones[i])].append(i)
        if emails[i]:
            contact[("email", emails[i])].append(i)
    n = len(tokens)
    namesakes = np.zeros(n, dtype=np.int64)
    codes = []
    #: pairs of two-record groups, gathered without NumPy's per-call cost: by name, by contact
    twos: dict[bool, tuple[list[int], list[int]]] = {True: ([], []), False: ([], [])}
    weak_enough = facts.weak_enough(chances)
    dobs = facts.dob.tolist()

    def add(i, j, *, by_name: bool = True):
        keep = i != j
        if by_name:
            keep &= (np.maximum(namesakes[i], namesakes[j]) <= weak_enough) | facts.same(facts.dob, i, j)
        codes.append(np.minimum(i, j)[keep] * n + np.maximum(i, j)[keep])

    def pair_all(members: list[int], *, by_name: bool = True):
        if len(members) == 2:
            twos[by_name][0].append(members[0])
            twos[by_name][1].append(members[1])
        elif 2 < len(members) <= MAX_BLOCK:
            add(*_all_pairs(members), by_name=by_name)

    groups = len(same) + len(contact) + len(dropped)
    for members in same.values():
        namesakes[members] = len(members)
    #: the records of a name written with its diacritics, by those words and year, and how many
    #: of its folded group are written without them
    written: dict[tuple, list[int]] = defaultdict(list)
    plain: dict[tuple, int] = {}
    if accents is not None:
        for key, members in same.items():
            plain[key] = sum(accents[i] is None for i in members)
            for i in members:
                if accents[i] is not None:
                    written[(tuple(sorted(accents[i])), years[i])].append(i)
        for members in written.values():
            namesakes[members] = len(members) + plain[(tuple(sorted(tokens[members[0]])), years[members[0]])]
    for members in same.values():
        if len(members) <= weak_enough:
            pair_all(members)
        else:  # namesakes told apart only by a date of birth, or by their diacritics
            born = defaultdict(list)
            for i in members:
                if dobs[i]:
                    born[dobs[i]].append(i)
            for twins in born.values():
                pair_all(twins)
    for members in written.values():  # (in a folded group paired whole above, already paired)
        if namesakes[members[0]] <= weak_enough < len(same[(tuple(sorted(tokens[members[0]])), years[members[0]])]):
            pair_all(members)
    for members in contact.values():
        pair_all(members, by_name=False)
    if progress:
        progress(groups - len(dropped), groups)
    for done, ((rest, year), members) in enumerate(dropped.items(), groups - len(dropped) + 1):
        fulls = same.get((rest, year)) if len(rest) >= 2 else None
        if fulls and len(fulls) * len(members) <= MAX_BLOCK**2:  # the shorter name with each longer
            add(*_cross_pairs(fulls, [i for i, _ in members]))
        if len(members) >= 2:  # the same words but one: a rare odd word with every other
            top = max(count for _, count in members)
            rare = [i for i, count in members if count <= max(1, RARE * top)]
            if rare and len(rare) < len(members) or len(rare) >= 2:
                add(*_cross_pairs(rare, [i for i, _ in members]))
        if progress and done % 10_000 == 0:
            progress(done, groups)
    if progress:
        progress(groups, groups)
    for by_name, (first, second) in twos.items():
        add(np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64), by_name=by_name)
    return (np.unique(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)), namesakes


def _name_relation(a: tuple[str, ...], b: tuple[str, ...], counts: Counter, strong: int) -> tuple[str, int] | None:
    """How two folded names relate (a reason code and a name score), or None if they are two names."""
    if sorted(a) == sorted(b):
        return ("same_folded", 98) if a == b else ("other_order", 96)
    ca, cb = Counter(a), Counter(b)
    only_a, only_b = ca - cb, cb - ca
    if len(a) != len(b):
        short, extra = (only_a, only_b) if len(a) < len(b) else (only_b, only_a)
        if not short and sum(extra.values()) == 1 and min(len(a), len(b)) >= 2:
            return "missing_word", 92
        return None
    if sum(only_a.values()) != 1 or sum(only_b.values()) != 1:
        return None
    (wa,), (wb,) = only_a, only_b
    distance = Levenshtein.distance(wa, wb)
    if distance > (1 if min(len(wa), len(wb)) <= 4 else 2):
        return None
    rare, common = sorted((counts[wa], counts[wb]))
    if rare > max(1, RARE * common) and strong < 2:
        return None  # two real names (An and Anh): only a date of birth and a phone together say otherwise
    return "typo", 92 - 4 * distance


def _written(full_name: str) -> tuple[str, ...] | None:
    """The words of a name written with its diacritics, lower-cased; None when written without."""
    if full_name.isascii():
        return None
    return tuple(unicodedata.normalize("NFC", full_name).lower().split())


def find_duplicates(
    records: Iterable,
    *,
    same_unit: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    """Ranked likely duplicates among ``records`` (objects with the compatriot fields).

    ``same_unit``: pair only records of one unit. The scan turns it off because it passes only
    the units whose personal data the user sees, so that a union finds its people twice across
    its own subtree too (Bắc Ninh's records and those it inherited from Bắc Giang).
    ``progress(done, total)`` is told after each block of records compared.
    """
    people = list(records.values_list(*FIELDS, named=True) if hasattr(records, "values_list") else records)
    if len(people) < 2:
        return []
    tokens = [tuple(p.search_name.split()) for p in people]
    counts = Counter(word for words in tokens for word in words)
    accents = [_written(p.full_name) for p in people]
    accent_counts = Counter(word for words in accents if words for word in words)
    facts = _Facts(people)
    chances = facts.chances()
    pairs, namesakes = _candidate_pairs(tokens, counts, facts, chances, progress, accents)
    n = len(people)
    i, j = pairs // n, pairs % n
    keep, strong, agree = facts.judge(i, j, np.maximum(namesakes[i], namesakes[j]), chances)
    if same_unit:
        keep &= facts.unit[i] == facts.unit[j]
    found = []
    for k in np.flatnonzero(keep):
        a, b = int(i[k]), int(j[k])
        if accents[a] and accents[b]:  # both written with diacritics: Hùng and Hưng are two names
            relation = _name_relation(accents[a], accents[b], accent_counts, int(strong[k]))
        else:
            relation = _name_relation(tokens[a], tokens[b], counts, int(strong[k]))
        if relation is None:
            continue
        code, name_score = relation
        if code == "same_folded" and people[a].full_name == people[b].full_name:
            code, name_score = "same_name", 100
        agreed = [name for name, column in agree.items() if column[k]]
        evidence = min(100, 40 * int(strong[k]) + 10 * len(agreed))
        first, second = (people[a], people[b]) if people[a].pk < people[b].pk else (people[b], people[a])
        found.append(Candidate(first, second, round(0.6 * name_score + 0.4 * evidence), [code, *agreed]))
    found.sort(key=lambda c: (-c.score, c.first.pk, c.second.pk))
    return found
