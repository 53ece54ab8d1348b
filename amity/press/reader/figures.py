"""Money, counts, dates, periods and document numbers: the facts a union states in figures.

Each ``find_*`` takes the text, the language's patterns and a ``Claims`` of spans already
taken, and returns proposals (``Fact``). Documents are read first so that "58/2022/NĐ-CP" is
not a date, money before counts so that "37 tỷ đồng" is not a count of "tỷ", periods before
dates so that "2018–2023" is not two years.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import (
    DIGITS,
    EN_WORD,
    RU_WORD,
    SCALES,
    VI_LOWER,
    VI_WORD,
    en_words,
    parse_digits,
    ru_words,
    vi_words,
    zh_number,
)


@dataclass
class Fact:
    kind: str
    start: int
    end: int
    text: str
    value: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text, "value": self.value}


class Claims:
    """Spans already proposed, so that one stretch of text becomes one figure."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.spans)

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))


def _fact(kind: str, text: str, start: int, end: int, value: dict) -> Fact:
    # trim spaces the patterns may have swallowed at either end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Fact(kind, start, end, text[start:end], value)


# ---------------------------------------------------------------- qualifiers
QUALIFIERS = {
    "vi": {
        "khoảng": "about",
        "chừng": "about",
        "xấp xỉ": "about",
        "gần": "nearly",
        "hơn": "more_than",
        "trên": "more_than",
        "ít nhất": "at_least",
        "lên tới": "up_to",
        "lên đến": "up_to",
        "tới": "up_to",
        "dưới": "less_than",
        "chưa đến": "less_than",
    },
    "en": {
        "about": "about",
        "around": "about",
        "approximately": "about",
        "some": "about",
        "nearly": "nearly",
        "almost": "nearly",
        "more than": "more_than",
        "over": "more_than",
        "at least": "at_least",
        "up to": "up_to",
        "less than": "less_than",
        "fewer than": "less_than",
    },
    "ru": {
        "около": "about",
        "примерно": "about",
        "порядка": "about",
        "почти": "nearly",
        "более": "more_than",
        "свыше": "more_than",
        "больше": "more_than",
        "не менее": "at_least",
        "до": "up_to",
        "менее": "less_than",
    },
    "zh": {
        "约": "about",
        "大约": "about",
        "近": "nearly",
        "将近": "nearly",
        "超过": "more_than",
        "逾": "more_than",
        "多达": "up_to",
    },
}
ZH_SUFFIX_QUALIFIERS = {"多": "more_than", "余": "more_than", "以上": "more_than", "左右": "about"}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _qualifier_re(language: str) -> str:
    return (
        rf"(?:(?P<qual>(?i:{_alt(QUALIFIERS[language])}))\s+)?"
        if language != "zh"
        else rf"(?P<qual>{_alt(QUALIFIERS['zh'])})?"
    )


# ---------------------------------------------------------------- money
CURRENCIES = {
    "vi": {
        "đồng": "VND",
        "VNĐ": "VND",
        "VND": "VND",
        "đ": "VND",
        "USD": "USD",
        "đô la Mỹ": "USD",
        "đô-la Mỹ": "USD",
        "đôla Mỹ": "USD",
        "đô la": "USD",
        "đô-la": "USD",
        "đôla": "USD",
        "euro": "EUR",
        "Euro": "EUR",
        "EUR": "EUR",
        "yên Nhật": "JPY",
        "yên": "JPY",
        "JPY": "JPY",
        "nhân dân tệ": "CNY",
        "NDT": "CNY",
        "CNY": "CNY",
        "won": "KRW",
        "KRW": "KRW",
        "rúp": "RUB",
        "RUB": "RUB",
        "kíp": "LAK",
        "LAK": "LAK",
        "bạt": "THB",
        "bảng Anh": "GBP",
        "đô la Úc": "AUD",
        "AUD": "AUD",
        "đô la Singapore": "SGD",
        "SGD": "SGD",
    },
    "en": {
        "US dollars": "USD",
        "dollars": "USD",
        "USD": "USD",
        "VND": "VND",
        "dong": "VND",
        "euros": "EUR",
        "euro": "EUR",
        "EUR": "EUR",
        "yen": "JPY",
        "JPY": "JPY",
        "yuan": "CNY",
        "RMB": "CNY",
        "CNY": "CNY",
        "won": "KRW",
        "roubles": "RUB",
        "rubles": "RUB",
        "RUB": "RUB",
        "kip": "LAK",
        "baht": "THB",
        "pounds": "GBP",
        "GBP": "GBP",
        "AUD": "AUD",
    },
    "ru": {
        "долларов США": "USD",
        "доллара США": "USD",
        "доллары США": "USD",
        "долл. США": "USD",
        "долларов": "USD",
        "доллара": "USD",
        "доллар": "USD",
        "донгов": "VND",
        "донга": "VND",
        "донг": "VND",
        "вьетнамских донгов": "VND",
        "евро": "EUR",
        "рублей": "RUB",
        "рубля": "RUB",
        "рубль": "RUB",
        "иен": "JPY",
        "юаней": "CNY",
        "юаня": "CNY",
        "вон": "KRW",
        "кипов": "LAK",
        "USD": "USD",
        "VND": "VND",
        "EUR": "EUR",
    },
    "zh": {
        "美元": "USD",
        "越盾": "VND",
        "越南盾": "VND",
        "欧元": "EUR",
        "日元": "JPY",
        "人民币": "CNY",
        "元人民币": "CNY",
        "韩元": "KRW",
        "卢布": "RUB",
        "基普": "LAK",
        "泰铢": "THB",
        "英镑": "GBP",
        "澳元": "AUD",
        "新加坡元": "SGD",
        "元": "CNY",
    },
}
#: Codes and signs written before the amount ("USD 9.5 million", "$9.5 million", "VND 150 million").
PREFIX_CURRENCIES = {
    "US$": "USD",
    "USD": "USD",
    "VND": "VND",
    "VNĐ": "VND",
    "EUR": "EUR",
    "€": "EUR",
    "$": "USD",
    "JPY": "JPY",
    "¥": "JPY",
    "CNY": "CNY",
    "RMB": "CNY",
    "£": "GBP",
    "GBP": "GBP",
    "KRW": "KRW",
    "RUB": "RUB",
    "AUD": "AUD",
}

_WORDS = {"vi": VI_WORD, "ru": RU_WORD, "en": EN_WORD}
_WORD_PARSERS = {"vi": vi_words, "ru": ru_words, "en": en_words}
_LETTER = r"[^\W\d_]"


def _scale_re(language: str) -> str:
    return _alt(SCALES[language])


def _amount_re(language: str) -> str:
    """Number, optional scale, and further "number scale" pairs ("2 tỷ 350 triệu")."""
    if language == "zh":
        return (
            r"(?P<amount>(?:\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十])[\d,.零〇一二两三四五六七八九十百千万亿]*)"
        )
    number = rf"(?:{DIGITS}|(?:(?:{_WORDS[language]})(?:[\s-]+|(?=\s)))+)"
    scale = _scale_re(language)
    return rf"(?P<amount>{number}(?:\s*(?:{scale})(?!{_LETTER}))?(?:\s+{DIGITS}\s*(?:{scale})(?!{_LETTER}))*)"


def parse_amount(text: str, language: str) -> Decimal | None:
    """The value of "37 tỷ", "2 tỷ 350 triệu", "9.5 million", "hai tỷ", "14,5 млн", "1.5亿"."""
    if language == "zh":
        return zh_number(text.strip())
    scales = SCALES[language]
    segment = re.compile(
        rf"(?P<n>{DIGITS}|(?:(?:{_WORDS[language]})[\s-]*)+)\s*(?P<s>{_scale_re(language)})?(?!{_LETTER})"
    )
    total = Decimal(0)
    last_scale = 0
    found = False
    for match in segment.finditer(text):
        raw = match.group("n").strip()
        if raw[0].isdigit():
            number = parse_digits(raw, language)
        else:
            words = _WORD_PARSERS[language](raw)
            number = Decimal(words) if words is not None else None
        if number is None:
            return None
        scale = scales.get((match.group("s") or "").lower(), 1)
        if last_scale and scale > last_scale:  # "hai nghìn tỷ" read as two segments
            total = (total + number) * scale
        else:
            total += number * scale
        last_scale = scale
        found = True
    return total if found else None


def _money_patterns(language: str) -> list[re.Pattern]:
    qual = _qualifier_re(language)
    amount = _amount_re(language)
    currencies = _alt(CURRENCIES[language])
    if language == "zh":
        after = rf"{qual}{amount}(?P<suffix>多|余)?(?P<cur>{currencies})"
        return [re.compile(after)]
    boundary = r"(?<![\w.,])"
    after = rf"{boundary}{qual}{amount}\s*(?P<cur>{currencies})(?!{_LETTER})"
    before = rf"{boundary}{qual}(?P<cur>{_alt(PREFIX_CURRENCIES)})\s?{amount}(?!\w)"
    return [re.compile(after), re.compile(before)]


def find_money(text: str, language: str, claims: Claims) -> list[Fact]:
    facts = []
    for pattern in _money_patterns(language):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not claims.free(start, end):
                continue
            amount = parse_amount(match.group("amount"), language)
            if amount is None or amount == 0:
                continue
            currency_text = match.group("cur")
            currency = CURRENCIES[language].get(currency_text) or PREFIX_CURRENCIES.get(currency_text)
            if currency_text == "đ" and language == "vi" and not re.match(r"\d", match.group("amount")):
                continue
            qualifier = _qualifier(language, match)
            claims.take(start, end)
            facts.append(
                _fact(
                    "money",
                    text,
                    start,
                    end,
                    {"amount": format(amount.normalize(), "f"), "currency": currency, "qualifier": qualifier},
                )
            )
    return facts


def _qualifier(language: str, match: re.Match) -> str | None:
    groups = match.groupdict()
    if groups.get("qual"):
        return QUALIFIERS[language][groups["qual"].lower()]
    if groups.get("suffix"):
        return ZH_SUFFIX_QUALIFIERS[groups["suffix"]]
    return None


# ---------------------------------------------------------------- documents
_DOC_CODE = (
    r"(?<![\w/.-])(?P<number>\d{1,4}[a-z]?(?:/\d{4})?(?:/|-)[A-ZĐ]{1,8}\d{0,3}(?:[-/][A-ZĐ]{1,8}\d{0,3})*)(?![\w/-])"
)
DOCUMENT_KINDS = {
    "directive": r"Chỉ thị|Directive|Директив[аыуе]|指示",
    "plan": r"Kế hoạch|Plan|План[аеу]?|计划",
    "decision": r"Quyết định|Decision|Решени[еяю]|决定",
    "decree": r"Nghị định|Decree|Постановлени[еяю]|Указ[аеу]?|议定",
    "resolution": r"Nghị quyết|Resolution|Резолюци[яиюей]|决议",
    "law": r"Luật|Law|Закон[аеу]?|法",
    "circular": r"Thông tư|Circular|Циркуляр[аеу]?|通知",
}
_KIND_PREFIX = "|".join(f"(?P<{kind}>{words})" for kind, words in DOCUMENT_KINDS.items())
_DOC_PREFIXED = re.compile(rf"(?:(?:{_KIND_PREFIX})\s*(?:số|No\.?|№|number)?\s*)?{_DOC_CODE}")
_DOC_ZH = re.compile(
    rf"第\s*(?P<number>\d{{1,4}}(?:[-/][A-ZĐ]{{1,8}}\d{{0,3}}(?:[-/][A-ZĐ]{{1,8}}\d{{0,3}})*)?)\s*号(?P<zh>{'|'.join(k for k in ['指示', '计划', '决定', '议定', '决议', '通知'])})?"
)
_DOC_BARE = re.compile(rf"(?:{_KIND_PREFIX})\s*(?:số|No\.?|№)\s*(?P<number>\d{{1,4}})(?![\w/.,-])")
_ZH_KINDS = {
    "指示": "directive",
    "计划": "plan",
    "决定": "decision",
    "议定": "decree",
    "决议": "resolution",
    "通知": "circular",
}


def find_documents(text: str, language: str, claims: Claims) -> list[Fact]:
    facts = []
    for pattern in (_DOC_ZH, _DOC_PREFIXED, _DOC_BARE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not claims.free(start, end):
                continue
            groups = match.groupdict()
            kind = next((k for k in DOCUMENT_KINDS if groups.get(k)), None)
            if groups.get("zh"):
                kind = _ZH_KINDS[groups["zh"]]
            if pattern is _DOC_ZH and not groups.get("zh") and "-" not in match.group("number"):
                continue  # "第12号" alone is a ship or a room, not a document
            claims.take(start, end)
            facts.append(_fact("document", text, start, end, {"number": match.group("number"), "kind": kind}))
    return facts


# ---------------------------------------------------------------- dates and periods
MONTHS = {
    "en": {
        m: i + 1
        for i, names in enumerate(
            [
                "January Jan",
                "February Feb",
                "March Mar",
                "April Apr",
                "May",
                "June Jun",
                "July Jul",
                "August Aug",
                "September Sep Sept",
                "October Oct",
                "November Nov",
                "December Dec",
            ]
        )
        for m in names.split()
    },
    "ru": {
        m: i + 1
        for i, names in enumerate(
            [
                "января январь январе",
                "февраля февраль феврале",
                "марта март марте",
                "апреля апрель апреле",
                "мая май мае",
                "июня июнь июне",
                "июля июль июле",
                "августа август августе",
                "сентября сентябрь сентябре",
                "октября октябрь октябре",
                "ноября ноябрь ноябре",
                "декабря декабрь декабре",
            ]
        )
        for m in names.split()
    },
}
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*[-–—]\s*"


@dataclass
class Pattern:
    regex: re.Pattern
    kind: str  # "date" or "period"


def _date_patterns(language: str) -> list[Pattern]:
    P = lambda regex, kind="date": Pattern(re.compile(regex, re.IGNORECASE if language in ("en", "ru") else 0), kind)  # noqa: E731
    common = [
        P(rf"(?<![\d/.])(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>{_YEAR})(?![\d/])"),
    ]
    if language == "vi":
        part = r"(?i:(?:sáng|chiều|tối|trưa|đêm|rạng sáng|hôm)\s+(?:ngày\s+)?|ngày\s+)"
        return [
            P(
                rf"(?:(?:từ|trong)\s+)?(?:(?:nhiệm kỳ|giai đoạn|thời kỳ|năm)\s+)?(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR})(?!\d)",
                "period",
            ),
            P(rf"từ năm (?P<y1>{_YEAR}) (?:đến|tới) (?:năm )?(?P<y2>{_YEAR})", "period"),
            P(
                rf"(?i:(?:từ\s+)?ngày|từ)\s+(?P<d>\d{{1,2}})\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?(?P<d2>\d{{1,2}})\s*[/-]\s*"
                rf"(?P<m>\d{{1,2}})(?:\s*[/-]\s*(?P<y>{_YEAR}))?(?![\d/])"
            ),
            P(rf"{part}?(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>{_YEAR})(?![\d/])"),
            P(rf"(?:(?i:ngày)\s+)?(?P<d>\d{{1,2}}) tháng (?P<m>\d{{1,2}})(?: năm (?P<y>{_YEAR}))?"),
            P(rf"(?i:tháng) (?P<m>\d{{1,2}})(?:/| năm )(?P<y>{_YEAR})(?!\d)"),
            P(rf"{part}(?P<d>\d{{1,2}})\s*[/-]\s*(?P<m>\d{{1,2}})(?![\d/])"),
            P(rf"(?i:năm) (?P<y>{_YEAR})(?!\d)"),
            P(
                r"(?i:tháng) (?P<m>\d{1,2})(?![\d/.,]\d|\s*(?:năm|tháng))"
            ),  # "trong tháng 3": March of the article's year
        ]
    if language == "en":
        month = _alt(MONTHS["en"])
        full = _alt(m for m in MONTHS["en"] if len(m) > 4 or m in ("May", "June", "July"))
        return [
            P(rf"(?:(?:from|between)\s+)?(?P<y1>{_YEAR})\s*(?:[-–—]|to|and)\s*(?P<y2>{_YEAR})(?!\d)", "period"),
            *common,
            P(
                rf"(?P<mn>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to|through|until)\s*(?P<d2>\d{{1,2}})"
                rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"
            ),
            P(
                rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{month})\.?"
                rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"
            ),
            P(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{month})\.?(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"),
            P(rf"(?P<mn>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"),
            P(rf"(?P<mn>{month})\s+(?P<y>{_YEAR})"),
            P(rf"\b(?:in|since|by|until|during|of|for) (?P<span>(?P<y>{_YEAR}))(?![\w-])"),  # not "the 1990s"
            P(rf"\b(?:in|since|by|until|during|from|early|late|mid-)\s*(?P<span>(?P<mn>(?-i:{full})))(?!\w|,?\s+\d)"),
        ]
    if language == "ru":
        month = _alt(MONTHS["ru"])
        years = r"(?:\s*(?:гг\.|г\.|годах|годов|годы|года|году|год))"
        return [
            P(rf"(?:(?:с|в)\s+)?(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR}){years}?", "period"),
            P(rf"с (?P<y1>{_YEAR}) по (?P<y2>{_YEAR}){years}?", "period"),
            *common,
            P(
                rf"(?:с\s+)?(?P<d>\d{{1,2}})\s*(?:по|-|–|—)\s*(?P<d2>\d{{1,2}})\s+(?P<mn>{month})"
                rf"(?:\s+(?P<y>{_YEAR}){years}?)?(?!\w)"
            ),
            P(rf"(?P<d>\d{{1,2}})\s+(?P<mn>{month})(?:\s+(?P<y>{_YEAR}){years}?)?(?!\w)"),
            P(rf"(?P<mn>{month})\s+(?P<y>{_YEAR}){years}?"),
            P(rf"(?P<y>{_YEAR}){years}"),
            P(rf"\b[вВ]\s+(?P<span>(?P<mn>{_alt(m for m in MONTHS['ru'] if m.endswith('е'))}))(?!\w|\s*\d)"),
        ]
    if language == "zh":
        return [
            P(rf"(?P<y1>{_YEAR})年?\s*[-–—至到~]\s*(?P<y2>{_YEAR})年", "period"),
            P(rf"(?P<y1>{_YEAR})\s*[-–—]\s*(?P<y2>{_YEAR})(?!\d)", "period"),
            *common,
            P(
                rf"(?<![\d年])(?:(?P<y>{_YEAR})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日?\s*(?:至|到|-|–|—|~)\s*"
                rf"(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})日"
            ),
            P(rf"(?P<y>{_YEAR})年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?"),
            P(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
            P(rf"(?P<y>{_YEAR})年"),
            P(r"(?<![\d年个.第])(?P<m>\d{1,2})月(?:份)?(?![\d日])"),
        ]
    return common


#: Words that put a sentence in the past or the future, for the year of a day written without one.
TENSE = {
    "vi": (r"(?<!\w)(?:đã|vừa qua|vừa)(?!\w)", r"(?<!\w)(?:sẽ|dự kiến|sắp|tới đây)(?!\w)"),
    "en": (
        r"\b(?:was|were|had|took place|signed|held|visited|received|opened|last)\b",
        r"\b(?:will|would be|to be held|is scheduled|are scheduled|upcoming|next)\b",
    ),
    "ru": (
        r"(?<!\w)(?:был[аои]?|состоял\w*|прош[её]л|прошл[аои]|подписан\w*|подписал\w*|провёл|провел\w*|принял\w*|"
        r"посетил\w*|вручил\w*|открыл\w*)(?!\w)",
        r"(?<!\w)(?:будет|будут|состоится|пройд[её]т|откроется|намечен\w*|планиру\w*|предстоящ\w*)(?!\w)",
    ),
    "zh": (r"了|已经|曾", r"将|拟|即将|计划于"),
}


def _tense(language: str, sentence: str) -> str | None:
    """ "future" when the sentence has a word of the future, "past" when it has only one of the past."""
    past, future = (re.search(pattern, sentence, re.IGNORECASE) for pattern in TENSE[language])
    if future:  # "he said the memorandum would be signed on June 15": reported, yet to come
        return "future"
    return "past" if past else None


def _infer_year(month: int, day: int | None, published: datetime.date | None, tense: str | None = None) -> int | None:
    """The year of a "12/3" or "14-9" in an article published on ``published``: the same year,
    unless that would put the day more than two months after publication (a December
    article speaking of "5/1" back in January is rare; one in January speaking of "20/12" means
    the December before). A sentence in the past tense ("подписано 1 декабря" in a November
    article) puts a later day in the year before; one in the future ("sẽ diễn ra ngày 5/1" in a
    December article) puts an earlier day in the year after."""
    if published is None:
        return None
    try:
        candidate = datetime.date(published.year, month, day or 1)
    except ValueError:
        return None
    if tense == "past" and candidate > published:
        return published.year - 1
    if tense == "future":
        return published.year + 1 if published - candidate > datetime.timedelta(days=31) else published.year
    if candidate - published > datetime.timedelta(days=60):
        return published.year - 1
    return published.year


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span: from the last full stop (or line) before it to the next one."""
    begin = max(text.rfind(s, 0, start) for s in (". ", "。", "\n", "! ", "? ", "; ", "；")) + 1
    ends = [i for i in (text.find(s, end) for s in (". ", "。", "\n", "! ", "? ", "; ", "；")) if i != -1]
    return text[begin : min(ends) if ends else len(text)]


def find_dates(text: str, language: str, claims: Claims, published: datetime.date | None) -> list[Fact]:
    facts = []
    for pattern in _date_patterns(language):
        for match in pattern.regex.finditer(text):
            groups = match.groupdict()
            start, end = match.span("span") if groups.get("span") else match.span()
            if not claims.free(start, end):
                continue
            if pattern.kind == "period":
                y1, y2 = int(groups["y1"]), int(groups["y2"])
                if not 0 < y2 - y1 <= 30:
                    continue
                claims.take(start, end)
                facts.append(_fact("period", text, start, end, {"start_year": y1, "end_year": y2}))
                continue
            month = int(groups["m"]) if groups.get("m") else None
            if groups.get("mn"):
                month = MONTHS[language][groups["mn"].lower() if language == "ru" else groups["mn"].capitalize()]
            day = int(groups["d"]) if groups.get("d") else None
            if groups.get("d2") and not groups.get("m2") and int(groups["d2"]) <= (day or 0):
                continue  # "3-1" is a score; a range of days runs forward ("20 đến 22/12" is the 20th)
            year = int(groups["y"]) if groups.get("y") else None
            if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
                continue
            inferred = False
            if year is None:
                year = _infer_year(month or 1, day, published, _tense(language, _sentence(text, start, end)))
                inferred = year is not None
            try:
                if year and month and day:
                    datetime.date(year, month, day)
            except ValueError:
                continue
            claims.take(start, end)
            precision = "day" if day else "month" if month else "year"
            facts.append(
                _fact(
                    "date",
                    text,
                    start,
                    end,
                    {"year": year, "month": month, "day": day, "inferred": inferred, "precision": precision},
                )
            )
    return facts


# ---------------------------------------------------------------- counts
_VI_STOP = (
    "của và với tại trong ở cho được đã có là từ đến về trị giá nhằm theo thuộc do này đó khác mới trên dưới "
    "gồm như để khi nhưng sẽ đang vì nên hay hoặc mà thì cùng sau trước tham nhận làm hỗ ủng "
    "trao tặng đón về sang tới thăm tại diễn"
).split()
#: Words after a number that make it a span of time, an age or a share, not a count of things.
_VI_TIME = {
    "năm",
    "tháng",
    "ngày",
    "giờ",
    "tuần",
    "phút",
    "giây",
    "lần thứ",
    "kỳ",
    "%",
    "tuổi",
    "phần trăm",
    "điểm",
    "bên",
}
_EN_STOP = set(
    "of in with and from to worth at for by on the that which were was are is who have has had as into a an or "
    "will would can could may must shall should do does did be been during since until over across each per".split()
)
_EN_TIME = {
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "hours",
    "weeks",
    "percent",
    "per",
    "year-old",
    "years-old",
    "points",
    "point",
    "sides",
    "minutes",
    "seconds",
    "decades",
    "a",
    "p",
    "am",
    "pm",
    "h",
}
_RU_TIME_PREFIX = ("год", "лет", "месяц", "дн", "день", "недел", "час", "процент", "-", "очк", "балл", "сторон")
_ZH_MEASURE = "个|名|项|家|位|所|批|吨|届|次|条|支|座|份|件|种|艘|处|人|场|只|台|辆|套|本|箱|棵"
_ZH_CLASSIFIERS = {
    "个",
    "名",
    "位",
    "项",
    "家",
    "所",
    "批",
    "届",
    "次",
    "条",
    "支",
    "场",
    "份",
    "只",
    "台",
    "辆",
    "套",
    "本",
    "箱",
    "棵",
}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万"
#: Words just before a number that make it a rank, a label or an age ("lần thứ 5", "số 12", "aged 15").
_NOT_A_COUNT_BEFORE = {
    "vi": re.compile(r"(?i:thứ|số|hạng|khóa|khoá)\s*$|(?<!\w)[A-Z]{2,4}\s$"),
    "en": re.compile(r"(?i:no\.?|number|version|phase|grade|room|floor|level|aged)\s*$|(?<!\w)[A-Z]{2,4}\s$"),
    "ru": re.compile(r"(?i:№|номер|верси[яи]|этап|возрасте)\s*$|(?<!\w)[A-Z]{2,4}\s$"),
}
#: Words opening a range of counts ("từ 10 đến 15 đoàn"), and those joining its two ends.
_RANGE_OPEN = {"vi": "từ", "en": "from|between", "ru": "от"}
_RANGE_JOIN = {"vi": r"đến|tới|-|–|—", "en": r"to|and|-|–|—", "ru": r"до|-|–|—"}


def _count_patterns(language: str) -> list[re.Pattern]:
    qual = _qualifier_re(language)
    if language == "zh":
        number = rf"(?:\d[\d,]*(?:\.\d+)?[万亿千]?|[{_ZH_NUMERAL}]+)"
        return [
            re.compile(
                rf"(?<![第\d.{_ZH_NUMERAL}]){qual}(?P<number>{number})(?:\s*(?:至|到|-|–|—|~)\s*(?P<upper>{number}))?"
                rf"(?P<suffix>多|余)?\s*(?P<measure>{_ZH_MEASURE})(?=(?P<what>[\u4e00-\u9fff]{{0,12}}))"
            )
        ]
    words = _WORDS[language]
    if language == "vi":
        words = words.replace("năm|", "").replace("|năm", "")  # "năm" is five, but mostly the year
    letters = f"[{VI_LOWER}]" if language == "vi" else r"[A-Za-z]" if language == "en" else r"[а-яё]"
    number_words = rf"(?:(?:{words})(?:[\s-]+(?={words}))?)+"
    if language == "en":  # "Two Dutch veterans" opens a sentence; "Hai bên" ("both sides") is an idiom
        number_words = f"(?i:{number_words})"
    number = rf"(?:{DIGITS}|{number_words})"
    opening = rf"(?:(?P<open>(?i:{_RANGE_OPEN[language]}))\s+)?"
    scale = rf"(?:\s*(?P<scale>{_alt(w for w in SCALES[language] if len(w) > 2)})(?!\w))?"
    upper = rf"(?:\s*(?:{_RANGE_JOIN[language]})\s*(?P<upper>{DIGITS}))?"
    return [
        re.compile(
            rf"(?<![\w.,/:#№-]){qual}{opening}(?P<number>{number}){upper}{scale}"
            rf"(?=\s+(?P<what>{letters}[^\s,.;:()\"“”«»!?]*(?:\s+{letters}[^\s,.;:()\"“”«»!?]*){{0,3}}))"
        )
    ]


def _what(language: str, words: str) -> str:
    """The counted noun: words up to the first function word ("52 dự án của" → "dự án")."""
    if language == "zh":
        return words
    stop = (
        _VI_STOP
        if language == "vi"
        else _EN_STOP
        if language == "en"
        else ("и", "в", "с", "на", "по", "для", "из", "от", "до", "за", "к", "о", "об")
    )
    kept = []
    for word in words.split():
        if word.lower() in stop or language == "en" and kept and word.endswith("ed"):
            break  # "2,000 people attended": the verb after the noun is not counted
        kept.append(word)
        if language == "ru" and len(kept) == 2:
            break
    return " ".join(kept)


def _count_value(raw: str, language: str, scale: str | None = None) -> Decimal | None:
    """A whole number of things: "7,5 очка", "65.5 points" or "version 3.0" are not counts, but
    "1,5 млн человек" and "7 тыс. студентов" are."""
    raw = raw.strip()
    if language == "zh":
        return zh_number(raw)
    if raw[0].isdigit():
        value = parse_digits(raw, language)
        if value is not None and scale:
            value = value * SCALES[language][scale.lower()]
        if value is None or value != value.to_integral_value() or not scale and value.as_tuple().exponent < 0:  # type: ignore[operator]
            return None
        return value
    number = _WORD_PARSERS[language](raw)
    return Decimal(number) if number is not None else None


def _not_counted(language: str, what: str) -> bool:
    """A number followed by a unit of time, an age, a share or a proper name is not a count."""
    words = what.split()
    first = words[0].lower()
    if language == "vi":
        return (
            first in _VI_TIME
            or " ".join(words[:2]).lower() in _VI_TIME
            or first in ("tỷ", "triệu", "nghìn", "ngàn", "đồng", "usd")
        )
    if language == "en":
        # "12 Le Loi Street" names a place; "52 NGOs" and "three Brazilian friends" count
        named = all(w[0].isupper() and not w.rstrip("s").isupper() for w in words)
        return first in _EN_TIME or first in MONTHS["en"] or first.capitalize() in MONTHS["en"] or named
    return first.startswith(_RU_TIME_PREFIX) or first in MONTHS["ru"]


def find_counts(text: str, language: str, claims: Claims) -> list[Fact]:
    facts = []
    for pattern in _count_patterns(language):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            raw = groups["number"].strip()
            if language != "zh" and _NOT_A_COUNT_BEFORE[language].search(
                text[max(0, match.start() - 10) : match.start()]
            ):
                continue
            value = _count_value(raw, language, groups.get("scale"))
            if language == "zh":
                if not groups["what"] and groups["measure"] in _ZH_CLASSIFIERS:
                    continue  # "…项目52个", "交流活动36场": read by _zh_trailing_counts
                rest = re.split(r"[的和与及、在为中提颁设参举开发到是将于从向对近约来]", groups["what"])[0]
                end = match.end("measure") + len(rest)
                what = rest if groups["measure"] in _ZH_CLASSIFIERS else groups["measure"] + rest
                if text[match.end("measure") : match.end("measure") + 2] in ("周年", "年级"):
                    continue
                if text[match.end("measure") : match.end("measure") + 1] in "年月日号%":
                    continue
            else:
                what = _what(language, groups["what"])
                if not what or _not_counted(language, what):
                    continue
                end = match.start("what") + len(what)
            start = match.start()
            if value is None or value == 0:
                continue
            if language == "zh" and raw == "一":
                continue  # "一个重要里程碑": an article, not a count
            if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 and language != "zh":
                continue  # a year ("năm 2022 các hội"), not a count
            qualifier = _qualifier(language, match)
            if groups.get("upper"):  # "từ 10 đến 15 đoàn": at least the lower end
                upper = _count_value(groups["upper"], language, groups.get("scale"))
                if upper is None or upper <= value:
                    continue  # "3-1" is a score, not a range
                qualifier = qualifier or "at_least"
            elif groups.get("open") and groups["open"].lower() != "from":
                start = match.start("number")  # "từ 12 tập thể" alone: "từ" is "from", not a range
            if not claims.free(start, end):
                continue
            claims.take(start, end)
            facts.append(
                _fact(
                    "count",
                    text,
                    start,
                    end,
                    {
                        "value": int(value) if value == int(value) else format(value, "f"),
                        "what": what,
                        "qualifier": qualifier,
                    },
                )
            )
    if language == "zh":
        facts += _zh_trailing_counts(text, claims)
    return facts


_ZH_TRAILING = re.compile(
    rf"(?P<what>[\u4e00-\u9fff]{{2,12}}?)(?P<number>\d+(?:\.\d+)?[万亿]?)(?P<suffix>多|余)?(?P<measure>{'|'.join(sorted(_ZH_CLASSIFIERS))})(?=[，。,；;、]|$)"
)


def _zh_trailing_counts(text: str, claims: Claims) -> list[Fact]:
    """ "…外国民间项目和非项目52个", "交流活动36场": the count stands after what it counts."""
    facts = []
    for match in _ZH_TRAILING.finditer(text):
        start, end = match.start("number"), match.end()
        if not claims.free(start, end):
            continue
        value = zh_number(match.group("number"))
        if value is None or value != int(value):
            continue
        what = re.split(r"[的共计]", match.group("what"))[-1]
        claims.take(start, end)
        qualifier = ZH_SUFFIX_QUALIFIERS[match.group("suffix")] if match.group("suffix") else None
        facts.append(_fact("count", text, start, end, {"value": int(value), "what": what, "qualifier": qualifier}))
    return facts
