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
