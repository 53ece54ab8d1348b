"""The reader on the forms the issue names, its small number functions and the labelled set."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from amity.press.evaluation import load_labelled, score
from amity.press.reader import MAX_CHARS, TextTooLong, detect_language, read
from amity.press.reader.names import Gazetteer
from amity.press.reader.numbers import en_words, parse_digits, ru_words, vi_words, zh_number


def facts(text, kind, **kwargs):
    return [(f["text"], f["value"]) for f in read(text, **kwargs).as_json() if f["kind"] == kind]


class NumberWordTests(SimpleTestCase):
    def test_vietnamese_words(self):
        self.assertEqual(vi_words("hai mươi lăm"), 25)
        self.assertEqual(vi_words("một trăm linh năm"), 105)
        self.assertEqual(vi_words("ba nghìn"), 3000)
        self.assertEqual(vi_words("hai nghìn tỷ"), 2 * 10**12)
        self.assertEqual(vi_words("một tỷ hai trăm triệu"), 1_200_000_000)
        self.assertIsNone(vi_words("dự án"))

    def test_russian_and_english_words(self):
        self.assertEqual(ru_words("сто сорок шесть"), 146)
        self.assertEqual(ru_words("три тысячи"), 3000)
        self.assertEqual(en_words("fifty-two"), 52)
        self.assertEqual(en_words("three hundred and six"), 306)
        self.assertIsNone(ru_words("проектов"))

    def test_separators_follow_the_language(self):
        self.assertEqual(parse_digits("12.408.150", "vi"), Decimal("12408150"))
        self.assertEqual(parse_digits("3.000", "vi"), Decimal("3000"))
        self.assertEqual(parse_digits("9.5", "vi"), Decimal("9.5"))
        self.assertEqual(parse_digits("14,5", "ru"), Decimal("14.5"))
        self.assertEqual(parse_digits("12 408 150", "ru"), Decimal("12408150"))
        self.assertEqual(parse_digits("12,408,150", "en"), Decimal("12408150"))
        self.assertEqual(parse_digits("1.234,5", "en"), Decimal("1234.5"))

    def test_chinese_numerals(self):
        self.assertEqual(zh_number("1.5亿"), Decimal("150000000"))
        self.assertEqual(zh_number("950万"), Decimal("9500000"))
        self.assertEqual(zh_number("七"), Decimal("7"))


class ReaderTests(SimpleTestCase):
    def test_money_in_four_languages(self):
        cases = [
            ("Tổng cộng 37 tỷ đồng.", "37 tỷ đồng", "37000000000", "VND", None),
            ("Quyên góp hơn 650 triệu đồng.", "hơn 650 triệu đồng", "650000000", "VND", "more_than"),
            ("Dự án 12.408.150 USD.", "12.408.150 USD", "12408150", "USD", None),
            ("Projects worth USD 9.5 million.", "USD 9.5 million", "9500000", "USD", None),
            ("援助总额达950万美元。", "950万美元", "9500000", "USD", None),
            ("捐赠了10吨大米(价值1.5亿越盾)", "1.5亿越盾", "150000000", "VND", None),
            ("на сумму 14,5 млн долларов США.", "14,5 млн долларов США", "14500000", "USD", None),
            ("Trị giá 2 tỷ 350 triệu đồng.", "2 tỷ 350 triệu đồng", "2350000000", "VND", None),
        ]
        for text, span, amount, currency, qualifier in cases:
            with self.subTest(text=text):
                self.assertEqual(
                    facts(text, "money"), [(span, {"amount": amount, "currency": currency, "qualifier": qualifier})]
                )

    def test_counts_with_what_and_qualifier(self):
        self.assertEqual(
            facts("Có 52 dự án mới.", "count"), [("52 dự án", {"value": 52, "what": "dự án", "qualifier": None})]
        )
        self.assertEqual(facts("共有68个非政府组织。", "count")[0][1]["value"], 68)
        self.assertEqual(facts("реализовано 146 проектов.", "count")[0][1]["value"], 146)
        text, value = facts("Đón gần 3.000 người tham dự.", "count")[0]
        self.assertEqual((text, value["value"], value["qualifier"]), ("gần 3.000 người", 3000, "nearly"))
        self.assertEqual(facts("Tổ chức trong 5 năm qua, 60,2% ở châu Á.", "count"), [])  # a duration, a share
        counted = {t: v["value"] for t, v in facts("开展交流活动36场，捐赠口罩10万只，约5万人参加。", "count")}
        self.assertEqual(counted, {"36场": 36, "10万只": 100000, "约5万人": 50000})  # the count after what it counts
        self.assertEqual(facts("более 7 тыс. студентов", "count")[0][1]["value"], 7000)  # a scale word

    def test_dates_with_precision_and_inferred_year(self):
        published = datetime.date(2023, 11, 25)
        values = dict(facts("Ngày 5/1/2022, sáng 14-9 và 12/3 đoàn về.", "date", published=published))
        values |= dict(facts("2022年5月23日", "date") + facts("16 октября 2023 года", "date"))
        self.assertEqual(
            values["Ngày 5/1/2022"], {"year": 2022, "month": 1, "day": 5, "inferred": False, "precision": "day"}
        )
        self.assertEqual(
            values["sáng 14-9"], {"year": 2023, "month": 9, "day": 14, "inferred": True, "precision": "day"}
        )
        self.assertNotIn("12/3", values)  # a bare "12/3" may be a ratio; a day needs "ngày", "sáng", …
        self.assertEqual(values["2022年5月23日"]["day"], 23)
        self.assertEqual(values["16 октября 2023 года"]["month"], 10)
        january = facts("Chiều 20/12, đoàn về nước.", "date", published=datetime.date(2024, 1, 3))
        self.assertEqual(january[0][1]["year"], 2023)  # said in January of a December: the year before

    def test_ratios_versions_phones_ages_and_scores_are_neither_dates_nor_counts(self):
        published = datetime.date(2025, 8, 15)
        for text, language in [
            ("Tỷ lệ dự án y tế trên dự án giáo dục là 3/2, tình nguyện viên trên cán bộ 5/1.", "vi"),
            ("Ông Lộc, 72 tuổi, xem trận đấu kết thúc với tỷ số 3-1; ứng dụng phiên bản 2.1.", "vi"),
            ("Liên hệ số điện thoại 024 3826 2636; giải lần thứ 5 diễn ra.", "vi"),
            ("The 5/1 ratio held; students aged 15-18 will join; the team won 3-1 with 65.5 points.", "en"),
            ("Version 2.0 went live at 12 Le Loi Street. Contact: +84 24 3825 3614.", "en"),
            ("The road was closed from 5 to 7 p.m. as in the 1990s; flight VN 65 landed.", "en"),
            ("Рейс VN 65 прибыл в 14:30.", "ru"),
            ("Ветерану 85 лет; счёт 3:1; набрал 7,5 очка из 9; версия 3.0 сайта; телефон +7 495 123-45-67.", "ru"),
            ("年龄在18至30岁之间，第3版宣传片，比分3:1，以3比1通过。联系电话：024-38253614。", "zh"),
        ]:
            with self.subTest(text=text):
                found = [(f["kind"], f["text"]) for f in read(text, language=language, published=published).as_json()]
                self.assertEqual([f for f in found if f[0] in ("date", "count", "money", "period")], [])

    def test_ranges_of_days_and_of_counts_read_as_their_first_day_and_lower_end(self):
        published = datetime.date(2024, 4, 2)
        for text, language, span, day in [
            ("Giải diễn ra từ ngày 20 đến 22/3.", "vi", "từ ngày 20 đến 22/3", (2024, 3, 20)),
            ("Students will join an exchange from October 12 to 15.", "en", "October 12 to 15", (2024, 10, 12)),
            ("Визит прошёл с 25 по 29 марта.", "ru", "с 25 по 29 марта", (2024, 3, 25)),
            ("于2024年4月25日至27日举办。", "zh", "2024年4月25日至27日", (2024, 4, 25)),
        ]:
            with self.subTest(text=text):
                ((found, value),) = facts(text, "date", language=language, published=published)
                self.assertEqual((found, (value["year"], value["month"], value["day"])), (span, day))
        for text, language, span in [
            ("Từ 10 đến 15 đoàn công tác sẽ sang Lào.", "vi", "Từ 10 đến 15 đoàn công tác"),
            ("between 10 and 15 schools", "en", "between 10 and 15 schools"),
            ("от 10 до 15 студентов", "ru", "от 10 до 15 студентов"),
            ("邀请10至15名青年", "zh", "10至15名青年"),
        ]:
            with self.subTest(text=text):
                ((found, value),) = facts(text, "count", language=language)
                self.assertEqual((found, value["value"], value["qualifier"]), (span, 10, "at_least"))

    def test_years_and_months_alone(self):
        published = datetime.date(2024, 4, 2)
        self.assertEqual(facts("Năm 2023 tỉnh vận động 52 dự án.", "date")[0][1]["precision"], "year")
        self.assertEqual(facts("Since 2016 the embassy helped.", "date")[0][0], "2016")
        self.assertEqual(facts("2025 projects were approved.", "date", language="en"), [])  # a bare number is no year
        for text, language, span in [
            ("Сайт заработал в марте.", "ru", "марте"),
            ("The site went live in March.", "en", "March"),
            ("Trang web hoạt động từ tháng 3.", "vi", "tháng 3"),
            ("网站于3月份上线。", "zh", "3月份"),
        ]:
            with self.subTest(text=text):
                ((found, value),) = facts(text, "date", language=language, published=published)
                self.assertEqual((found, value["year"], value["month"], value["precision"]), (span, 2024, 3, "month"))
                self.assertTrue(value["inferred"])

    def test_a_past_or_future_sentence_decides_the_year_of_a_day_written_without_one(self):
        november = datetime.date(2024, 11, 8)
        signed = facts("Решение подписано 1 декабря.", "date", published=november)
        opens = facts("Выставка откроется 1 декабря.", "date", published=november)
        self.assertEqual((signed[0][1]["year"], opens[0][1]["year"]), (2023, 2024))
        december = datetime.date(2024, 12, 20)
        self.assertEqual(facts("Đoàn sẽ sang thăm vào ngày 5/1.", "date", published=december)[0][1]["year"], 2025)

    def test_an_acronym_after_a_name_is_that_organisation_elsewhere(self):
        text = "A delegation from the Korea International Cooperation Agency (KOICA) came. Since 2019 KOICA has funded 7 projects."
        organisations = facts(text, "organisation")
        self.assertEqual([t for t, _ in organisations][1], "KOICA")
        self.assertEqual(organisations[0][0], "the Korea International Cooperation Agency (KOICA)")

    def test_periods(self):
        for text, span in [
            ("nhiệm kỳ 2020-2025", "nhiệm kỳ 2020-2025"),
            ("2018年-2023年任期内", "2018年-2023年"),
            ("за 2018–2023 гг. союз", "2018–2023 гг."),
        ]:
            self.assertEqual(facts(text, "period")[0][0], span)
        self.assertEqual(facts("2018–2023 гг.", "period")[0][1], {"start_year": 2018, "end_year": 2023})

    def test_document_numbers(self):
        numbers = [
            v["number"]
            for _, v in facts(
                "Chỉ thị 12-CT/TW, Kế hoạch 56-KH/TU và 210-KH/TU; Quyết định số 123/QĐ-UBND; Nghị định 58/2022/NĐ-CP ngày 5/1/2022.",
                "document",
            )
        ]
        self.assertEqual(numbers, ["12-CT/TW", "56-KH/TU", "210-KH/TU", "123/QĐ-UBND", "58/2022/NĐ-CP"])
        self.assertEqual(facts("第12-CT/TW号指示", "document")[0][1], {"number": "12-CT/TW", "kind": "directive"})

    def test_one_union_across_three_scripts(self):
        gazetteer = Gazetteer(unions={"old-bac-giang": 7, "VN": 1})
        for text in [
            "北江省友好组织联合会召开大会。",
            "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang tổ chức đại hội.",
            "Союз организаций дружбы провинции Бакзянг провёл съезд.",
        ]:
            with self.subTest(text=text):
                (_, value), *_ = facts(text, "organisation", gazetteer=gazetteer, published=datetime.date(2024, 1, 1))
                self.assertEqual(value["unit_id"], 7)
                self.assertEqual(value["name"], "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang")

    def test_former_province_is_given_with_its_current_one(self):
        (_, value), *_ = facts("Đoàn công tác tỉnh Bắc Giang.", "place")
        self.assertEqual(
            (value["province"], value["current_province"], value["current_name"]), ("old-bac-giang", "24", "Bắc Ninh")
        )
        before, after = (
            facts("Tỉnh Bắc Ninh.", "place", published=datetime.date(y, 1, 1))[0][1]["province"] for y in (2024, 2026)
        )
        self.assertEqual((before, after), ("old-bac-ninh", "24"))
        self.assertEqual(
            [v["country"] for t in ("Nhật Bản", "日本", "Японии", "Japan") for _, v in facts(t, "place")],
            ["JP", "JP", "JP", "JP"],
        )

    def test_person_with_role_and_organisation(self):
        (text, value), *_ = facts(
            "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang Đỗ Văn Bình phát biểu.", "person"
        )
        self.assertEqual(text, "Đỗ Văn Bình")
        self.assertEqual(value["role"], "Chủ tịch")
        self.assertEqual(value["organisation"], "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang")

    def test_role_written_after_the_name_and_shortened_union_names(self):
        text = "Ông Trần Văn Hùng, Phó Chủ tịch LHHN tỉnh Nghệ An dẫn đầu đoàn. Tại Hà Tĩnh, Chủ tịch nói."
        (name, value), *rest = facts(text, "person")
        self.assertEqual((name, value["role"]), ("Trần Văn Hùng", "Phó Chủ tịch"))
        self.assertEqual(value["organisation"], "Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An")
        self.assertEqual(rest, [])  # "Hà Tĩnh" is a province, not a person
        self.assertEqual(facts("Hội Hữu nghị Việt - Lào thành phố", "organisation")[0][1]["country"], "LA")

    def test_json_shape_spans_and_determinism(self):
        text = "2023年12月2日，越南友好组织联合会主席潘英山会见代表团，援助950万美元。"
        first, second = read(text).as_json(), read(text).as_json()
        self.assertEqual(first, second)
        for fact in first:
            self.assertEqual(set(fact), {"kind", "start", "end", "text", "value"})
            self.assertEqual(text[fact["start"] : fact["end"]], fact["text"])

    def test_language_detection_and_limits(self):
        self.assertEqual(detect_language("Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang"), "vi")
        self.assertEqual(detect_language("北江省友好组织联合会"), "zh")
        self.assertEqual(detect_language("Союз организаций дружбы провинции"), "ru")
        self.assertEqual(detect_language("The union of friendship organisations"), "en")
        self.assertEqual(read("").as_json(), [])
        with self.assertRaises(TextTooLong):
            read("a" * (MAX_CHARS + 1))

    def test_mixed_scripts_are_each_read(self):
        kinds = {
            (f["kind"], f["text"]) for f in read("Dự án 950万美元 và 14,5 млн долларов США cùng 37 tỷ đồng.").as_json()
        }
        self.assertTrue({("money", "950万美元"), ("money", "14,5 млн долларов США"), ("money", "37 tỷ đồng")} <= kinds)


class LabelledSetTests(SimpleTestCase):
    """The figures bench/press.py prints, held as a floor so a change that reads worse fails."""

    def test_every_label_is_placed_in_its_text(self):
        documents = load_labelled()
        self.assertGreaterEqual(len(documents), 14)
        self.assertEqual({d.language for d in documents}, {"vi", "en", "zh", "ru"})
        for document in documents:
            for label in document.labels:
                self.assertEqual(document.text[label.start : label.end], label.text)

    def test_reader_meets_the_targets_on_the_labelled_set(self):
        documents = load_labelled()
        tallies, _ = score(documents, lambda d: read(d.text, published=d.published).as_json())
        for kind in ("money", "count", "date", "period", "document"):
            self.assertGreaterEqual(tallies[(kind, "all")].precision, 0.95, kind)
            self.assertGreaterEqual(tallies[(kind, "all")].recall, 0.90, kind)
        for kind in ("organisation", "place", "person"):
            self.assertGreaterEqual(tallies[(kind, "all")].precision, 0.85, kind)
            self.assertGreaterEqual(tallies[(kind, "all")].recall, 0.80, kind)
