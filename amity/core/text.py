"""Text helpers shared by search, imports and duplicate detection."""

import functools
import re
import unicodedata

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, diacritic-free, single-spaced form used for searching names.

    "Nguyễn Đức Trọng" and "nguyen duc  trong" both fold to "nguyen duc trong"; scripts other
    than Latin are transliterated so that a Russian or Chinese name can still be found by a
    Latin query, while the original stays in its own field.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    latin = text.translate(_latin_table())  # Latin letters at once; other scripts letter by letter
    return _SPACES.sub(" ", (latin if latin.isascii() else unidecode(text.translate(_D))).lower()).strip()


def search_key(*parts: str | None, length: int) -> str:
    """The parts joined and folded, cut to ``length`` (the column that keeps them): a Chinese or
    Russian character folds to several Latin letters, so a name of full length in those scripts
    would overrun a column sized for the Vietnamese form."""
    return fold(" ".join(filter(None, parts)))[:length]


_D = {ord("đ"): "d", ord("Đ"): "D"}


@functools.cache
def _latin_table() -> dict[int, str]:
    """Latin-1, Latin Extended A and B and Latin Extended Additional (every Vietnamese letter) as
    unidecode writes them: a translation table does in one call what unidecode does per letter."""
    return {cp: unidecode(chr(cp)) for cp in [*range(0x80, 0x250), *range(0x1E00, 0x1F00)]} | _D


#: C0 control characters other than tab, line feed and carriage return (and DEL): XML 1.0 (Word,
#: Excel) cannot hold them and a document writer raises on them, so one stray byte in a name
#: would stop every report and export that shows it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` without the control characters a document format cannot hold."""
    return _CONTROL.sub("", text)


#: The marks that make a letter of their own in the Vietnamese alphabet: breve (ă), circumflex (â ê ô),
#: horn (ơ ư); the others are tones.
_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}


def vietnamese_order(text: str) -> tuple:
    """A sort key in the order of the Vietnamese alphabet (a < ă < â, d < đ, e < ê, o < ô < ơ,
    u < ư), tones only breaking ties: Cà Mau, Cao Bằng, Cần Thơ, Đà Nẵng, Hà Nội, Hải Phòng, Huế."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _LETTER_MARKS and letters:
            letters[-1] = letters[-1][0] + _LETTER_MARKS[char]
        elif not unicodedata.combining(char):
            letters.append("d9" if char == "đ" else char + "0")
    return tuple(letters), text
