"""Finding records by a name typed as people type it: without diacritics (đ/Đ included), with a
typo or two, a code in part ("HP-2026"). One piece for the global search and every picker.

Each record is scored by the words of its name: a query word scores 100 against a name word it
begins, 90 inside one, and its similarity (rapidfuzz's normalised Indel ratio) otherwise; a record
is kept when each query word scores at least ``WORD_CUTOFF`` and ranked by the mean; failing that,
when the whole name is close enough (``NAME_CUTOFF``: a wrong letter in a short word).

Which rows are scored stays bounded:
- tables with a folded ``search_name`` column (organisations, people, aid items, activities,
  compatriots, places) take the rows containing every query word, then, on PostgreSQL, the rows
  whose name is similar by trigrams (``<%``, served by the GIN trigram indexes of
  ``core/migrations``), on SQLite the rows sharing a word's first letters, ``CANDIDATES`` at most;
- smaller tables (countries, sectors, units, plans...) are folded and scored in Python, at most
  ``CANDIDATES`` of their rows.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value
from rapidfuzz import fuzz

from amity.core.text import fold

#: Rows scored at most for one query (candidates fetched as short tuples, not records).
CANDIDATES = 5000
#: Lowest score of each query word against its best name word for a record to be kept.
WORD_CUTOFF = 75
#: Lowest similarity of the whole name (words sorted) when a word alone is too short to judge.
NAME_CUTOFF = 85
_WORDS = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a folded text, punctuation dropped ("hp-2026-01" -> hp, 2026, 01)."""
    return _WORDS.findall(text)


def word_score(query_word: str, name_words: Sequence[str]) -> tuple[float, int]:
    """The best score of a query word against the name's words, and the position of that word."""
    best, where = 0.0, -1
    for i, word in enumerate(name_words):
        if word.startswith(query_word):
            return 100.0, i
        if len(query_word) >= 3 and query_word in word:
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
    found = [word_score(q, name_words) for q in query_words]
    scores = [value for value, _ in found]
    if min(scores) < WORD_CUTOFF:  # short words mistyped ("nguyen vna an"): the whole name decides
        typed, size = " ".join(query_words), len(query_words)
        whole = max(
            fuzz.token_sort_ratio(typed, " ".join(name_words[i : i + size]))
            for i in range(max(1, len(name_words) - size + 1))
        )  # against each run of as many words (a name also holds its other-script form)
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
