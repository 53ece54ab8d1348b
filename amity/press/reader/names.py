"""Organisations, places, people, congresses, delegations and awards named in a text.

Patterns per language find the name; ``Gazetteer`` (built from the registry and the units by
``press.matching``) says which record it is. The same provincial union is written
"Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang", "北江省友好组织联合会" or "Союз организаций
дружбы провинции Бакзянг": each is read as (union, province) and so meets the same unit.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from amity.core.text import fold

from .figures import Claims, Fact, _alt, _fact
from .numbers import VI_LOWER, VI_UPPER, zh_number
from .places import REORGANISATION_DAY, ZH_NEEDS_SUFFIX, country_names, province_names, provinces, ru_inflected

CJK = "\u4e00-\u9fff"


@dataclass
class Gazetteer:
    """What the reader knows of the database: names of registry organisations and units.

    ``organisations``: folded name → registry id; ``unions``: province code (either the code of
    the day or the former one) → unit id, "VN" → the central union; ``written``: names as stored
    in any script (Chinese, Russian) → registry id, matched verbatim in the text.
    """

    organisations: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    unions: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- provinces
def _province(slug: str, published: datetime.date | None) -> dict:
    """The place value of a province name: a name that survived the 2025 merger ("Bắc Ninh")
    means the current province unless the article is older than the merger."""
    province = provinces()[slug]
    code = province.code
    if province.former and province.name == province.current_name:
        if published is None or published >= REORGANISATION_DAY:
            code = province.current_code
    return {
        "province": code,
        "name": province.name,
        "current_province": province.current_code,
        "current_name": province.current_name,
    }


@functools.cache
def _province_re(language: str) -> re.Pattern:
    names = province_names()[language]
    if language == "zh":
        alternatives = []
        for name, _slug in names:
            suffix = "省" if name in ZH_NEEDS_SUFFIX else "(?:省|市)?"
            alternatives.append(f"(?:{re.escape(name)}{suffix})")
        return re.compile("|".join(alternatives))
    if language == "ru":
        return re.compile(r"(?<!\w)(?:" + "|".join(ru_inflected(name) for name, _ in names) + r")(?!\w)")
    prefix = r"(?:(?:tỉnh|thành phố|TP\.?)\s+)?" if language == "vi" else ""
    suffix = r"(?:\s+(?:province|city|Province|City))?" if language == "en" else ""
    return re.compile(rf"{_LATIN_BEFORE}{prefix}(?:{_alt(name for name, _ in names)}){suffix}{_LATIN_AFTER}")


#: Latin names are words, but pages glue them ("Việt NamViệt Nam25/11/2023"): a capitalised name
#: may follow a lower-case letter and precede a capital or a digit.
_LATIN_BEFORE = rf"(?:(?<![\w-])|(?<=[{VI_LOWER}]))"
_LATIN_AFTER = rf"(?![{VI_LOWER}-])"


def _province_slug(language: str, written: str) -> str | None:
    names = province_names()[language]
    for name, slug in names:
        if language == "ru":
            if re.fullmatch(ru_inflected(name), written):
                return slug
        elif name in written:
            return slug
    return None


@functools.cache
def _country_re(language: str) -> re.Pattern:
    names = country_names()[language]
    if language == "zh":
        return re.compile(_alt(name for name, _ in names if len(name) >= 2))
    if language == "ru":
        return re.compile(r"(?<!\w)(?:" + "|".join(ru_inflected(name) for name, _ in names) + r")(?!\w)")
    return re.compile(rf"{_LATIN_BEFORE}(?:{_alt(name for name, _ in names)}){_LATIN_AFTER}")


def _country_code(language: str, written: str) -> str | None:
    for name, code in country_names()[language]:
        if language == "ru":
            if re.fullmatch(ru_inflected(name), written):
                return code
        elif name == written:
            return code
    return None


# ---------------------------------------------------------------- organisations
PARTNER_KINDS = [
    (r"友好协会|友好合作协会|hữu nghị|Friendship Association|дружбы", "friendship_association"),
    (r"大使馆|领事馆|Đại sứ quán|Lãnh sự quán|Embassy|Consulate|[Пп]осольств|[Кк]онсульств", "embassy"),
    (
        r"大学|学院|研究所|研究院|科学院|Đại học|Trường|Viện|University|Institute|Academy|[Уу]ниверситет|[Ии]нститут",
        "university",
    ),
    (r"公司|企业|Công ty|Tập đoàn|Company|Corporation|[Кк]омпани", "business"),
    (r"基金会|Quỹ|Foundation|Fund|[Фф]онд", "foreign_ngo"),
    (r"理事会|联合国|Liên hợp quốc|United Nations|Council|[Сс]овет", "international_organisation"),
]


def partner_kind(name: str) -> str:
    for pattern, kind in PARTNER_KINDS:
        if re.search(pattern, name):
            return kind
    return "other"


_ZH_ABBREVIATIONS = {
    "日": "JP",
    "老": "LA",
    "韩": "KR",
    "中": "CN",
    "俄": "RU",
    "德": "DE",
    "柬": "KH",
    "美": "US",
    "法": "FR",
    "古": "CU",
    "捷": "CZ",
    "意": "IT",
    "荷": "NL",
    "泰": "TH",
    "印": "IN",
    "澳": "AU",
    "英": "GB",
    "波": "PL",
    "匈": "HU",
    "新": "SG",
    "智": "CL",
    "朝": "KP",
}
_ZH_ORG_SUFFIX = (
    "友好组织联合会|友好合作协会|友好协会|大使馆|总领事馆|领事馆|委员会|联合会|协会|基金会|大学|研究所|研究院|社会科学院|"
    "理事会|同乡会|俱乐部|通讯社|阵线|共青团|人民委员会|外务厅|外事厅|书记处|对外委员会"
)
#: Ministries and agencies named by themselves, without a place or country before them.
_ZH_NAMED = "外交部|财政部|国防部|公安部|越通社|塔斯社|新华社|联合国"
#: A generic suffix ("…联合会", "…委员会") is an organisation's name only when what precedes it
#: names a place, a country or a body ("大会上发表讲话时建议联合会" does not).
_ZH_MARKERS = re.compile(r"[省市州县国越党]|中央|国会|人民|世界|东盟|亚|欧|非|民族|和平|红十字|侨|旅居|同乡")
_ZH_STOP = set(
    "的与和及同在向由为把被将是了从给跟以并等其该于至、，,。；;：:“”《》()（）|参加举办开展主持配合通过动员组织下年期"
)


def _zh_left(text: str, end: int, limit: int = 14) -> int:
    """Where a Chinese name ending at ``end`` starts: back over CJK characters to a function
    character or punctuation ("…会见了文山州州委书记…": Chinese has no spaces to stop at)."""
    start = end
    while start > 0 and end - start < limit:
        ch = text[start - 1]
        if not ("\u4e00" <= ch <= "\u9fff" or ch in "-–—·") or ch in _ZH_STOP:
            if ch == "和" and start < len(text) and text[start] == "平":
                start -= 1  # 和平 (peace) is a word, not "and"
                continue
            break
        start -= 1
    return start


def _union(province_slug: str | None, written: str, published) -> dict:
    if province_slug is None:
        return {"name": "Liên hiệp các tổ chức hữu nghị Việt Nam", "union": "VN", "kind": "union"}
    place = _province(province_slug, published)
    province = provinces()[province_slug]
    city = province_slug in ("ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue")
    return {
        "name": f"Liên hiệp các tổ chức hữu nghị {'thành phố' if city else 'tỉnh'} {province.name}",
        "union": place["province"],
        "kind": "union",
    }


#: The provincial unions' name as the Vietnamese press writes it, in full or shortened.
_VI_UNION = r"(?:Liên hiệp các tổ chức hữu nghị|Liên hiệp các TCHN|Liên hiệp hữu nghị|LHHN|Liên hiệp Hữu nghị)"


#: A capitalised word of an English name. A full stop belongs to it only inside ("U.S."): at a
#: sentence's end it does not ("…and the Netherlands. The Dutch Embassy" is not one name).
_EN_WORD = r"[A-Z][\w'’&-]*(?:\.(?=\w)[\w'’&-]*)*"


def _org_patterns(language: str):
    """(regex, reader) pairs; a reader turns a match into the organisation value."""
    provinces_alt = _province_re(language).pattern
    countries_alt = _country_re(language).pattern
    if language == "zh":
        return [
            (rf"(?:越南)?(?P<prov>{provinces_alt})(?:省|市)?友好组织联合会", "union"),
            (r"越南友好组织联合会(?:（VUFO）|\(VUFO\))?|(?<![\u4e00-\u9fff])友好组织联合会", "central"),
            (
                rf"(?:[{CJK}]{{1,4}}(?:省|市))?(?:越南)?\s*[-–—]?\s*(?P<country>{countries_alt})(?:\s*[-–—]\s*[{CJK}]{{2,6}})?友好(?:合作)?协会",
                "association",
            ),
            (
                rf"(?:[{CJK}]{{1,4}}(?:省|市))?越(?P<abbr>[{''.join(_ZH_ABBREVIATIONS)}])友好(?:合作)?协会",
                "association",
            ),
            (rf"(?P<generic>{_ZH_ORG_SUFFIX})", "generic"),
            (_ZH_NAMED, "named"),
        ]
    if language == "ru":
        return [
            (rf"[Сс]оюз\w* организаций дружбы (?:провинции|города) (?P<prov>{provinces_alt})", "union"),
            (r"[Сс]оюз\w* организаций дружбы Вьетнама", "central"),
            (
                rf"(?:[Оо]бществ(?:о|а|у|ом|е)|[Аа]ссоциаци(?:я|и|ю|ей)) (?:\w+-\w+ )?дружбы(?: (?:Вьетнам|народов)\w*)?(?: [-–—]? ?(?:с )?(?P<country>{countries_alt}))?",
                "association",
            ),
            (
                r"(?:[Нн]ародн\w+ комитет\w*|[Пп]остоянн\w+ комитет\w* партии|[Мм]инистерств\w+ [а-я]+ [а-я]+|"
                r"[Цц]ентральн\w+ секретариат\w* партии|[Пп]осольств\w+(?: [А-Я]\w+)?|[Дд]епартамент\w* [а-я]+ [а-я]+)"
                rf"(?: провинции (?:{provinces_alt}))?",
                "generic",
            ),
        ]
    if language == "vi":
        return [
            (rf"{_VI_UNION} (?:tỉnh |thành phố |TP\.? ?)?(?P<prov>{provinces_alt})", "union"),
            (r"Liên hiệp các tổ chức hữu nghị Việt Nam(?: \(VUFO\))?|\bVUFO\b", "central"),
            (
                rf"Hội (?:hữu nghị|Hữu nghị) (?:Việt(?: Nam)?\s*[-–—]\s*(?P<country>{countries_alt})|(?P<country2>{countries_alt})\s*[-–—]\s*Việt(?: Nam)?)"
                r"(?: (?:tỉnh|thành phố|TP\.?)(?: [A-ZĐ]\w+)*)?",
                "association",
            ),
            (rf"{_VI_UNION}(?: (?:tỉnh|thành phố|TP\.?))?", "union_here"),
            (
                rf"(?:Đại sứ quán|Tổng Lãnh sự quán|Lãnh sự quán) (?P<country>{countries_alt})(?: tại [A-ZĐ]\w+(?: [A-ZĐ]\w+)*)?",
                "embassy",
            ),
            (
                rf"(?:Ủy ban nhân dân|UBND|Ủy ban Mặt trận Tổ quốc|Sở Ngoại vụ|Tỉnh ủy|Thành ủy|Hội đồng nhân dân)(?: (?:tỉnh|thành phố) (?:{provinces_alt}))?"
                r"|Bộ Ngoại giao|Ban Đối ngoại Trung ương|Mặt trận Tổ quốc Việt Nam|Liên hiệp quốc|Liên Hợp Quốc"
                r"|(?:Tổ chức|Quỹ|Hội|Viện|Trường Đại học|Đại học|Công ty|Liên đoàn|Hiệp hội|Trung tâm|Ủy ban)(?: (?:[A-ZĐ][\w'’.-]*|và|vì|các|về|Việt Nam))+",
                "generic",
            ),
        ]
    return [
        (rf"(?P<prov>{provinces_alt}) (?:Provincial |City )?Union of Friendship Organi[sz]ations", "union"),
        (rf"Union of Friendship Organi[sz]ations of (?P<prov>{provinces_alt})(?: (?:province|city))?", "union"),
        (r"(?:Viet ?[Nn]am |VN )?Union of Friendship Organi[sz]ations(?: \(VUFO\))?|\bVUFO\b", "central"),
        (
            rf"(?:Viet ?[Nn]am\s*[-–—]\s*(?P<country>{countries_alt})|(?P<country2>{countries_alt})\s*[-–—]\s*Viet ?[Nn]am) Friendship Association",
            "association",
        ),
        (
            rf"(?:(?:the )?{_EN_WORD}(?: (?:of|for|and|on|in|de)| {_EN_WORD})*? )?"
            r"(?:Association|Union|Organi[sz]ation|Embassy|Foundation|Committee|Council|University|Fund|Society|"
            r"Ministry|Institute|Agency|Company|Corporation|Club|Front|Department|Commission|Academy)"
            rf"(?: (?:of|for|on|in)(?: the)?(?: {_EN_WORD})+)?",
            "generic",
        ),
    ]


@functools.cache
def _compiled_org_patterns(language: str):
    return [(re.compile(regex), reader) for regex, reader in _org_patterns(language)]


def find_organisations(text: str, language: str, claims: Claims, gazetteer: Gazetteer, published) -> list[Fact]:
    facts = []
    for name, registry_id in sorted(gazetteer.written.items(), key=lambda item: -len(item[0])):
        if len(name) < 4:
            continue
        for match in re.finditer(re.escape(name), text):
            if claims.free(*match.span()):
                claims.take(*match.span())
                facts.append(
                    _fact("organisation", text, *match.span(), {"name": name, "kind": None, "registry_id": registry_id})
                )
    for pattern, reader in _compiled_org_patterns(language):
        for match in pattern.finditer(text):
            start, end = match.span()
            groups = match.groupdict()
            if reader == "generic" and language == "zh":
                start = _zh_left(text, match.start())
                if match.start() - start < 2 or not _ZH_MARKERS.search(text[start : match.start()] + match.group()):
                    continue
            if reader == "generic" and language == "en" and " " not in match.group().strip():
                continue
            if not claims.free(start, end):
                continue
            written = text[start:end]
            if reader == "union":
                value = _union(_province_slug(language, groups["prov"]), written, published)
            elif reader == "central":
                value = _union(None, written, published)
            elif reader == "union_here":  # "Liên hiệp các TCHN tỉnh": the article's own province, not named
                value = {"name": written, "kind": "union", "union": None}
            elif reader in ("association", "embassy"):
                country = None
                if groups.get("abbr"):
                    country = _ZH_ABBREVIATIONS[groups["abbr"]]
                elif groups.get("country") or groups.get("country2"):
                    country = _country_code(language, groups.get("country") or groups.get("country2"))
                kind = "embassy" if reader == "embassy" else "friendship_association"
                value = {"name": written, "kind": kind, "country": country}
            else:
                value = {"name": written, "kind": partner_kind(written)}
            claims.take(start, end)
            facts.append(_fact("organisation", text, start, end, value))
    facts += _acronyms(text, facts, claims)
    for fact in facts:
        _resolve(fact, gazetteer)
    return facts


_ACRONYM = re.compile(r"\s*[(（]([A-ZĐ][A-ZĐ&-]{1,9})[)）]")


def _acronyms(text: str, facts: list[Fact], claims: Claims) -> list[Fact]:
    """ "…Cooperation Agency (KOICA)": the acronym written after a name stands for that
    organisation wherever else the text uses it."""
    found = []
    for fact in facts:
        acronym = _ACRONYM.match(text, fact.end)
        if acronym is not None and claims.free(fact.end, acronym.end()):
            claims.take(fact.end, acronym.end())
            fact.end, fact.text = acronym.end(), text[fact.start : acronym.end()]
        acronym = acronym or _ACRONYM.search(fact.text)
        if acronym is None or not fact.text.endswith(acronym.group().strip()):
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym.group(1))}(?![\w-])", text):
            if claims.free(*match.span()):
                claims.take(*match.span())
                found.append(_fact("organisation", text, *match.span(), dict(fact.value)))
    return found


def _resolve(fact: Fact, gazetteer: Gazetteer) -> None:
    value = fact.value
    value.setdefault("registry_id", None)
    value.setdefault("unit_id", None)
    union = value.get("union")
    if union:
        value["unit_id"] = gazetteer.unions.get(union)
        if value["unit_id"] is None and union.startswith("old-") is False:
            value["unit_id"] = gazetteer.unions.get(f"old-{union}")
    if value["registry_id"] is None:
        value["registry_id"] = gazetteer.written.get(fact.text) or gazetteer.organisations.get(fold(value["name"]))
        if value["registry_id"] is None:
            value["registry_id"] = gazetteer.organisations.get(fold(fact.text))
    if value["unit_id"] is None:
        value["unit_id"] = gazetteer.units.get(fold(value["name"]))


# ---------------------------------------------------------------- places
def find_places(text: str, language: str, names: Claims, published) -> list[Fact]:
    """Provinces, then countries, named where no other name stands."""

    def province(written: str) -> dict | None:
        slug = _province_slug(language, written)
        return None if slug is None else _province(slug, published)

    def country(written: str) -> dict | None:
        code = _country_code(language, written)
        return None if code is None else {"country": code}

    facts = []
    for pattern, value_of in ((_province_re(language), province), (_country_re(language), country)):
        for match in pattern.finditer(text):
            if not names.free(*match.span()):
                continue
            value = value_of(match.group())
            if value is None:
                continue
            names.take(*match.span())
            facts.append(_fact("place", text, *match.span(), value))
    return facts


# ---------------------------------------------------------------- people
ROLES = {
    "vi": r"(?:Phó |Nguyên )?(?:Chủ tịch|Tổng Bí thư|Tổng Thư ký|Bí thư|Thủ tướng|Bộ trưởng|Thứ trưởng|Đại sứ|Tổng Lãnh sự|Giám đốc|Trưởng ban|Trưởng đoàn|Chủ nhiệm|Phó Trưởng ban)(?: [Tt]hường trực)?|[Ôô]ng|[Bb]à|[Đđ]ồng chí",
    "en": r"(?:Permanent |Standing )?(?:Vice |Deputy |Former )?(?:Chairman|Chairwoman|Chairperson|President|Secretary[- ]General|General Secretary|Secretary|Ambassador|Consul General|Prime Minister|Minister|Director|Head)|Mr\.?|Ms\.?|Mrs\.?|Dr\.?",
    "ru": r"(?:[Зз]аместител\w+ |[Вв]ице-)?(?:[Пп]редседател\w*|[Гг]енеральн\w+ секретар\w+|[Сс]екретар\w+|[Пп]ос(?:ол|л\w+)|[Гг]енеральн\w+ консул\w*|[Мм]инистр\w*|[Пп]ремьер-министр\w*|[Дд]иректор\w*|[Пп]резидент\w*|[Гг]лав\w+|[Гг]осподин\w*|[Гг]оспож\w+|[Тт]оварищ\w*)",
    "zh": r"(?:常务)?(?:副)?(?:主席|总书记|书记|秘书长|总理|部长|副部长|大使|总领事|领事|主任|社长|委员长|局长|会长|团长)(?:兼秘书长)?",
}
VI_SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Lưu Trịnh Mai Cao Tạ Lâm "
    "Thái Kiều Chu Tô Triệu Quách Lương Vương Doãn Khuất Tăng Mạc Đoàn Phùng Nông Lò Thân Từ Tống La Hà Văn Lại"
).split()
ZH_SURNAMES = "阮陈黎范黄潘武杜吴邓裴丁何胡段敦林郑梁王谢高杨刘张李赵周徐孙马朱郭罗宋韩唐冯于董萧程曹袁许傅沈曾彭吕苏卢蒋蔡贾魏薛叶阎余戴夏钟汪田任姜方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万雷钱汤尹易常乔贺赖龚文陶"
_VI_SYLLABLE = rf"[{VI_UPPER}][{VI_LOWER}]+"
_NAME_RE = {
    "vi": re.compile(rf"(?<![\w])(?:{'|'.join(VI_SURNAMES)})(?: {_VI_SYLLABLE}){{1,3}}(?![\w])"),
    "en": re.compile(r"(?<![\w])[A-Z][a-z]+(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,5}(?![\w])"),
    "ru": re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁ][а-яё]+){1,5}(?![\w-])"),
}
_ZH_FOREIGN_NAME = re.compile(
    rf"(?P<left>[{CJK}]{{1,5}})(?:·|•)(?P<right>[{CJK}]{{1,6}}(?:(?:·|•)[{CJK}]{{1,6}})?)(?P<latin>\s*[（(][A-Za-z .'-]+[）)])?"
)
#: Where a transliterated name's first part begins: after a title ("总统助理", "大使") or a particle.
_ZH_BEFORE_NAME = re.compile(r".*(?:助理|大使|总统|总理|部长|社长|主席|书记|中校|委员长|[在与和了由的、，。“”])")
_ZH_AFTER_NAME = re.compile(r"[的与和在举于共率同及是对向为等先女当出参表会随称将]")
_NOT_A_NAME = re.compile(
    r"\b(?:Order|Medal|Union|Committee|Association|Party|Organi[sz]ations?|Council|Foundation|Ministry|Embassy|"
    r"Province|City|Republic|Agency|Forum|Day|Congress|Комитет\w*|Союз\w*|Министерств\w*|Республик\w*|Форум\w*)\b"
)


def role_start_of(role_match: re.Match, before: str, start: int) -> int:
    """Where a title found in the ``before`` window ends, in text offsets."""
    return start - len(before) + role_match.end()


_HONORIFIC = re.compile(r"(?i:ông|bà|đồng chí|mr\.?|ms\.?|mrs\.?|господин\w*|госпож\w*|товарищ\w*)")
_ZH_NAME_STOP = set("为与在表当同率先女等和的、，。会出参向于是对被将以主作")


def find_people(text: str, language: str, names: Claims, organisations: list[Fact]) -> list[Fact]:
    facts = []
    role_re = re.compile(ROLES[language])
    if language == "zh":
        candidates = []
        for match in role_re.finditer(text):
            i = match.end()
            if i < len(text) and text[i] in ZH_SURNAMES:
                length = 3 if i + 2 < len(text) and text[i + 2] not in _ZH_NAME_STOP else 2
                candidates.append((i, i + length, match))
        for match in re.finditer(rf"(?P<name>[{ZH_SURNAMES}][{CJK}]{{1,2}}?)(?=先生|女士|同志)", text):
            candidates.append((match.start(), match.end(), None))
        for match in re.finditer(rf"(?P<name>[{ZH_SURNAMES}][{CJK}]{{2}})当选", text):
            candidates.append((match.start(), match.end("name"), None))
        for match in _ZH_FOREIGN_NAME.finditer(text):
            left = match.group("left")
            cut = _ZH_BEFORE_NAME.match(left)
            start = match.start() + (cut.end() if cut else 0)
            right = match.group("right")
            stop = _ZH_AFTER_NAME.search(right)
            end = match.start("right") + (stop.start() if stop else len(right))
            if match.group("latin") and not stop:
                end = match.end()
            if end - start >= 3 and start < match.start("right") - 1:
                candidates.append((start, end, None))
    else:
        candidates = []
        for match in _NAME_RE[language].finditer(text):
            candidates.append((match.start(), match.end(), None))
    seen = set()
    for start, end, role_match in sorted(candidates, key=lambda c: (c[0], -c[1])):
        if language != "zh":
            start, end = _trim_name(text, start, end, language, names, role_re)
            if len(text[start:end].split()) < 2:
                continue
        if (start, end) in seen or not names.free(start, end):
            continue
        written = text[start:end]
        if language != "zh" and (_province_re(language).fullmatch(written) or _country_re(language).fullmatch(written)):
            continue  # "Hà Tĩnh" has a surname's first syllable but is a province
        sentence_start = max(text.rfind(s, 0, start) for s in ".。\n;；!?") + 1
        before = text[max(sentence_start, start - 120) : start]
        roles = list(role_re.finditer(before))
        if role_match is None and roles:
            role_match = roles[-1]
            role_text = before[role_match.start() :].strip(" ,，")
        elif role_match is not None:
            role_text = text[role_match.start() : start]
        else:
            role_text = ""
        if language != "zh" and (not role_text or _HONORIFIC.fullmatch(role_text.strip())):
            after = re.match(rf",\s*(?P<role>(?:{ROLES[language]})[^,.;:()\n]{{0,80}})", text[end:])
            if after:  # "ông Trần Văn Hùng, Phó Chủ tịch Liên hiệp…": the role follows the name
                role_match = None
                role_text = after.group("role")
                role_start = end + after.start("role")
                role_end = end + after.end("role")
        if language != "zh" and not role_text:
            if language != "vi" or len(written.split()) < 3:
                continue
        if language == "vi" and not role_text and written.split()[0] == "Văn":
            continue
        if language in ("en", "ru") and _NOT_A_NAME.search(written):
            continue  # "Labour Order", "Party Committee": capitalised, but things, not people
        if language in ("en", "ru") and role_match is not None and role_text:
            gap = text[role_start_of(role_match, before, start) : start]
            if "," in gap or len(gap) > 90:
                continue  # the title belongs to another clause, not to this name
        if "role_end" not in locals() or role_end <= end:
            role_start, role_end = start - len(role_text), start + 1
        in_role = [o for o in organisations if role_start - 5 <= o.start and o.end <= role_end]
        organisation = in_role[-1].value.get("name") if in_role else None
        if role_end > end:  # a role after the name ends with its organisation, or with the title itself
            title = re.match(ROLES[language], role_text)
            cut = (in_role[-1].end - role_start) if in_role else (title.end() if title else len(role_text))
            role_text = role_text[:cut]
        role = role_text
        for org in in_role:
            role = role.replace(org.text, "").strip(" ,，")
        role_end = 0
        names.take(start, end)
        seen.add((start, end))
        facts.append(
            _fact("person", text, start, end, {"name": written, "role": role or None, "organisation": organisation})
        )
    return facts + _named_again(text, facts, names)


def _named_again(text: str, people: list[Fact], names: Claims) -> list[Fact]:
    """A full name read once with its role is the same person where the text writes it again
    without one ("潘金玉表示…"). Only whole words in scripts with spaces."""
    found = []
    for person in people:
        before, after = ("", "") if person.text[0] >= "\u4e00" else (r"(?<!\w)", r"(?!\w)")
        for match in re.finditer(before + re.escape(person.text) + after, text):
            if names.free(*match.span()):
                names.take(*match.span())
                found.append(_fact("person", text, *match.span(), dict(person.value)))
    return found


def _trim_name(text: str, start: int, end: int, language: str, names: Claims, role_re: re.Pattern) -> tuple[int, int]:
    """Drop the capitalised words before a name that are not part of it: a title ("President",
    "Председатель"), a word already read as an organisation ("…Вьетнама Фан Ань Шон") or a
    province ("провинции Хатинь Во Чонг Хай")."""
    places = _province_re(language)
    countries = _country_re(language)
    while True:
        words = text[start:end].split(" ", 1)
        if len(words) < 2:
            return start, end
        first = words[0]
        first_end = start + len(first)
        title = role_re.match(text, start, end)
        if title and title.end() > first_end and text[title.end() : title.end() + 1] == " ":
            start = title.end() + 1  # "Vice President Tran Thi Mai": a title of several words
            continue
        if (
            role_re.fullmatch(first)
            or not names.free(start, first_end)
            or places.fullmatch(first)
            or countries.fullmatch(first)
            or first.isupper()
        ):
            start = first_end + 1
            continue
        return start, end


# ---------------------------------------------------------------- congresses, delegations, awards
_ZH_ORDINAL = "一二三四五六七八九十百"
CONGRESS = {
    "vi": r"Đại hội(?: đại biểu)?(?: toàn quốc)?(?: [A-ZĐ][\w ]{0,60}?)? (?:lần thứ|khóa|khoá) (?P<ord>[IVXLC]+|\d+)",
    "zh": rf"(?:第(?P<ord>[{_ZH_ORDINAL}\d]+)(?:次|届)(?:党|全国)?(?:代表)?大会|(?:越共)?(?P<ord2>十[一二三四五六七八九]|[二三四五六七八九]十[一二三四五六七八九]?)大(?=决议|后|以来|文件|外交|是|的|》))",
    "ru": r"(?P<ord>[IVXLC]+|\d+)[-‑]?(?:й|го|м|ом)? (?:[Вв]сеобщ\w+ |[Нн]ациональн\w+ )?(?:съезд\w*|[Кк]онгресс\w*)",
    "en": r"(?P<ord>\d+)(?:st|nd|rd|th) (?:National |Party |General )?Congress|(?P<word>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth) (?:National |Party )?Congress",
}
_EN_ORDINALS = "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split()
_TERM = re.compile(r"(?:19|20)\d{2}\s*[-–—至]\s*(?:19|20)\d{2}")


def _ordinal(raw: str | None) -> int | None:
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    if raw in _EN_ORDINALS:
        return _EN_ORDINALS.index(raw) + 1
    if re.fullmatch("[IVXLC]+", raw):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total = 0
        for a, b in zip(raw, raw[1:] + " ", strict=True):
            total += -values[a] if b != " " and values[a] < values[b] else values[a]
        return total
    number = zh_number(raw)
    return int(number) if number is not None else None


def find_congresses(text: str, language: str, organisations: list[Fact]) -> list[Fact]:
    facts = []
    for match in re.finditer(CONGRESS[language], text):
        groups = match.groupdict()
        ordinal = _ordinal(groups.get("ord") or groups.get("ord2") or groups.get("word"))
        after = text[match.end() : match.end() + 30]
        before = text[max(0, match.start() - 30) : match.start()]
        term = _TERM.search(after) or _TERM.search(before)
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", term.group())] if term else [None, None]
        organisation = next(
            (o.value.get("name") for o in reversed(organisations) if 0 <= match.start() - o.end <= 3), None
        )
        facts.append(
            _fact(
                "congress",
                text,
                *match.span(),
                {"ordinal": ordinal, "start_year": years[0], "end_year": years[1], "organisation": organisation},
            )
        )
    return facts


DELEGATION = {
    "vi": r"[Đđ]oàn (?:đại biểu|công tác|cấp cao|lãnh đạo)(?: (?:cấp cao|tỉnh|thành phố|của)(?: [A-ZĐ]\w*)+)?",
    "zh": r"代表团",
    "ru": r"(?:[Вв]ысокопоставленн\w+ |[Оо]фициальн\w+ |[Рр]абоч\w+ )?[Дд]елегаци(?:я|и|ю|ей)(?!\w)(?: (?:провинции|города) [А-Я]\w+)?",
    "en": r"(?:[Hh]igh-level |[Ww]orking |[Oo]fficial )?[Dd]elegation(?: (?:of|from) (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*)?",
}
INCOMING = r"đón|tiếp|sang thăm Việt Nam|thăm và làm việc tại|接待|会见|来访|访问越南|принял|встретил|посетил\w* Вьетнам|welcomed|received|visited Vietnam|visit to Vietnam"
OUTGOING = r"thăm|sang|tới|访问|前往|出访|посетил|visited|visit to|trip to"


def find_delegations(text: str, language: str, places: list[Fact], people: list[Fact]) -> list[Fact]:
    facts = []
    for match in re.finditer(DELEGATION[language], text):
        start, end = match.span()
        if language == "zh":
            start = _zh_left(text, start, limit=10)
            while start < match.start() and text[start] in "个名位批支":
                start += 1  # "45个代表团": the measure word belongs to the count
        sentence_start = max(text.rfind(s, 0, start) for s in ".。\n;；!?") + 1
        ends = [i for i in (text.find(s, end) for s in ".。\n;；!?") if i != -1]
        sentence_end = min(ends) if ends else len(text)
        sentence = text[sentence_start:sentence_end]
        countries = [
            p.value["country"]
            for p in places
            if "country" in p.value and sentence_start <= p.start < sentence_end and p.value["country"] != "VN"
        ]
        direction = None
        if re.search(INCOMING, sentence):
            direction = "in"
        elif countries and re.search(OUTGOING, sentence):
            direction = "out"
        leader = next((p.value["name"] for p in people if sentence_start <= p.start < sentence_end), None)
        facts.append(
            _fact(
                "delegation",
                text,
                start,
                end,
                {"direction": direction, "country": countries[0] if countries else None, "leader": leader},
            )
        )
    return facts


AWARDS = {
    "vi": [
        (rf"Huân chương(?: [A-ZĐ][\w]*(?: [{VI_LOWER}]+)?)*", "medal"),
        (r"Huy chương(?: [A-ZĐ]\w*)*", "medal"),
        (r"Kỷ niệm chương(?: [\"“][^\"”]{2,80}[\"”])?", "badge"),
        (r"Huy hiệu(?: [\"“][^\"”]{2,80}[\"”])?", "badge"),
        (r"Bằng khen(?: của [A-ZĐ][\w ]{2,60}?(?=[,.;]| cho))?", "certificate"),
        (r"Giấy khen", "certificate"),
    ],
    "zh": [
        (r"(?:[“\"][^”\"]{2,30}[”\"])?勋章", "medal"),
        (r"(?:[“\"][^”\"]{2,30}[”\"])?纪念章", "badge"),
        (r"奖状|荣誉证书|表彰证书|奖励证书", "certificate"),
    ],
    "ru": [
        (r"[Оо]рден\w*(?: «[^»]{2,60}»| [А-Я]\w+)?", "medal"),
        (r"[Мм]едал\w*(?: «[^»]{2,60}»)?", "medal"),
        (r"[Пп]амятн\w+ знак\w*(?: «[^»]{2,60}»)?", "badge"),
        (r"[Пп]оч[её]тн\w+ грамот\w*|[Гг]рамот\w+", "certificate"),
    ],
    "en": [
        (
            r"(?:the )?(?:[A-Z][\w-]+ ){0,3}(?:Order|Medal)(?: (?:of|for) [A-Z][\w]*(?:(?: and| among| between)? [A-Z][\w]*)*)?"
            r"|[\"“][^\"”]{2,80}[\"”] (?:[Mm]edal|[Bb]adge)|[Mm]edal",
            "medal",
        ),
        (r"[Cc]ommemorative [Bb]adge|[Bb]adge", "badge"),
        (r"[Cc]ertificates? of [Mm]erit", "certificate"),
    ],
}
_RECIPIENT = {
    "zh": re.compile(r"(?:向|为|给)(?P<r>[^，。；,]{2,40}?)(?:颁发|授予|颁授)"),
    "vi": re.compile(r"(?:cho|tặng|trao tặng)\s+(?P<r>[^,.;]{2,80})"),
    "ru": re.compile(r"(?:вручил\w*|наградил\w*)\s+(?P<r>[^,.;]{2,60})"),
    "en": re.compile(r"\bto\s+(?P<r>[^,.;]{2,60})"),
}


def find_awards(text: str, language: str) -> list[Fact]:
    facts = []
    taken = Claims()
    for pattern, kind in AWARDS[language]:
        for match in re.finditer(pattern, text):
            if not taken.free(*match.span()):
                continue
            taken.take(*match.span())
            sentence_start = max(text.rfind(s, 0, match.start()) for s in ".。\n;；!?") + 1
            ends = [i for i in (text.find(s, match.end()) for s in ".。\n;；!?") if i != -1]
            sentence = text[sentence_start : min(ends) if ends else len(text)]
            recipient = _RECIPIENT[language].search(sentence)
            facts.append(
                _fact(
                    "award",
                    text,
                    *match.span(),
                    {"type": kind, "recipient": recipient.group("r").strip() if recipient else None},
                )
            )
    return facts
