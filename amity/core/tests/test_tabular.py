"""Reading the files offices save: the encodings, Excel's "Unicode text" and Vietnamese numbers."""

import unicodedata
from decimal import Decimal

from django.test import SimpleTestCase

from amity.core.tabular import ImportRefused, decode_text, parse_number, read_table

ROWS = "Họ và tên;Quốc gia cư trú\nNguyễn Văn Đức;Úc\nTrần Thị Hường;Tiệp Khắc\n"


def windows_1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: base letters (with ă â ê ô ơ ư đ) and separate tone marks."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            for mark in list(marks):  # the vowel's own mark (circumflex, breve, horn) stays on it
                composed = unicodedata.normalize("NFC", base + mark)
                if len(composed) == 1 and _encodable(composed):
                    base = composed
                    marks.remove(mark)
            out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


class EncodingTests(SimpleTestCase):
    def test_a_windows_1258_file_is_read_as_vietnamese_not_as_a_legacy_font(self):
        content = windows_1258(ROWS)
        self.assertNotEqual(content, ROWS.encode("utf-8"))
        self.assertEqual(decode_text(content), ROWS)
        header, rows = read_table(content, "ds.csv")
        self.assertEqual(
            (header, rows),
            (["Họ và tên", "Quốc gia cư trú"], [["Nguyễn Văn Đức", "Úc"], ["Trần Thị Hường", "Tiệp Khắc"]]),
        )

    def test_tcvn3_bytes_are_left_to_the_legacy_converter(self):
        tcvn3 = "NguyÔn V¨n §øc".encode("cp1252")
        self.assertEqual(decode_text(tcvn3), "NguyÔn V¨n §øc")

    def test_excel_unicode_text_is_utf16_with_tabs(self):
        content = ROWS.replace(";", "\t").encode("utf-16")
        header, rows = read_table(content, "ds.txt")
        self.assertEqual(header, ["Họ và tên", "Quốc gia cư trú"])
        self.assertEqual(rows[1], ["Trần Thị Hường", "Tiệp Khắc"])

    def test_a_file_named_xlsx_that_is_not_one_is_refused(self):
        with self.assertRaises(ImportRefused):
            read_table("Mã;Tên\n1;a\n".encode(), "list.xlsx")


class NumberTests(SimpleTestCase):
    def test_numbers_as_vietnamese_lists_write_them(self):
        cases = {
            "1.500.000.000": Decimal("1500000000"),
            "1,5 tỷ": Decimal("1500000000"),
            "200 triệu": Decimal("200000000"),
            "150.000,50": Decimal("150000.50"),
            "1,500,000": Decimal("1500000"),
            "9,5": Decimal("9.5"),
            "595.75": Decimal("595.75"),
            1500.5: Decimal("1500.5"),
        }
        for text, expected in cases.items():
            self.assertEqual(parse_number(text), expected, text)
        for bad in ("mười", "1,5 tỷ tỷ", "NaN"):
            with self.assertRaises(ValueError, msg=bad):
                parse_number(bad)
