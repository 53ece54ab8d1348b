"""Names of places in four languages: Vietnam's provinces before and after 1 July 2025, and
countries by their CLDR names plus the short forms the press uses.

Province codes are those of ``geo.AdminUnit``: "24" for a current province (from
``vietnam-provinces``), "old-bac-giang" for one merged away in 2025 (slug from
``vietnam-address-converter``). Chinese and Russian names of the 63 former provinces are data
kept here (the libraries carry Vietnamese names only)."""

import csv
import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import vietnam_provinces
from babel import Locale
from unidecode import unidecode
from vietnam_address_converter import data as converter

GEO_DATA = Path(__file__).resolve().parents[2] / "geo" / "data"

#: slug → (Chinese, Russian) for the 63 provinces as they were until 30 June 2025.
PROVINCE_NAMES = {
    "ha-noi": ("河内", "Ханой"),
    "ho-chi-minh": ("胡志明市", "Хошимин"),
    "hai-phong": ("海防", "Хайфон"),
    "da-nang": ("岘港", "Дананг"),
    "can-tho": ("芹苴", "Кантхо"),
    "an-giang": ("安江", "Анзянг"),
    "ba-ria-vung-tau": ("巴地头顿", "Бариа-Вунгтау"),
    "bac-lieu": ("薄辽", "Бакльеу"),
    "bac-giang": ("北江", "Бакзянг"),
    "bac-kan": ("北件", "Баккан"),
    "bac-ninh": ("北宁", "Бакнинь"),
    "ben-tre": ("槟椥", "Бенче"),
    "binh-duong": ("平阳", "Биньзыонг"),
    "binh-dinh": ("平定", "Биньдинь"),
    "binh-phuoc": ("平福", "Биньфыок"),
    "binh-thuan": ("平顺", "Биньтхуан"),
    "ca-mau": ("金瓯", "Камау"),
    "cao-bang": ("高平", "Каобанг"),
    "dak-lak": ("多乐", "Даклак"),
    "dak-nong": ("得农", "Дакнонг"),
    "dien-bien": ("奠边", "Дьенбьен"),
    "dong-nai": ("同奈", "Донгнай"),
    "dong-thap": ("同塔", "Донгтхап"),
    "gia-lai": ("嘉莱", "Зялай"),
    "ha-giang": ("河江", "Хазянг"),
    "ha-nam": ("河南", "Ханам"),
    "ha-tinh": ("河静", "Хатинь"),
    "hai-duong": ("海阳", "Хайзыонг"),
    "hau-giang": ("后江", "Хаузянг"),
    "hoa-binh": ("和平", "Хоабинь"),
    "hung-yen": ("兴安", "Хынгйен"),
    "khanh-hoa": ("庆和", "Кханьхоа"),
    "kien-giang": ("坚江", "Кьензянг"),
    "kon-tum": ("昆嵩", "Контум"),
    "lai-chau": ("莱州", "Лайтяу"),
    "lam-dong": ("林同", "Ламдонг"),
    "lang-son": ("谅山", "Лангшон"),
    "lao-cai": ("老街", "Лаокай"),
    "long-an": ("隆安", "Лонган"),
    "nam-dinh": ("南定", "Намдинь"),
    "nghe-an": ("乂安", "Нгеан"),
    "ninh-binh": ("宁平", "Ниньбинь"),
    "ninh-thuan": ("宁顺", "Ниньтхуан"),
    "phu-tho": ("富寿", "Футхо"),
    "phu-yen": ("富安", "Фуйен"),
    "quang-binh": ("广平", "Куангбинь"),
    "quang-nam": ("广南", "Куангнам"),
    "quang-ngai": ("广义", "Куангнгай"),
    "quang-ninh": ("广宁", "Куангнинь"),
    "quang-tri": ("广治", "Куангчи"),
    "soc-trang": ("朔庄", "Шокчанг"),
    "son-la": ("山罗", "Шонла"),
    "tay-ninh": ("西宁", "Тэйнинь"),
    "thai-binh": ("太平", "Тхайбинь"),
    "thai-nguyen": ("太原", "Тхайнгуен"),
    "thanh-hoa": ("清化", "Тханьхоа"),
    "hue": ("顺化", "Хюэ"),
    "tien-giang": ("前江", "Тьензянг"),
    "tra-vinh": ("茶荣", "Чавинь"),
    "tuyen-quang": ("宣光", "Туенкуанг"),
    "vinh-long": ("永隆", "Виньлонг"),
    "vinh-phuc": ("永福", "Виньфук"),
    "yen-bai": ("安沛", "Йенбай"),
}
#: Chinese names that are also common words ("和平" peace, "太平洋"): only with 省/市 after them.
ZH_NEEDS_SUFFIX = {"和平", "太平", "河南", "平定", "高平", "平阳", "安江", "兴安", "富安", "宁平", "南定", "同奈"}
ZH_ALIASES = {"承天顺化": "hue", "北𣴓": "bac-kan", "得乐": "dak-lak", "多农": "dak-nong", "槟知": "ben-tre"}
RU_ALIASES = {"Тхыатхьен-Хюэ": "hue", "Ха Тинь": "ha-tinh"}
EN_ALIASES = {"Hanoi": "ha-noi", "Haiphong": "hai-phong", "Danang": "da-nang", "Ho Chi Minh City": "ho-chi-minh"}


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    current_code: str
    current_name: str
    former: bool  # ceased to exist on 1 July 2025


@functools.cache
def provinces() -> dict[str, Province]:
    """Slug → the province of that name before 1 July 2025 with today's province it is now part of."""
    current = {}
    for p in vietnam_provinces.Province.iter_all():
        current[p.name.removeprefix("Thành phố ").strip()] = f"{p.code.value:02d}"
    mergers = {}
    with open(GEO_DATA / "provinces_2025.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for old in row["merged_provinces"].split(";"):
                mergers[old] = row["new_province"]
    result = {}
    for p in converter.oldProvinces.values():
        name = p["name"]
        if name in mergers:
            now = mergers[name]
            result[p["slug"]] = Province(f"old-{p['slug']}", name, current[now], now, True)
        else:
            result[p["slug"]] = Province(current[name], name, current[name], name, False)
    return result


def current_by_name() -> dict[str, Province]:
    """Today's 34 provinces by Vietnamese name (a merged-into province keeps its own name)."""
    result = {}
    for province in provinces().values():
        result[province.current_name] = Province(
            province.current_code, province.current_name, province.current_code, province.current_name, False
        )
    return result


def province_names() -> dict[str, list[tuple[str, str]]]:
    """Language → [(written name, slug)], longest first, for the matchers."""
    names: dict[str, list[tuple[str, str]]] = {"vi": [], "en": [], "zh": [], "ru": []}
    for slug, province in provinces().items():
        zh, ru = PROVINCE_NAMES[slug]
        names["vi"].append((province.name, slug))
        names["vi"].append((province.name.replace("Hòa", "Hoà").replace("Thọ", "Thọ"), slug))
        names["en"].append((unidecode(province.name), slug))
        names["zh"].append((zh, slug))
        names["ru"].append((ru, slug))
    names["vi"].append(("Thừa Thiên Huế", "hue"))
    names["vi"].append(("Thừa Thiên - Huế", "hue"))
    names["vi"].append(("TP.HCM", "ho-chi-minh"))
    names["vi"].append(("TP Hồ Chí Minh", "ho-chi-minh"))
    names["vi"].append(("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"))
    names["vi"].append(("Bà Rịa – Vũng Tàu", "ba-ria-vung-tau"))
    names["en"].extend(EN_ALIASES.items())
    names["en"].extend([(name.upper(), slug) for name, slug in names["en"]])  # datelines: "HANOI, 21 September"
    names["zh"].extend(ZH_ALIASES.items())
    names["ru"].extend(RU_ALIASES.items())
    for language in names:
        names[language] = sorted(set(names[language]), key=lambda item: -len(item[0]))
    return names


#: Short forms and older names the press uses beside CLDR's, per language.
COUNTRY_ALIASES = {
    "vi": {
        "Mỹ": "US",
        "Séc": "CZ",
        "CH Séc": "CZ",
        "Cộng hòa Séc": "CZ",
        "Xlô-va-ki-a": "SK",
        "Slovakia": "SK",
        "Hàn Quốc": "KR",
        "Triều Tiên": "KP",
        "Liên bang Nga": "RU",
        "Lào": "LA",
        "Campuchia": "KH",
        "Đức": "DE",
        "Anh": "GB",
        "Hà Lan": "NL",
        "Ba Lan": "PL",
        "Síp": "CY",
        "U-crai-na": "UA",
        "Ukraine": "UA",
        "Cu-ba": "CU",
        "Cuba": "CU",
        "Xin-ga-po": "SG",
        "Singapore": "SG",
        "Thái Lan": "TH",
        "Ấn Độ": "IN",
        "Ôxtrâylia": "AU",
        "Úc": "AU",
        "Hungary": "HU",
        "Hung-ga-ri": "HU",
    },
    "en": {
        "Czech Republic": "CZ",
        "USA": "US",
        "the US": "US",
        "U.S.": "US",
        "America": "US",
        "Korea": "KR",
        "Republic of Korea": "KR",
        "Russian Federation": "RU",
        "Lao PDR": "LA",
        "Britain": "GB",
        "Viet Nam": "VN",
    },
    "zh": {
        "老挝": "LA",
        "韩国": "KR",
        "朝鲜": "KP",
        "美国": "US",
        "俄罗斯": "RU",
        "捷克": "CZ",
        "斯洛伐克": "SK",
        "塞浦路斯": "CY",
        "古巴": "CU",
        "英国": "GB",
    },
    "ru": {
        "Корея": "KR",
        "Южная Корея": "KR",
        "Республика Корея": "KR",
        "КНДР": "KP",
        "США": "US",
        "Чехия": "CZ",
        "Чешская Республика": "CZ",
        "Российская Федерация": "RU",
        "Венгерская Народная Республика": "HU",
        "Лаосская Народно-Демократическая Республика": "LA",
        "Великобритания": "GB",
    },
}
_CLDR_LOCALES = {"vi": "vi", "en": "en", "zh": "zh_Hans", "ru": "ru"}
#: CLDR names too short or too common to match as words.
_SKIP = {"en": {"Jersey", "Chad", "Guinea", "Georgia", "Jordan", "Niger", "Turkey"}, "vi": {"Anh", "Chad"}}


@functools.cache
def country_names() -> dict[str, list[tuple[str, str]]]:
    """Language → [(name, ISO alpha-2)], longest first, from CLDR (babel) plus the aliases."""
    result: dict[str, list[tuple[str, str]]] = {}
    for language, locale_name in _CLDR_LOCALES.items():
        pairs = {}
        for code, name in Locale.parse(locale_name).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"):
                if name not in _SKIP.get(language, ()):
                    pairs[name] = code
        pairs |= COUNTRY_ALIASES[language]
        result[language] = sorted(pairs.items(), key=lambda item: -len(item[0]))
    return result


def ru_inflected(name: str) -> str:
    """A regex for a Russian proper name and its case forms ("Хатинь", "Хатиня", "Хатине",
    "Лаоса", "Японии"): the press declines foreign names like native nouns."""
    last = name[-1]
    if last in "ьй":
        return re.escape(name[:-1]) + "(?:ь|й|я|ю|е|ем|и|ей)"
    if name.endswith("ия"):
        return re.escape(name[:-2]) + "(?:ия|ии|ию|ией)"
    if last == "а":
        return re.escape(name[:-1]) + "(?:а|ы|и|е|у|ой)"
    if last == "я":
        return re.escape(name[:-1]) + "(?:я|и|е|ю|ей)"
    if last in "бвгджзклмнпрстфхцчшщ":
        return re.escape(name) + "(?:а|у|е|ом|ы|ов)?"
    return re.escape(name)


#: The day the 34 provinces took over from the 63.
REORGANISATION_DAY = datetime.date(2025, 7, 1)
