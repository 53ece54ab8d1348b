"""Vietnamese persons drawn as their names really repeat (for benchmarks and the synthetic country).

Shares of family names (per cent) from published counts of Vietnamese surnames; the remaining
share is spread over the less common names. Middle and given names by sex, the most common first,
drawn with weights falling as 1/rank^0.9 (so that namesakes born the same year are common).
"""

import random
from datetime import date

FAMILY_SHARES = {
    "Nguyễn": 38.4, "Trần": 12.1, "Lê": 9.5, "Phạm": 7.0, "Phan": 4.5, "Hoàng": 3.0, "Huỳnh": 2.1,
    "Vũ": 2.0, "Võ": 1.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5,
}  # fmt: skip
FAMILY_OTHER = [
    "Đinh", "Trương", "Lương", "Đoàn", "Mai", "Cao", "Lâm", "Tạ", "Hà", "Chu", "Tô", "Lưu", "Trịnh",
    "Đào", "Kiều", "Quách", "Thái", "Triệu", "La", "Mạc", "Khúc", "Vương", "Tăng", "Giáp", "Châu",
]  # fmt: skip
MIDDLE_BY_SEX = {
    "Nam": (["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Xuân", "Thanh", "Quang", "Đình", "Trọng", "Tuấn",
             "Hoàng", "Ngọc", "Mạnh", "Thế", "Duy", "Anh", "Bá", "Tiến"], [40, 8, 7, 5, 5, 4, 4, 4, 4, 4, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1]),
    "Nữ": (["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Phương", "Thùy", "Hồng", "Bích", "Hải", "Mai",
            "Diệu", "Quỳnh", "Bảo", "Khánh", "Hoài"], [55, 6, 5, 5, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1]),
}  # fmt: skip
GIVEN_BY_SEX = {
    "Nam": "Hùng Dũng Tuấn Minh Hải Nam Long Cường Sơn Thắng Trung Quân Hiếu Đức Anh Huy Phong Tùng Khánh "
    "Bình Hòa Thành Việt Toàn Tài Vinh Lâm Phúc Đạt Hoàng Quang Thịnh Tiến Kiên Lợi Tâm Hưng An Bảo Duy "
    "Giang Hiệp Hậu Khoa Lộc Mạnh Nghĩa Phát Quý Tân Thái Thiện Trí Trọng Tú Vũ Xuân Định Chiến Công".split(),
    "Nữ": "Linh Hương Lan Hoa Hà Trang Mai Anh Thảo Ngọc Hằng Nga Thủy Yến Phương Huyền Nhung Loan Vân Dung "
    "Hạnh Hiền Oanh Quỳnh Thu Tuyết Châu Giang Hồng Liên My Nhi Nhàn Phượng Thanh Thúy Trâm Uyên Vy Xuân "
    "Chi Diệp Duyên Hải Hậu Hoài Lý Nguyệt Tâm Thơ".split(),
}
CITIES = {
    "JP": ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Saitama"], "KR": ["Seoul", "Busan", "Incheon", "Ansan", "Daegu"],
    "TW": ["Taipei", "Taichung", "Kaohsiung", "Taoyuan"], "US": ["San Jose", "Houston", "Westminster", "Seattle"],
    "DE": ["Berlin", "Leipzig", "Hamburg", "Frankfurt"], "CZ": ["Praha", "Brno", "Ostrava", "Cheb"],
    "RU": ["Moskva", "Sankt-Peterburg", "Kazan"], "AU": ["Sydney", "Melbourne"], "FR": ["Paris", "Lyon"],
    "PL": ["Warszawa", "Kraków"], "GB": ["London", "Birmingham"],
}  # fmt: skip
COUNTRY_WEIGHTS = {"JP": 20, "KR": 15, "TW": 12, "US": 12, "DE": 8, "CZ": 6, "RU": 6, "AU": 6, "FR": 5, "PL": 4}
COUNTRY_WEIGHTS["GB"] = 3


class NameDrawer:
    """Draws realistic Vietnamese persons: names with their real repetition, facts with gaps."""

    def __init__(self, rng: random.Random, provinces: int = 63):
        self.rng = rng
        other = (100 - sum(FAMILY_SHARES.values())) / len(FAMILY_OTHER)
        self.family = (list(FAMILY_SHARES) + FAMILY_OTHER, list(FAMILY_SHARES.values()) + [other] * len(FAMILY_OTHER))
        self.given = {
            sex: (names, [1 / (r + 1) ** 0.9 for r in range(len(names))]) for sex, names in GIVEN_BY_SEX.items()
        }
        self.homes = (list(range(1, provinces + 1)), [1 / (r + 1) ** 0.5 for r in range(provinces)])
        self.countries = (list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values()))

    def pick(self, pair):
        return self.rng.choices(pair[0], pair[1])[0]

    def person(self) -> dict:
        rng = self.rng
        sex = rng.choice(["Nam", "Nữ"])
        words = [self.pick(self.family), self.pick(MIDDLE_BY_SEX[sex])]
        if rng.random() < 0.15:
            words.append(self.pick(MIDDLE_BY_SEX["Nữ" if sex == "Nam" else "Nam"]))
        words.append(self.pick(self.given[sex]))
        year = rng.randint(1950, 2004)
        known = rng.random()
        country = self.pick(self.countries)
        return {
            "full_name": " ".join(words),
            "sex": sex,
            "birth_year": year if known < 0.97 else None,
            "birth_date": date(year, rng.randint(1, 12), rng.randint(1, 28)) if known < 0.75 else None,
            "home": self.pick(self.homes) if rng.random() < 0.92 else None,
            "country": country,
            "city": rng.choice(CITIES[country]) if rng.random() < 0.8 else "",
            "phone": f"+{rng.randint(10, 99)} {rng.randint(100_000_000, 999_999_999)}" if rng.random() < 0.6 else "",
            "email": f"p{rng.getrandbits(40):x}@example.org" if rng.random() < 0.25 else "",
        }
