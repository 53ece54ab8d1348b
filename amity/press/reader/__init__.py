"""Read facts out of a press article: ``read(text, language="auto")`` returns the proposals.

Offline and deterministic: rules and tables in this package, CLDR names from babel, Chinese
numerals from cn2an, the language from lingua's models shipped in its wheel (restricted to
Vietnamese, English, Chinese and Russian). The JSON of one proposal is documented in the README.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from lingua import Language, LanguageDetectorBuilder

from .figures import Claims, Fact, find_counts, find_dates, find_documents, find_money
from .names import (
    Gazetteer,
    find_awards,
    find_congresses,
    find_delegations,
    find_organisations,
    find_people,
    find_places,
)
from .numbers import VI_LOWER, VI_UPPER

LANGUAGES = ("vi", "en", "zh", "ru")
#: Longer texts are refused by ``read``; the article form and the API say so before calling it.
MAX_CHARS = 200_000
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(rf"[{VI_UPPER}{VI_LOWER}]")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


class TextTooLong(ValueError):
    pass


@dataclass
class Reading:
    language: str
    facts: list[Fact] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        return [fact.as_json() for fact in self.facts]


@functools.cache
def _detector():
    languages = [Language.VIETNAMESE, Language.ENGLISH, Language.CHINESE, Language.RUSSIAN]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """The article's main language among the four; "vi" for an empty or undecidable text."""
    sample = text[:5000]
    if not sample.strip():
        return "vi"
    language = _detector().detect_language_of(sample)
    if language is None:
        return "vi"
    return {"VIETNAMESE": "vi", "ENGLISH": "en", "CHINESE": "zh", "RUSSIAN": "ru"}[language.name]


def _languages(text: str, main: str) -> list[str]:
    """The main language first, then each other script present ("USD 9.5 million" in a Chinese
    article, a Russian name in a Vietnamese one) read with that script's patterns."""
    result = [main]
    if main != "zh" and _CJK.search(text):
        result.append("zh")
    if main != "ru" and _CYRILLIC.search(text):
        result.append("ru")
    if main in ("zh", "ru") and _LATIN.search(text):
        result.append("vi" if _VIETNAMESE.search(text) else "en")
    return result


def read(
    text: str,
    *,
    language: str = "auto",
    published: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
) -> Reading:
    """Every proposal in ``text``, ordered by position; the same text always gives the same list."""
    if len(text) > MAX_CHARS:
        raise TextTooLong(len(text))
    main = detect_language(text) if language == "auto" else language
    if main not in LANGUAGES:
        raise ValueError(f"language {main!r} is not one of {', '.join(LANGUAGES)}")
    gazetteer = gazetteer or Gazetteer()
    figures, names = Claims(), Claims()
    facts: list[Fact] = []
    languages = _languages(text, main)
    for lang in languages:  # each kind in every script before the next kind: "14,5 млн долларов" is money,
        facts += find_documents(text, lang, figures)  # not a Vietnamese count of "млн"
    for lang in languages:
        facts += find_money(text, lang, figures)
    for lang in languages:
        facts += find_dates(text, lang, figures, published)
    for lang in languages:
        facts += find_counts(text, lang, figures)
    for fact in facts:
        if fact.kind in ("money", "document"):
            names.take(fact.start, fact.end)  # "долларов США", "123/QĐ-UBND" are not a country or a body
    organisations: list[Fact] = []
    for lang in _languages(text, main):
        organisations += find_organisations(text, lang, names, gazetteer, published)
    facts += organisations
    people: list[Fact] = []
    for lang in _languages(text, main):
        people += find_people(text, lang, names, organisations)
    places: list[Fact] = []
    for lang in _languages(text, main):
        places += find_places(text, lang, names, published)
    facts += people + places
    for lang in _languages(text, main):
        facts += find_congresses(text, lang, organisations)
        facts += find_delegations(text, lang, places, people)
        facts += find_awards(text, lang)
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return Reading(main, facts)
