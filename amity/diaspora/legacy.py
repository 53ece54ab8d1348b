"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC with .Vn fonts, VNI-Windows) to Unicode.

Provincial spreadsheets typed before Unicode keep Vietnamese as Latin-1 look-alikes:
"NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for "Nguyễn Văn An". ``detect`` tells
which one a set of cells uses; ``to_unicode`` converts one cell.
"""

import re
import unicodedata

_VOWELS = "aăâeêioôơuưy"
_TONED = {  # base letter -> (no tone, grave, hook, tilde, acute, dot below)
    "a": "aàảãáạ",
    "ă": "ăằẳẵắặ",
    "â": "âầẩẫấậ",
    "e": "eèẻẽéẹ",
    "ê": "êềểễếệ",
    "i": "iìỉĩíị",
    "o": "oòỏõóọ",
    "ô": "ôồổỗốộ",
    "ơ": "ơờởỡớợ",
    "u": "uùủũúụ",
    "ư": "ưừửữứự",
    "y": "yỳỷỹýỵ",
}

# TCVN3: one byte per letter; upper-case toned letters used a separate font with the same codes.
_TCVN3_LOWER = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô­õö÷øùúûüýþ"
_TCVN3_UNICODE = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
TCVN3 = dict(zip(_TCVN3_LOWER, _TCVN3_UNICODE, strict=True)) | {
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
    "§": "Đ",
}

# VNI-Windows: a base letter followed by one or two mark characters.
_VNI_TONES = ["", "ø", "û", "õ", "ù", "ï"]  # grave, hook, tilde, acute, dot
_VNI_HAT_TONES = ["â", "à", "å", "ã", "á", "ä"]  # â ê ô with tones
_VNI_BREVE_TONES = ["ê", "è", "ú", "ü", "é", "ë"]  # ă with tones


def _vni_table() -> dict[str, str]:
    table = {"ñ": "đ", "Ñ": "Đ"}
    for base in "aeouy":  # i takes single-byte tones, below
        for tone, mark in enumerate(_VNI_TONES[1:], start=1):
            table[base + mark] = _TONED[base][tone]
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for tone, mark in enumerate(_VNI_HAT_TONES):
            table[base + mark] = _TONED[hat][tone]
    for tone, mark in enumerate(_VNI_BREVE_TONES):
        table["a" + mark] = _TONED["ă"][tone]
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        table[single] = letter
        for tone, mark in enumerate(_VNI_TONES[1:], start=1):
            table[single + mark] = _TONED[letter][tone]
    # VNI writes single-byte i-tones and ỵ
    table.update({"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"})
    upper = {}
    for legacy, uni in table.items():
        up = legacy.upper()
        if up != legacy:
            upper[up] = uni.upper()
            if len(legacy) == 2:
                upper[legacy[0].upper() + legacy[1]] = uni.upper()
    return table | upper


VNI = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3)) + "]")
_VNI_SIGNATURE = re.compile(r"[aeiouyAEIOUY][øûõùïâàåãáäêèúüéëØÛÕÙÏÂÀÅÃÁÄÊÈÚÜÉË]|[ôöÔÖ][øûõùïØÛÕÙÏ]|ñ")
_TCVN3_SIGNATURE = re.compile("[¨©ª«¬®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞß¡¢£¤¥¦§]")
_UNICODE_VIETNAMESE = re.compile("[\u0100-\u024f\u1e00-\u1eff]")


def detect(cells) -> str:
    """ "unicode", "tcvn3" or "vni" for a sample of text cells.

    Cells already in Unicode Vietnamese count against a legacy guess, but a file may mix
    them (headers retyped, names pasted from old documents): two legacy cells per eight
    Unicode ones are enough, since ``to_unicode`` leaves Unicode cells alone anyway.
    """
    unicode_cells = tcvn3 = vni = 0
    for text in cells:
        if not isinstance(text, str) or text.isascii():
            continue
        if _UNICODE_VIETNAMESE.search(text):
            unicode_cells += 1
            continue
        v, t = len(_VNI_SIGNATURE.findall(text)), len(_TCVN3_SIGNATURE.findall(text))
        if v or t:
            vni += v > t
            tcvn3 += t >= v
    legacy_cells = vni + tcvn3
    if legacy_cells < 2 or legacy_cells * 4 < unicode_cells:
        return "unicode"
    return "vni" if vni > tcvn3 else "tcvn3"


def to_unicode(text: str, encoding: str) -> str:
    """Convert one cell from ``encoding`` ("tcvn3" or "vni"); Unicode text passes unchanged."""
    if not isinstance(text, str) or text.isascii() or encoding == "unicode" or _UNICODE_VIETNAMESE.search(text):
        return text
    if encoding == "tcvn3":
        text = _TCVN3_RE.sub(lambda m: TCVN3[m.group()], text)
    else:
        text = _VNI_RE.sub(lambda m: VNI[m.group()], text)
    return unicodedata.normalize("NFC", text)


def from_unicode(text: str, encoding: str) -> str:
    """The legacy form of Unicode text (for tests and benchmark files)."""
    table = TCVN3 if encoding == "tcvn3" else VNI
    reverse: dict[str, str] = {}
    for legacy, uni in table.items():
        reverse.setdefault(uni, legacy)
    if encoding == "tcvn3":
        # upper-case toned letters were typed with the upper-case font using lower-case codes
        reverse |= {u.upper(): k for k, u in TCVN3.items() if u.upper() not in reverse and u.islower()}
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
