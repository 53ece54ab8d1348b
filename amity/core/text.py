"""Text helpers shared by search, imports and duplicate detection."""

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
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", unidecode(text).lower()).strip()


#: C0 control characters other than tab, line feed and carriage return (and DEL): XML 1.0 (Word,
#: Excel) cannot hold them and a document writer raises on them, so one stray byte in a name
#: would stop every report and export that shows it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """``text`` without the control characters a document format cannot hold."""
    return _CONTROL.sub("", text)
