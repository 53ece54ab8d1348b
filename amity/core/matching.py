"""Finding records by a name typed as people type it: without diacritics (đ/Đ included), with a
typo or two, a code in part ("HP-2026"). One piece for the global search and every picker.

Each record is scored by the words of its name: a query word scores 100 against a name word it
equals, and the last one (being typed) against a word it begins; 90 inside one (four letters or
more: "uyen" in "nguyen", not "oan" in "hoang"), and its similarity (rapidfuzz's normalised Indel
ratio) otherwise; a record is kept when each query word scores at least ``WORD_CUTOFF`` and ranked
by the mean; failing that, when the whole name is close enough (``NAME_CUTOFF``, by keystrokes:
a wrong letter in a short word, "le ti huong" for "Lê Thị Hương").

Which rows are scored stays bounded:
- a table with a vocabulary of its names' words and a table of its distinct names with how many
  persons bear each (``search_vocabulary``, ``search_names``: compatriots, a million of them)
  is searched by names, not rows. One query turns each query word into the words of the
  vocabulary it may stand for (itself, those one letter away: left out, added, changed, two
  swapped; and, for the last word or one not in the vocabulary, those it begins) and looks up
  the names spelled as typed or with one word replaced by one a keystroke away ("nguyen thi
  thu" for "nguyen thi the"). When the name typed is borne by ``limit`` persons, that is all;
  else the index of the names' whole words (``regexp_split_to_array(name, '[^a-z0-9]+')``, GIN)
  gives the longer names holding every word (the last perhaps in part), or, when the query
  spells no name, those holding every word but one as typed and that one as any other it may
  stand for, and, only when these give no name, each word as any it may stand for (typos in
  two words; beside a name a keystroke away, names two away are noise and the costliest tier to
  read: common words' postings joined): ``TIER_NAMES`` a tier at most, those most persons bear first. A word that begins
  too many words (``EXPANSIONS``: "b") does not narrow the names; it is scored on those the
  others find, and so is a word found only inside a name's word ("uyen" in "nguyen"). The rows
  come last, through the queryset (what the user may see) by the ``search_name`` index: one of
  each of the best names and of the most common close ones first (a typo may spell another real
  name, and the name meant must not drown among the namesakes of the one typed; ``_spread``),
  then more namesakes. On SQLite the vocabulary and the names come from one read of the names
  the user may see, and the same rules pick the same rows;
- other tables with a folded ``search_name`` column (organisations, people, aid items, activities,
  compatriots, places, agreements, award decisions, directives, plans, task groups, tasks, reports,
  press articles) take the rows containing every query word, then, on PostgreSQL, the rows whose
  name is similar by trigrams (``<%``, served by the GIN trigram indexes of ``core/migrations`` and
  of the apps' migrations), on SQLite the rows sharing a word's first letters, ``CANDIDATES`` at
  most. A record is also found by the ``search_name`` of the records at its ``related`` paths (an
  award by its recipient's and its decision's, a task group or a task by its plan's, an agreement
  in the search box by its parties'), each word in its own column or in one of theirs, read through the
  related table's own index: a name kept in one place stays current when that record is renamed;
- reference lists (countries, sectors in the IATI list, units), hundreds of rows that do not grow
  with the years' records, are folded and scored in Python, at most ``CANDIDATES`` of their rows.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
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
#: Names read at most for each tier of a name search, those most persons bear first (the names
#: spelled with one word replaced are looked up whatever their count).
TIER_NAMES = 100
#: Vocabulary words read at most for each query word as sharing a key with it: fifteen times as
#: many as any word shares in a vocabulary of 500,135 words (67 at most, for words of two to four
#: letters; a word of L letters could share 1 + 36(L + 1) + L(1 + 36L) only if nearly every string
#: a keystroke from it were a word), so never reached in practice. The limit keeps PostgreSQL's
#: estimate of the words' query (each look-up guessed at 5,000 words, where it finds tens) under
#: ``jit_above_cost``: above it (from eight query words with no limit) the statement is compiled to
#: machine code first, 220-340 ms for a 5 ms query.
NEAR = 1000
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
        value = _word_value(query_word, word, last)
        if value == 100.0:
            return 100.0, i
        if value > best:
            best, where = value, i
    return best, where


@lru_cache(maxsize=65536)
def _word_value(query_word: str, word: str, last: bool) -> float:
    """The score of a query word against one name word (names repeat their words: computed once)."""
    if word == query_word or last and word.startswith(query_word):
        return 100.0
    if len(query_word) < 4:
        return 0.0
    if query_word in word:
        return 90.0
    value = fuzz.ratio(query_word, word)
    if len(word) > len(query_word) + 1:  # typed in part: "Deutchl" ~ "deutschland"
        value = max(value, fuzz.ratio(query_word, word[: len(query_word) + 1]))
    return value


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


#: A related path, or a path with the rows of its table that may find the record (a person's name
#: only where the user may see it).
RelatedPath = str | tuple[str, QuerySet]


def _related_rows(entry: RelatedPath) -> tuple[str, QuerySet | None]:
    return entry if isinstance(entry, tuple) else (entry, None)


def _found_by(queryset: QuerySet, related: Sequence[RelatedPath], condition: Q | Func) -> Q:
    """The rows whose own ``search_name`` meets ``condition`` (written on ``search_name``), or that
    of a record at one of the ``related`` paths: each related table is asked through its own index
    (a subquery of its ids), not joined to every row of the queryset."""
    model = queryset.model
    found = [Q(condition)] if _has_search_name(queryset) else []
    for entry in related:
        path, rows = _related_rows(entry)
        target, many = model, False
        for name in path.split("__"):  # "group__plan": a task's plan
            field = target._meta.get_field(name)
            target, many = field.related_model, many or field.many_to_many or field.one_to_many
        named = (target._base_manager if rows is None else rows).filter(condition)
        if many:  # the rows holding one of them, each once
            found.append(Q(pk__in=model._base_manager.filter(**{f"{path}__in": named}).values("pk")))
        else:
            found.append(Q(**{f"{path}__in": named}))
    return Q.create(found, connector=Q.OR)


def _named_rows(queryset: QuerySet, related: Sequence[RelatedPath], count: int) -> list[tuple[int, str]]:
    """(pk, name) of ``count`` rows at most: the row's ``search_name`` and those at the ``related``
    paths, joined (a row for each record at a many-to-many path)."""
    own = ["search_name"] if _has_search_name(queryset) else []
    names = [f"{_related_rows(entry)[0]}__search_name" for entry in related]
    rows = queryset.order_by().values_list("pk", *own, *names)[:count]
    return [(row[0], " ".join(filter(None, row[1:]))) for row in rows]


def _search_name_candidates(
    queryset: QuerySet, folded: str, query_words: list[str], related: Sequence[RelatedPath] = ()
) -> list[tuple[int, str]]:
    exact = queryset
    for word in query_words:
        exact = exact.filter(_found_by(queryset, related, Q(search_name__contains=word)))
    rows = _named_rows(exact, related, CANDIDATES)
    if len(rows) >= CANDIDATES:
        return rows
    seen = {pk for pk, _ in rows}
    if connection.vendor == "postgresql":
        similar = queryset.filter(_found_by(queryset, related, WordSimilar(Value(folded), F("search_name"))))
    else:  # rows sharing the first letters of every word, else of any word
        prefixes = [word[:3] for word in query_words]
        every = queryset
        for prefix in prefixes:
            every = every.filter(_found_by(queryset, related, Q(search_name__contains=prefix)))
        rows += _named_rows(every.exclude(pk__in=seen), related, CANDIDATES - len(rows))
        seen = {pk for pk, _ in rows}
        if len(query_words) == 1 or len(rows) >= CANDIDATES:
            return rows
        any_prefix = Q.create([("search_name__contains", p) for p in prefixes], connector=Q.OR)
        similar = queryset.filter(_found_by(queryset, related, any_prefix))
    return rows + _named_rows(similar.exclude(pk__in=seen), related, CANDIDATES - len(rows))


def one_letter_away(word: str) -> set[str]:
    """Every string one keystroke from ``word``: a letter left out, added or changed, or two
    neighbours swapped ("hng", "hunng", "hunh", "uhng" for "hung")."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    return found


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


def _vocabulary_lookup(model, query_words: list[str]) -> tuple[dict[str, _Expansion], dict[str, int]]:
    """PostgreSQL: the words of the model's vocabulary near each query word and those it begins
    (not for a word typed in full before the last one), and the ``spellings`` of the query that
    are names, with their persons, in one query. The words near are found by their keys
    (``search_word_keys``, diaspora migration 0017: the word and the word with one letter left
    out), which a few words two keystrokes away share too: those are left out here. The query
    words are one array joined to each look-up, so that the statement and its planning (half its
    time when each word had its own look-ups) are the same whatever their number."""
    table, name_table = model.search_vocabulary, model.search_names
    sql = (
        "WITH q AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::bool[]) "
        "WITH ORDINALITY AS q(word, upper, before, after, typed, i)), "
        "near AS MATERIALIZED (SELECT q.i, w.word FROM q CROSS JOIN LATERAL "
        f"(SELECT word FROM {table} WHERE search_word_keys(word) && search_word_keys(q.word) LIMIT {NEAR}) AS w) "
        # the query with a word replaced by one near it, and its persons: one look-up of the names'
        # key each (a join would read the whole table)
        f"SELECT near.i, 'name', near.word, s.name, (SELECT persons FROM {name_table} n WHERE n.name = s.name) "
        "FROM near JOIN q ON q.i = near.i "
        'CROSS JOIN LATERAL (SELECT (q.before || near.word || q.after) COLLATE "C" AS name) AS s '
        "UNION ALL SELECT i, 'near', word, NULL, NULL FROM near "
        # the words a query word begins, as the range of the "C" collation from it to ``upper``
        # (LIKE takes the index only with its pattern written in the statement)
        f"UNION ALL SELECT q.i, 'part', p.word, NULL, NULL FROM q CROSS JOIN LATERAL (SELECT word FROM {table} "
        f"WHERE word >= q.word AND word < q.upper AND NOT (q.typed AND EXISTS (SELECT FROM {table} v WHERE v.word = q.word)) "
        f"LIMIT {EXPANSIONS + 1}) AS p"
    )
    last = len(query_words) - 1
    params = [
        query_words,
        [q[:-1] + chr(ord(q[-1]) + 1) for q in query_words],  # the first string after those q begins
        [" ".join(query_words[:i]) + " " if i else "" for i in range(len(query_words))],
        [" " + " ".join(query_words[i + 1 :]) if i < last else "" for i in range(len(query_words))],
        [i < last for i in range(len(query_words))],  # typed in full: a word of the vocabulary is taken as it is
    ]
    found: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    names = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for ordinal, way, word, name, persons in cursor.fetchall():
            i = ordinal - 1
            if way == "part":
                found[i][way].add(word)
            elif OSA.distance(query_words[i], word) <= 1:  # else two keystrokes away
                if way == "near":
                    found[i][way].add(word)
                elif persons:  # else no such name
                    names[name] = persons
    expansions = {
        q: _expand(q, found[i], len(found[i]["part"]) > EXPANSIONS, last=i == last) for i, q in enumerate(query_words)
    }
    return expansions, names


def spellings(query_words: list[str], vocabulary: Collection[str]) -> list[str]:
    """The query as typed and with one of its words replaced by a word of the ``vocabulary`` a
    keystroke away ("nguyen thi thu" for "nguyen thi the"): the names a typo most often comes
    from, looked up as they are (on PostgreSQL, the same is done in ``_vocabulary_lookup``)."""
    found = set()
    for i, q in enumerate(query_words):
        found |= {
            " ".join([*query_words[:i], w, *query_words[i + 1 :]]) for w in (one_letter_away(q) | {q}) & vocabulary
        }
    return sorted(found)


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
    """The word sets a name must hold one word of each, tier by tier: every word as typed; every
    word as typed but one, that one as any other word it may stand for (a word of the vocabulary
    not as another word of the query, which the name holds already: "thi" for "the" in "nguyen
    thi the" would let every Nguyễn Thị through; "ianh" in "nguyen hong anh ianh" may be a
    second "anh" typed twice); then (``second``) each word as any it may stand for. Only words of the
    vocabulary can be required as typed."""
    first = []
    if all(e.known for e in expansions.values()) and len(set(query_words)) < len(query_words):  # else
        first.append([{q} for q in query_words])  # the next tiers hold these names
    for i, q in enumerate(query_words):
        others = [p for j, p in enumerate(query_words) if j != i]
        if len(query_words) > 1 and all(expansions[p].known for p in others):
            if not expansions[q].narrows:
                first.append([{p} for p in others])
            elif stands_for := expansions[q].words - (set(others) if expansions[q].known else set()):
                first.append([{p} for p in others] + [stands_for])
        elif len(query_words) == 1 and expansions[q].narrows:
            first.append([expansions[q].words])
    return first, [e.words for e in expansions.values() if e.narrows]


def _name_scores(names: Collection[str], query_words: list[str]) -> dict[str, float]:
    """The score of each name kept (scored once however many persons bear it)."""
    scored = {}
    for name in names:
        value = score(query_words, name)
        if value > 0:
            scored[name] = value
    return scored


def _name_search(queryset: QuerySet, model, query_words: list[str], limit: int) -> tuple[dict[int, float], dict]:
    """The rows of a table with a vocabulary and a table of distinct names that match, scored (see
    the module's docstring): the names first, then at most ``limit`` rows of the best; and the
    records of those already read whole."""
    exact_name = " ".join(query_words)
    rows = queryset.order_by().values_list("pk", "search_name")
    if connection.vendor == "postgresql":
        expansions, persons = _vocabulary_lookup(model, query_words)
        spelled = list(persons)

        def holding(tiers: list[list[set]]) -> list[str]:
            parts, params = [], []
            for sets in tiers:
                parts.append(
                    f"(SELECT name, persons FROM {model.search_names} WHERE "
                    + " AND ".join(["regexp_split_to_array(name, '[^a-z0-9]+') && %s::text[]"] * len(sets))
                    + f" ORDER BY persons DESC, name LIMIT {TIER_NAMES})"
                )
                params += [sorted(word_set) for word_set in sets]
            if not parts:
                return []
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                found = cursor.fetchall()
            persons.update(found)
            return [name for name, _ in found]

    else:  # the names the user may see, counted as they are read
        by_name: dict[str, list[int]] = defaultdict(list)
        for pk, name in rows.order_by("pk"):
            by_name[name].append(pk)
        persons = {name: len(pks) for name, pks in by_name.items()}

        vocabulary = {w for name in by_name for w in words(name)}
        expansions = _scanned_lookup(vocabulary, query_words)
        spelled = [name for name in spellings(query_words, vocabulary) if name in by_name]

        def holding(tiers: list[list[set]]) -> list[str]:
            found = []
            for sets in tiers:
                tier = [n for n in by_name if all(not ws.isdisjoint(n.split(" ")) for ws in sets)]
                found += sorted(tier, key=lambda name: (-persons[name], name))[:TIER_NAMES]
            return found

    first, second = _tiers(query_words, expansions)
    # the name as typed and those a keystroke away first: enough when the name typed is borne by
    # a list of persons. Else the longer names holding every word as typed, the last perhaps in
    # part (being typed: "nguyen van hu"), and, only when the query spells no name, those with
    # any word mistyped into another (two words, when even these find no name)
    scored = _name_scores(spelled, query_words)
    enough = persons.get(exact_name, 0) >= limit
    if not enough:
        *typed, last = query_words
        if scored and typed and all(e.known for e in expansions.values()):
            first = [[{q} for q in typed] + ([expansions[last].words - set(typed)] if expansions[last].narrows else [])]
        scored |= _name_scores(set(holding(first)) - scored.keys(), query_words)
    loose: list[tuple[int, str]] = []
    if len(scored) < max(1, limit // 4) and not enough:  # typos in two words, or a word that does not narrow
        if second:
            if not scored:
                scored = _name_scores(holding([second]), query_words)
        else:
            loose = _search_name_candidates(queryset, exact_name, query_words)
            for name, value in _name_scores({name for _, name in loose}, query_words).items():
                scored[name] = value
                persons.setdefault(name, 1)
    ranked = sorted(scored, key=lambda name: (-scored[name], -persons.get(name, 0), name))
    alike = [name for name in scored if len(words(name)) == len(query_words)]  # word for word
    common = sorted(alike, key=lambda name: (-persons.get(name, 0), -scored[name], name))[: limit // 4]
    records: dict = {}
    if connection.vendor == "postgresql":
        rank = {name: i for i, name in enumerate(ranked)}
        best = sorted({*ranked[:limit], *common}, key=rank.__getitem__)
        found, records = _rows_of_names(queryset, best, common, ranked[limit:], limit, persons)
        found += [row for row in loose if row[1] in scored]
    else:
        found = [(pk, name) for name in ranked for pk in by_name[name][:limit]]
    return {pk: scored[name] for pk, name in _spread(found, ranked, common, limit)}, records


def _rows_of_names(
    queryset: QuerySet,
    best: list[str],
    common: Collection[str],
    rest: list[str],
    limit: int,
    persons: dict[str, int],
) -> tuple[list[tuple[int, str]], dict]:
    """The records ``_spread`` may take of the ``best`` names (in their rank's order) the
    queryset lets through, in one query: the first row of each of the first ``limit // 4`` names
    with a row and of each ``common`` one, and the first ``limit`` rows by the names' rank and the
    rows' key (of each name's first ``limit``). Each name's rows come from the ``search_name``
    index in its order, and the reading stops at the rows needed: the names in rank order, a name
    after the list is full never read, one row of the others. Then, if the rows are fewer than
    ``limit`` because the user may not see some of their ``persons``, rows of the ``rest``."""
    if not best:
        return [], {}
    # the name as a range, not an equality: PostgreSQL guesses some 15 rows a name from its
    # statistics, and for a LIMIT of 20 first builds a bitmap of every row of a common name
    # (Nguyễn Văn Hùng: thousands); for a range of unknown bounds it guesses many, and reads the
    # index until the limit. The names are joined in the array's order, which LIMIT keeps
    of_best = RawSQL("best.name", ())
    each = queryset.order_by().filter(search_name__gte=of_best, search_name__lte=of_best).values_list("pk")
    sql, params = each.query.sql_with_params()
    may_take = RawSQL(
        "WITH best AS (SELECT * FROM unnest(%s::text[], %s::bool[]) AS best(name, common)) "
        f"SELECT id FROM (SELECT found.id FROM best CROSS JOIN LATERAL ({sql} LIMIT 1) AS found(id) LIMIT %s) AS a "
        f"UNION SELECT found.id FROM best CROSS JOIN LATERAL ({sql} LIMIT 1) AS found(id) WHERE best.common "
        "UNION SELECT id FROM (SELECT found.id FROM best CROSS JOIN LATERAL "
        f"(SELECT id FROM ({sql} LIMIT %s) AS of_name(id) ORDER BY id) AS found(id) LIMIT %s) AS c",
        (best, [name in common for name in best], *params, limit // 4, *params, *params, limit, limit),
    )
    records = {record.pk: record for record in queryset.order_by().filter(pk__in=may_take)}
    found = [(record.pk, record.search_name) for record in records.values()]
    expected = sum(min(persons.get(name, 1), limit) for name in best)
    if len(found) < limit and len(found) < expected and rest:  # all the rows read: some persons hidden from this user
        more = queryset.order_by().values_list("pk", "search_name")
        found += list(more.filter(search_name__in=rest[:CANDIDATES])[:CANDIDATES])
    return found, records


def _spread(found: list[tuple[int, str]], ranked: list[str], common: list[str], limit: int) -> list[tuple[int, str]]:
    """``limit`` of the rows ``found``: first one of each of the best names and one of each of the
    ``common`` ones (those most persons bear, of as many words as the query), a quarter of the
    list each, then more namesakes of the best names, in their order. A mistyped word may spell
    another real name ("nguyen thi the" for Nguyễn Thị Thu, when Nguyễn Thị Thế Hằng, Thế
    Linh... exist): the name meant, if common, must not drown among the namesakes and longer
    names of the one typed."""
    rank = {name: i for i, name in enumerate(ranked)}
    found = sorted(set(found), key=lambda row: (rank[row[1]], row[0]))
    first_of: dict[str, tuple[int, str]] = {}
    for row in found:
        first_of.setdefault(row[1], row)
    picked = [first_of[name] for name in ranked if name in first_of][: limit // 4]
    picked += [first_of[name] for name in common if name in first_of and first_of[name] not in picked]
    taken = set(picked)
    picked += [row for row in found if row not in taken][: limit - len(picked)]
    return picked


def match(
    queryset: QuerySet,
    query: str,
    *,
    limit: int = 20,
    fields: Sequence[str] = (),
    related: Sequence[RelatedPath] = (),
    aliases: Callable[..., list[str]] | None = None,
) -> list[Hit]:
    """The records of ``queryset`` (already restricted to what the user may see) matching ``query``,
    best first. ``fields`` name the columns to match when the model has no ``search_name``
    (e.g. ``("name_vi", "name_en", "iso_alpha2")``); ``related``, the paths to records whose own
    ``search_name`` finds the row too (``("person", "organisation", "decision")``), their names
    scored with its own, a path given with rows (``("person", people in sight)``) found by those only; ``aliases``, given the ``fields``' values, returns other names of the row,
    already folded, each scored on its own (a record keeps its best score)."""
    folded = fold(query)
    query_words = words(folded)
    if not query_words:
        return []
    if getattr(queryset.model, "search_names", None) and not fields and not related:
        scored, records = _name_search(queryset, queryset.model, query_words, limit)
    else:
        records = {}
        if not fields and (_has_search_name(queryset) or related):
            candidates = _search_name_candidates(queryset, folded, query_words, related)
        else:  # a reference list: every row, the newest first were it ever past CANDIDATES
            columns = list(fields) or ["pk"]
            rows = queryset.order_by("-pk").values_list("pk", *columns)[:CANDIDATES]
            candidates = [(row[0], fold(" ".join(str(v) for v in row[1:] if v))) for row in rows]
            if aliases is not None:
                candidates += [(row[0], alias) for row in rows for alias in aliases(*row[1:])]
        scored = {}
        for pk, name in candidates:
            value = score(query_words, name)
            if value > 0:
                scored[pk] = max(value, scored.get(pk, 0.0))
    best = sorted(scored, key=lambda pk: (-scored[pk], pk))[:limit]
    if missing := [pk for pk in best if pk not in records]:
        records |= queryset.in_bulk(missing)
    return [Hit(records[pk], scored[pk]) for pk in best if pk in records]


def match_records(queryset: QuerySet, query: str, **kwargs) -> list:
    """``match`` without the scores."""
    return [hit.obj for hit in match(queryset, query, **kwargs)]


def match_whole(queryset: QuerySet, name: str, *, limit: int = 5) -> list[Hit]:
    """The records of ``queryset`` named ``name`` written in full, as a list or a document gives it
    (not a box being typed in, where "Lê Văn C" begins "Lê Văn Cường"): the same name without
    diacritics, or a keystroke or two from one of the record's names (``search_from``) by the whole
    name, ``NAME_CUTOFF``; best first."""
    folded = " ".join(words(fold(name)))
    found = []
    for hit in match(queryset, name, limit=limit * 4):
        names = [" ".join(words(fold(getattr(hit.obj, field) or ""))) for field in hit.obj.search_from]
        closest = max(OSA.normalized_similarity(folded, whole) * 100 for whole in names)
        if closest >= NAME_CUTOFF:
            found.append(Hit(hit.obj, closest))
    return sorted(found, key=lambda hit: -hit.score)[:limit]


#: Results of one kind on the search page.
SEARCH_LIMIT = 25


def search_group(
    title, queryset: QuerySet, query: str, *, fields: Sequence[str] = (), related: Sequence[RelatedPath] = ()
) -> dict:
    """One kind's part of the global search (an app's ``search.py`` returns a list of these)."""
    results = match_records(queryset, query, limit=SEARCH_LIMIT, fields=fields, related=related)
    return {"title": title, "results": results}
