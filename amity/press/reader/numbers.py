"""Numbers as the press writes them: digits with each language's separators, number words and
scale words ("37 tỷ", "9.5 million", "14,5 млн", "950万"). Chinese numerals go to ``cn2an``;
Vietnamese, Russian and English words are small tables here, since no maintained library
reads them back into numbers."""

import re
from decimal import Decimal, InvalidOperation

import cn2an

#: Scale words by language, lower-case, to their multiplier.
SCALES: dict[str, dict[str, int]] = {
    "vi": {
        "nghìn": 10**3,
        "ngàn": 10**3,
        "triệu": 10**6,
        "tỷ": 10**9,
        "tỉ": 10**9,
        "nghìn tỷ": 10**12,
        "million": 10**6,
        "billion": 10**9,
    },
    "en": {
        "thousand": 10**3,
        "million": 10**6,
        "mn": 10**6,
        "m": 10**6,
        "billion": 10**9,
        "bn": 10**9,
        "trillion": 10**12,
    },
    "ru": {
        "тыс.": 10**3,
        "тыс": 10**3,
        "тысяча": 10**3,
        "тысячи": 10**3,
        "тысяч": 10**3,
        "млн": 10**6,
        "млн.": 10**6,
        "миллион": 10**6,
        "миллиона": 10**6,
        "миллионов": 10**6,
        "млрд": 10**9,
        "млрд.": 10**9,
        "миллиард": 10**9,
        "миллиарда": 10**9,
        "миллиардов": 10**9,
        "трлн": 10**12,
    },
}

_VI_DIGITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_RU_WORDS = {
    "один": 1,
    "одна": 1,
    "одно": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
_EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

#: Word numbers as regex alternatives (longest first), for the extractors.
VI_WORD = "|".join(sorted([*_VI_DIGITS, "mười", "mươi", "trăm", "linh", "lẻ"], key=len, reverse=True))
RU_WORD = "|".join(sorted(_RU_WORDS, key=len, reverse=True))
EN_WORD = "|".join(sorted([*_EN_WORDS, "hundred"], key=len, reverse=True))

#: Vietnamese letters as character-class contents (a range such as "à-ỹ" would take in Greek and
#: Cyrillic too: a Russian word is not a Vietnamese one).
VI_LOWER = "a-zàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
VI_UPPER = VI_LOWER.upper()

#: Digits with optional grouping (".", ",", spaces) and decimal part.
DIGITS = r"(?:\d{1,3}(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}\b))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"


def parse_digits(text: str, language: str) -> Decimal | None:
    """A number written with digits, reading separators as the language does.

    "12.408.150" and "3.000" are thousands in Vietnamese and Russian, "14,5" is a decimal comma;
    in English and Chinese "12,408,150" groups and "9.5" is a decimal point. A single separator
    not followed by exactly three digits is always a decimal mark ("9.5" in a Vietnamese text).
    """
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    seps = [c for c in text if c in ".,"]
    if not seps:
        return Decimal(text)
    if len(set(seps)) == 2:  # "1,234.5" or "1.234,5": the last one is the decimal mark
        decimal_mark = seps[-1]
        group = "," if decimal_mark == "." else "."
        text = text.replace(group, "").replace(decimal_mark, ".")
    elif len(seps) > 1:
        text = text.replace(seps[0], "")
    else:
        sep = seps[0]
        after = text.split(sep)[1]
        grouping = sep == "." if language in ("vi", "ru") else sep == ","
        if len(after) == 3 and grouping:
            text = text.replace(sep, "")
        else:
            text = text.replace(sep, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def vi_words(text: str) -> int | None:
    """Vietnamese number words: "hai mươi lăm" 25, "một trăm linh năm" 105, "ba nghìn" 3000."""
    return _words(text.lower().split(), _VI_DIGITS, tens="mươi", ten="mười", hundred="trăm", scales=SCALES["vi"])


def ru_words(text: str) -> int | None:
    """Russian number words in the nominative: "сто сорок шесть" 146, "три тысячи" 3000."""
    total = current = 0
    seen = False
    for word in text.lower().split():
        if word in _RU_WORDS:
            current += _RU_WORDS[word]
        elif word in SCALES["ru"]:
            total += (current or 1) * SCALES["ru"][word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def en_words(text: str) -> int | None:
    """English number words: "fifty-two" 52, "three hundred" 300, "two thousand" 2000."""
    total = current = 0
    seen = False
    for word in text.lower().replace("-", " ").split():
        if word in _EN_WORDS:
            current += _EN_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES["en"] and len(word) > 2:
            total += (current or 1) * SCALES["en"][word]
            current = 0
        elif word != "and":
            return None
        seen = True
    return total + current if seen else None


def _words(words, digits, *, tens, ten, hundred, scales) -> int | None:
    total = small = digit = 0
    last_scale = 0
    seen = False
    for word in words:
        if word in digits:
            digit = digits[word]
        elif word == ten:
            small += 10
        elif word == tens:
            small += (digit or 1) * 10
            digit = 0
        elif word == hundred:
            small += (digit or 1) * 100
            digit = 0
        elif word in ("linh", "lẻ"):
            pass
        elif word in scales:
            scale = scales[word]
            chunk = small + digit
            if last_scale and scale > last_scale:
                total = (total + chunk) * scale  # "hai nghìn tỷ": the thousands scale up again
            else:
                total += (chunk or 1) * scale
            last_scale = scale
            small = digit = 0
        else:
            return None
        seen = True
    return total + small + digit if seen else None


def zh_number(text: str) -> Decimal | None:
    """Chinese numerals, mixed or not ("1.5亿", "950万", "一千五百", "两"), through cn2an."""
    text = text.replace(",", "").replace("，", "").replace("两", "二")
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value)).normalize() if value is not None else None


def normal(amount: Decimal) -> str:
    """The decimal string of the JSON ("37000000000", "9500000", "14.5")."""
    return format(amount.normalize(), "f")
