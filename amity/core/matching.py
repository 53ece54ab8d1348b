"""Finding records by a name typed as people type it: without diacritics (đ/Đ included), with a
typo or two, a code in part ("HP-2026"). One piece for the global search and every picker.

Each record is scored by the words of its name: a query word scores 100 against a name word it
equals, and the last one (being typed) against a word it begins; 90 inside one (four letters or
more: "uyen" in "nguyen", not "oan" in "hoang"), and its similarity (rapidfuzz's normalised Indel
ratio) otherwise; a record is kept when each query word scores at least ``WORD_CUTOFF`` and ranked
by the mean; failing that, when the whole name is close enough (``NAME_CUTOFF``, by keystrokes:
a wrong letter in a short word, "le ti huong" for "Lê Thị Hương").

Which rows are scored stays bounded:
- a table with a vocabulary of its names' words (``search_vocabulary``: compatriots, a million of
  them) first turns each query word into the words of that vocabulary it may stand for: itself,
  those one letter away (left out, added, changed, two swapped), and, for the last word or one
  not in the vocabulary, those it begins; then reads rows through the index of the names' whole
  words (``regexp_split_to_array(search_name, '[^a-z0-9]+')``, GIN), so that a common word
  ("nguyen") costs one posting list instead of its trigrams' long ones: the rows bearing exactly
  the typed name (when there are ``limit`` of them, they are the answer: no name scores higher),
  those holding every word as typed, those holding every word as typed but one, that one as any
  word it may stand for (a typo), and, only when these give fewer than ``limit`` names, those
  holding for each word one it may stand for (typos in two words), ``CANDIDATES`` at most. A word
  that begins too many words (``EXPANSIONS``: "b") does not narrow the rows; it is scored on the
  rows the others find, and so is a word found only inside a name's word ("uyen" in "nguyen"). On SQLite the vocabulary and the rows come from one read of
  the names the user may see, and the same rules pick the same rows;
- other tables with a folded ``search_name`` column (organisations, people, aid items, activities,
  compatriots, places) take the rows containing every query word, then, on PostgreSQL, the rows
  whose name is similar by trigrams (``<%``, served by the GIN trigram indexes of
  ``core/migrations``), on SQLite the rows sharing a word's first letters, ``CANDIDATES`` at most;
- smaller tables (countries, sectors, units, plans...) are folded and scored in Python, at most
  ``CANDIDATES`` of their rows.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from amity.core.text import fold

#: Rows scored at most for one query (candidates fetched as short tuples, not records).
CANDIDATES = 5000
#: Lowest score of each query word against its best name word for a record to be kept.
WORD_CUTOFF = 75
#: Lowest similarity of the whole name (words sorted) when a word alone is too short to judge.
NAME_CUTOFF = 85
#: Vocabulary words that a query word begins, read at most: more, and it does not narrow the
#: rows ("b", "ng").
EXPANSIONS = 1000
_WORDS = re.compile(r"[a-z0-9]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def words(text: str) -> list[str]:
    """The words of a folded text, punctuation dropped ("hp-2026-01" -> hp, 2026, 01)."""
    return _WORDS.findall(text)


def word_score(
    query_word: str, name_words: Sequence[str], *, last: bool = True, taken: Collection[int] = ()
) -> tuple[float, int]:
    """The best score of a query word against the name's words, and the position of that word.
    ``last``: the word is the query's last, perhaps still being typed ("nguyen van hu"). A word
    ``taken`` by another query word is matched again only when no other is close ("anh anh")."""
    if taken:
        best = word_score(query_word, [w if i not in taken else "" for i, w in enumerate(name_words)], last=last)
        if best[0] >= WORD_CUTOFF:
            return best
    best, where = 0.0, -1
    for i, word in enumerate(name_words):
        if not word:
            continue
        if word == query_word or last and word.startswith(query_word):
            return 100.0, i
        if len(query_word) >= 4 and query_word in word:
            value = 90.0
        elif len(query_word) >= 4:
            value = fuzz.ratio(query_word, word)
            if len(word) > len(query_word) + 1:  # typed in part: "Deutchl" ~ "deutschland"
                value = max(value, fuzz.ratio(query_word, word[: len(query_word) + 1]))
        else:
            continue
        if value > best:
            best, where = value, i
    return best, where


def score(query_words: Sequence[str], name: str) -> float:
    """0 when a query word has no close name word, else the mean of the words' scores, with a
    bonus for the name equal to the query and for its words in the query's order (so "Hải Phòng"
    ranks before "Phong Hải"), less a little for each extra word (the shorter name first)."""
    name_words = words(name)
    if not query_words or not name_words:
        return 0.0
    last = len(query_words) - 1
    found: list[tuple[float, int]] = []
    for i, q in enumerate(query_words):
        found.append(word_score(q, name_words, last=i == last, taken={where for _, where in found}))
    scores = [value for value, _ in found]
    if min(scores) < WORD_CUTOFF:  # short words mistyped ("nguyen vna an"): the whole name decides
        size = len(query_words)
        typed, typed_sorted = " ".join(query_words), " ".join(sorted(query_words))
        whole = 0.0
        for i in range(max(1, len(name_words) - size + 1)):  # each run of as many words (a name
            run = name_words[i : i + size]  # also holds its other-script form), in the typed order
            # or sorted (typed in another order), by keystrokes (two swapped letters one): "oan" is as far from "van" as
            # "nan", nearer than from "hoang"
            whole = max(
                whole,
                OSA.normalized_similarity(typed, " ".join(run)) * 100,
                OSA.normalized_similarity(typed_sorted, " ".join(sorted(run))) * 100,
            )
        return whole if whole >= NAME_CUTOFF else 0.0
    positions = [where for _, where in found]
    bonus = 5.0 if name_words == list(query_words) else 0.0
    if len(positions) > 1 and positions == sorted(positions) and len(set(positions)) == len(positions):
        bonus += 3.0
    return sum(scores) / len(scores) + bonus - 0.1 * len(name_words)


@dataclass
class Hit:
    """A record found, with its score (higher is better)."""

    obj: object
    score: float


class WordSimilar(Func):
    """``query <% search_name``: pg_trgm's word similarity above its threshold, served by the GIN
    trigram index (written as an expression: ``django.contrib.postgres`` is not installed, since
    the project runs on SQLite too)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _has_search_name(queryset: QuerySet) -> bool:
    return any(f.name == "search_name" for f in queryset.model._meta.concrete_fields)


def _search_name_candidates(queryset: QuerySet, folded: str, query_words: list[str]) -> list[tuple[int, str]]:
    exact = queryset
    for word in query_words:
        exact = exact.filter(search_name__contains=word)
    rows = list(exact.order_by().values_list("pk", "search_name")[:CANDIDATES])
    if len(rows) >= CANDIDATES:
        return rows
    seen = {pk for pk, _ in rows}
    if connection.vendor == "postgresql":
        similar = (
            queryset.filter(WordSimilar(Value(folded), F("search_name")))
            .annotate(
                similarity=Func(Value(folded), F("search_name"), function="word_similarity", output_field=FloatField())
            )
            .order_by("-similarity", "pk")
        )
    else:  # rows sharing the first letters of every word, else of any word
        prefixes = [word[:3] for word in query_words]
        every = queryset
        for prefix in prefixes:
            every = every.filter(search_name__contains=prefix)
        rows += list(every.exclude(pk__in=seen).order_by().values_list("pk", "search_name")[: CANDIDATES - len(rows)])
        seen = {pk for pk, _ in rows}
        if len(query_words) == 1 or len(rows) >= CANDIDATES:
            return rows
        similar = queryset.filter(Q.create([("search_name__contains", p) for p in prefixes], connector=Q.OR))
    more = similar.exclude(pk__in=seen).order_by().values_list("pk", "search_name")[: CANDIDATES - len(rows)]
    return rows + list(more)


def one_letter_away(word: str) -> set[str]:
    """Every string one keystroke from ``word``: a letter left out, added or changed, or two
    neighbours swapped ("hng", "hunng", "hunh", "uhng" for "hung")."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    return found


class NameWords(Func):
    """``regexp_split_to_array(search_name, '[^a-z0-9]+') && words``: the name holds one of
    ``words``, served by the GIN index on the names' words (diaspora migration 0011)."""

    output_field = BooleanField()

    template = "(regexp_split_to_array(%(expressions)s, '[^a-z0-9]+') && %%s::text[])"

    def __init__(self, field: str, words: list[str]):
        super().__init__(F(field))
        self.words = words

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.words)


@dataclass
class _Expansion:
    """The vocabulary words a query word may stand for; ``narrows`` unless it begins too many
    words to be looked up."""

    words: set
    narrows: bool
    known: bool  # the query word is itself a word of the vocabulary


def _expand(query_word: str, found: dict[str, set], capped: bool, *, last: bool) -> _Expansion:
    """Keep, of the vocabulary words found for ``query_word`` (by way: "near" one letter away,
    "part" begun), those it may stand for: itself, one letter away (a short word mistyped, judged
    on the whole name), or scoring at least ``WORD_CUTOFF``. A word of the vocabulary typed
    before the last one is taken as typed in full: the words it begins are not looked up ("thi"
    does not stand for "thinh" there; the word being typed, last, still does)."""
    near, part = found.get("near", set()), found.get("part", set())
    keep, known = {query_word} | near, query_word in near
    if known and not last:
        return _Expansion(keep, True, known)
    keep |= {w for w in part if word_score(query_word, words(w), last=last)[0] >= WORD_CUTOFF}
    return _Expansion(keep, not capped, known)


def _vocabulary_lookup(table: str, query_words: list[str]) -> dict[str, _Expansion]:
    """PostgreSQL: the words of ``table`` (the vocabulary) near each query word and those it
    begins (not for a word typed in full before the last one), in one query."""
    parts, params = [], []
    for i, q in enumerate(query_words):
        parts.append(f"SELECT {i}, 'near', word FROM {table} WHERE word = ANY(%s::text[])")
        params.append(sorted(one_letter_away(q) | {q}))
        typed = "" if i == len(query_words) - 1 else f"NOT EXISTS (SELECT 1 FROM {table} WHERE word = %s) AND "
        parts.append(f"(SELECT {i}, 'part', word FROM {table} WHERE {typed}word LIKE %s LIMIT {EXPANSIONS + 1})")
        params += [q, f"{q}%"] if typed else [f"{q}%"]
    found: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for i, way, word in cursor.fetchall():
            found[i][way].add(word)
    last = len(query_words) - 1
    return {
        q: _expand(q, found[i], len(found[i]["part"]) > EXPANSIONS, last=i == last) for i, q in enumerate(query_words)
    }


def _scanned_lookup(vocabulary: set[str], query_words: list[str]) -> dict[str, _Expansion]:
    """The same as ``_vocabulary_lookup``, from a vocabulary in hand (SQLite)."""
    out = {}
    for i, q in enumerate(query_words):
        part = {w for w in vocabulary if w.startswith(q)}
        near = (one_letter_away(q) | {q}) & vocabulary
        capped = len(part) > EXPANSIONS
        out[q] = _expand(q, {"near": near, "part": set() if capped else part}, capped, last=i == len(query_words) - 1)
    return out


def _tiers(query_words: list[str], expansions: dict[str, _Expansion]) -> tuple[list, list]:
    """The word sets a row must hold one word of each, tier by tier: every word as typed; every
    word as typed but one, that one as any word it may stand for; then (``second``) each word as
    any it may stand for. Only words of the vocabulary can be required as typed."""
    first = []
    if all(e.known for e in expansions.values()):
        first.append([{q} for q in query_words])
    for i, q in enumerate(query_words):
        others = [p for j, p in enumerate(query_words) if j != i]
        if len(query_words) > 1 and all(expansions[p].known for p in others):
            first.append([{p} for p in others] + ([expansions[q].words] if expansions[q].narrows else []))
        elif len(query_words) == 1 and expansions[q].narrows:
            first.append([expansions[q].words])
    return first, [e.words for e in expansions.values() if e.narrows]


def _scores(candidates: list[tuple[int, str]], query_words: list[str]) -> dict[int, float]:
    """The score of each candidate kept, by pk (namesakes are scored once)."""
    scored, by_name = {}, {}
    for pk, name in candidates:
        if name not in by_name:
            by_name[name] = score(query_words, name)
        if by_name[name] > 0:
            scored[pk] = by_name[name]
    return scored


def _word_search(queryset: QuerySet, table: str, query_words: list[str], limit: int) -> dict[int, float]:
    """The rows of a table with a vocabulary that match, scored (see the module's docstring)."""
    exact_name = " ".join(query_words)
    if connection.vendor == "postgresql":
        expansions = _vocabulary_lookup(table, query_words)
        rows = queryset.order_by().values_list("pk", "search_name")

        def holding(tiers: list[list[set]]) -> list[tuple[int, str]]:
            queries = []
            for sets in tiers:
                tier = rows
                for word_set in sets:
                    tier = tier.filter(NameWords("search_name", sorted(word_set)))
                queries.append(tier[:CANDIDATES])
            if not queries:
                return []
            return list(queries[0].union(*queries[1:], all=True)) if len(queries) > 1 else list(queries[0])

        if all(e.known for e in expansions.values()):
            exact = list(rows.filter(search_name=exact_name).order_by("pk")[:limit])
            if len(exact) >= limit:
                return _scores(exact, query_words)
    else:
        names = list(queryset.order_by("pk").values_list("pk", "search_name"))
        expansions = _scanned_lookup({w for _, name in names for w in words(name)}, query_words)

        def holding(tiers: list[list[set]]) -> list[tuple[int, str]]:
            found = []
            for sets in tiers:
                found += [(pk, name) for pk, name in names if all(not ws.isdisjoint(name.split(" ")) for ws in sets)][
                    :CANDIDATES
                ]
            return found

        exact = [(pk, name) for pk, name in names if name == exact_name][:limit]
        if len(exact) >= limit:
            return _scores(exact, query_words)
    first, second = _tiers(query_words, expansions)
    scored = _scores(holding(first), query_words)
    if len(scored) < limit:  # typos in two words, or a word that does not narrow
        if second:
            scored |= _scores(holding([second]), query_words)
        else:
            scored |= _scores(_search_name_candidates(queryset, exact_name, query_words), query_words)
    return scored


def match(
    queryset: QuerySet,
    query: str,
    *,
    limit: int = 20,
    fields: Sequence[str] = (),
    aliases: Callable[..., list[str]] | None = None,
) -> list[Hit]:
    """The records of ``queryset`` (already restricted to what the user may see) matching ``query``,
    best first. ``fields`` name the columns to match when the model has no ``search_name``
    (e.g. ``("name_vi", "name_en", "iso_alpha2")``); ``aliases``, given those columns' values,
    returns other names of the row, already folded, each scored on its own (a record keeps its
    best score)."""
    folded = fold(query)
    query_words = words(folded)
    if not query_words:
        return []
    vocabulary = getattr(queryset.model, "search_vocabulary", None)
    if vocabulary and not fields:
        scored = _word_search(queryset, vocabulary, query_words, limit)
    else:
        if _has_search_name(queryset) and not fields:
            candidates = _search_name_candidates(queryset, folded, query_words)
        else:
            columns = list(fields) or ["pk"]
            rows = queryset.order_by().values_list("pk", *columns)[:CANDIDATES]
            candidates = [(row[0], fold(" ".join(str(v) for v in row[1:] if v))) for row in rows]
            if aliases is not None:
                candidates += [(row[0], alias) for row in rows for alias in aliases(*row[1:])]
        scored = {}
        for pk, name in candidates:
            value = score(query_words, name)
            if value > 0:
                scored[pk] = max(value, scored.get(pk, 0.0))
    best = sorted(scored, key=lambda pk: (-scored[pk], pk))[:limit]
    records = queryset.in_bulk(best)
    return [Hit(records[pk], scored[pk]) for pk in best if pk in records]


def match_records(queryset: QuerySet, query: str, **kwargs) -> list:
    """``match`` without the scores."""
    return [hit.obj for hit in match(queryset, query, **kwargs)]


#: Results of one kind on the search page.
SEARCH_LIMIT = 25


def search_group(title, queryset: QuerySet, query: str, *, fields: Sequence[str] = ()) -> dict:
    """One kind's part of the global search (an app's ``search.py`` returns a list of these)."""
    return {"title": title, "results": match_records(queryset, query, limit=SEARCH_LIMIT, fields=fields)}
