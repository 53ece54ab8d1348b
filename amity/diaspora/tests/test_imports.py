import io
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest import mock

import openpyxl
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation

from amity.audit.models import ObjectChange
from amity.audit.snapshots import snapshot
from amity.core import tabular
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country
from amity.units.testing import make_unit_tree, make_user

from .. import imports, legacy
from ..models import Compatriot, ImportJob

HEADER = "Họ và tên,Giới tính,Năm sinh,Ngày sinh,Quê quán,Nước cư trú,Điện thoại,Ngày đồng ý\n"


class Undone(Exception):
    pass


def already_in_registry() -> str:
    """The start of the row error for a person already in the registry, in the language the
    commands write in (the site's, no request activating another)."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext("Already in the registry as record #%(pk)s.").split("#")[0]


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "\n".join(rows) + "\n").encode(encoding)


class ParsingTests(SimpleTestCase):
    def test_vietnamese_numbers(self):
        cases = {
            "150.000.000": Decimal("150000000"),
            "9,5": Decimal("9.5"),
            "1.234,56": Decimal("1234.56"),
            "1,234.56": Decimal("1234.56"),
            "595.75": Decimal("595.75"),
            "10": Decimal("10"),
            12.5: Decimal("12.5"),
        }
        for text, expected in cases.items():
            self.assertEqual(tabular.parse_number(text), expected, text)
        with self.assertRaises(ValueError):
            tabular.parse_number("mười")

    def test_dates_day_first(self):
        self.assertEqual(tabular.parse_date("05/03/1975"), date(1975, 3, 5))
        self.assertEqual(tabular.parse_date("5.3.1975"), date(1975, 3, 5))
        self.assertEqual(tabular.parse_date("1975-03-05"), date(1975, 3, 5))
        for bad in ("31/02/1975", "03/1975", "hôm qua"):
            with self.assertRaises(ValueError):
                tabular.parse_date(bad)

    def test_legacy_encodings_round_trip(self):
        self.assertEqual(legacy.to_unicode("NguyÔn V¨n An", "tcvn3"), "Nguyễn Văn An")
        self.assertEqual(legacy.to_unicode("Nguyeãn Vaên An", "vni"), "Nguyễn Văn An")
        self.assertEqual(legacy.to_unicode("§Æng Quèc ViÖt", "tcvn3"), "Đặng Quốc Việt")
        self.assertEqual(legacy.to_unicode("Traàn Thò Höôøng", "vni"), "Trần Thị Hường")
        self.assertEqual(legacy.detect(["NguyÔn V¨n An", "B¾c Giang"]), "tcvn3")
        self.assertEqual(legacy.detect(["Nguyeãn Vaên An", "Baéc Giang"]), "vni")
        self.assertEqual(legacy.detect(["Nguyễn Văn An", "Lê Thị Hoa", "Jürgen Öztürk"]), "unicode")


class ImportCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def check(self, content: bytes, name: str = "f.csv", **kw):
        return imports.check(content, name, unit=self.u["bac_ninh"], **kw)

    def test_good_file_commits_every_row_with_its_history(self):
        content = csv_file(
            "Nguyễn Văn An,Nam,1975,05/03/1975,Bắc Giang,Séc,+420777123456,15/01/2026",
            "Trần Thị Bình,Nữ,1980,,Bắc Ninh,Cộng hòa Séc,,15/01/2026",
        )
        result = self.check(content)
        self.assertEqual((result.errors, len(result.rows)), ([], 2))
        self.assertEqual(imports.commit(result, unit=self.u["bac_ninh"], actor=self.user), 2)
        an = Compatriot.objects.get(full_name="Nguyễn Văn An")
        self.assertEqual((an.birth_date, an.sex, an.country.iso_alpha2), (date(1975, 3, 5), "male", "CZ"))
        self.assertEqual(an.home_unit.valid_to, date(2025, 6, 30))  # the former Bắc Giang province
        self.assertIsNone(Compatriot.objects.get(full_name="Trần Thị Bình").home_unit.valid_to)
        change = ObjectChange.objects.get(
            content_type=ContentType.objects.get_for_model(Compatriot), object_id=str(an.pk)
        )
        self.assertEqual((change.action, change.source, change.actor_name), ("create", "import", "bn-editor"))
        self.assertEqual(change.after, snapshot(an))  # what a save() through the audit signal stores
        self.assertEqual(an.search_name, "nguyen van an")

    def test_the_preview_shows_each_value_under_its_heading_and_countries_by_name(self):
        content = csv_file(
            "Nguyễn Văn An,Nam,1975,05/03/1975,,Úc,,15/01/2026",  # no home province, no phone
            "Trần Thị Bình,Nữ,1980,,Bắc Ninh,Séc,+420777123456,15/01/2026",
        )
        with translation.override("ru"):
            report = self.check(content).as_report()
            fields = ("full_name", "sex", "birth_year", "birth_date", "home_unit", "country", "phone", "consent_on")
            self.assertEqual(report["preview_headings"], [imports.field_label(name) for name in fields])
        self.assertEqual(
            [list(row.values()) for row in report["preview"]],
            [
                ["Nguyễn Văn An", "Мужской", 1975, "05.03.1975", "", "Австралия", "", "15.01.2026"],
                ["Trần Thị Bình", "Женский", 1980, "", "Bắc Ninh", "Чехия", "+420777123456", "15.01.2026"],
            ],
        )

    def test_a_full_length_name_in_another_script_is_imported_and_found(self):
        """A Russian name of 200 letters folds to about four Latin letters each, past the search
        key's column (a server error on PostgreSQL before the key was cut to it)."""
        name = "Щукин " + "щ" * 194
        result = self.check(csv_file(f"{name},Nam,1975,,Bắc Giang,Nga,,15/01/2026"))
        self.assertEqual((result.errors, len(result.rows)), ([], 1))
        self.assertEqual(imports.commit(result, unit=self.u["bac_ninh"], actor=self.user), 1)
        person = Compatriot.objects.get(full_name=name)
        self.assertEqual(len(person.search_name), Compatriot._meta.get_field("search_name").max_length)
        self.assertTrue(person.search_name.startswith("shchukin shchshch"))

    def test_every_bad_row_is_reported_and_nothing_is_written(self):
        content = csv_file(
            "Nguyễn Văn An,Nam,1975,05/03/1975,Bắc Giang,Séc,,15/01/2026",
            "Lê Văn Cường,Nam,1975,31/02/1975,Bắc Giang,Czechia,,15/01/2026",
            "Phạm Thị Dung,Nữ,19x5,,Bắc Giang,Ukriana,,15/01/2026",
            "Nguyễn Văn An,Nam,1975,05/03/1975,Bắc Giang,Séc,,15/01/2026",
            "Hoàng Văn Em,Nam,1975,,Bắc Giang,Séc,,",
            ",Nữ,1990,,Bắc Giang,Séc,,15/01/2026",
        )
        with translation.override("vi"):  # the suggestions are in the user's language
            result = self.check(content)
        errors = {(row, column): reason for row, column, reason in result.errors}
        self.assertIn("dd/mm/yyyy", errors[(3, "Ngày sinh")])
        self.assertIn("19x5", errors[(4, "Năm sinh")])
        self.assertIn("Ukraina", errors[(4, "Nước cư trú")])  # nearest match suggested
        self.assertNotIn((5, "Họ và tên"), errors)  # the same person as row 2: a duplicate to resolve
        self.assertEqual(result.duplicates, [(5, 2, "Họ và tên", "")])
        self.assertIn((6, "Ngày đồng ý"), errors)
        self.assertIn((7, "Họ và tên"), errors)
        with self.assertRaises(tabular.ImportRefused):
            imports.commit(result, unit=self.u["bac_ninh"], actor=self.user)
        self.assertFalse(Compatriot.objects.exists())

    def test_people_the_file_repeats_are_resolved_by_the_user_not_refused(self):
        content = csv_file(
            "Nguyễn Văn An,Nam,1975,05/03/1975,Bắc Giang,Séc,,15/01/2026",
            "Nguyễn Văn An,Nam,1975,17/09/1975,Bắc Giang,Séc,,15/01/2026",  # another An: another birthday
            "Nguyễn Văn An,Nam,1975,05/03/1975,,Séc,+420777123456,15/01/2026",
            "Trần Thị Bình,Nữ,1980,,Bắc Ninh,Séc,,15/01/2026",
            "Trần Thị Bình,Nữ,1980,,Bắc Ninh,Séc,,15/01/2026",
        )
        result = self.check(content)
        self.assertEqual((result.errors, result.duplicates), ([], [(4, 2, "Họ và tên", ""), (6, 5, "Họ và tên", "")]))
        self.assertFalse(result.ok)
        with translation.override("en"), self.assertRaisesMessage(tabular.ImportRefused, "keep both, merge or drop"):
            imports.commit(result, unit=self.u["bac_ninh"], actor=self.user)
        self.assertFalse(Compatriot.objects.exists())
        kept = self.check(content, resolutions={"4": "keep", "6": "keep"})
        self.assertEqual((kept.ok, len(kept.rows)), (True, 5))
        result = self.check(content, resolutions={"4": "merge", "6": "drop"})
        self.assertTrue(result.ok)
        self.assertEqual(imports.commit(result, unit=self.u["bac_ninh"], actor=self.user), 3)
        ans = Compatriot.objects.filter(full_name="Nguyễn Văn An").order_by("birth_date")
        self.assertEqual([(a.birth_date.day, a.phone) for a in ans], [(5, "+420777123456"), (17, "")])
        self.assertEqual(Compatriot.objects.filter(full_name="Trần Thị Bình").count(), 1)

    def test_headings_and_country_names_vietnamese_offices_write(self):
        header = "Họ và tên,Quốc gia cư trú,Ngày đồng ý\n"
        content = csv_file(
            "Nguyễn Văn An,Úc,15/01/2026",
            "Trần Thị Bình,Tiệp Khắc,15/01/2026",
            "Lê Văn Cường,Германия,15/01/2026",
            header=header,
        )
        with translation.override("en"):
            result = self.check(content)
        self.assertEqual(result.columns["Quốc gia cư trú"], "country")
        countries = {row["full_name"]: Country.objects.get(pk=row["country_id"]).iso_alpha2 for row in result.rows}
        self.assertEqual(countries, {"Nguyễn Văn An": "AU", "Lê Văn Cường": "DE"})
        [(row, column, message)] = result.errors
        self.assertEqual((row, column), (3, "Quốc gia cư trú"))
        self.assertIn("no longer exists", message)
        self.assertIn("Czechia / Slovakia", message)

    def test_a_former_states_successors_are_suggested_in_the_users_language(self):
        content = csv_file("Trần Thị Bình,Tiệp Khắc,15/01/2026", header="Họ và tên,Nước cư trú,Ngày đồng ý\n")
        for language, suggested in (
            ("vi", "Séc / Slovakia"),
            ("en", "Czechia / Slovakia"),
            ("zh-hans", "捷克 / 斯洛伐克"),
            ("ru", "Чехия / Словакия"),
        ):
            with self.subTest(language=language), translation.override(language):
                [(_row, _column, message)] = self.check(content).errors
                self.assertIn(suggested, message)

    def test_legacy_tcvn3_file_is_converted_and_shown(self):
        row = legacy.from_unicode("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026", "tcvn3")
        content = csv_file(row, header=legacy.from_unicode(HEADER, "tcvn3"), encoding="cp1252")
        result = self.check(content)
        self.assertEqual(result.encoding, "tcvn3")
        self.assertEqual(result.rows[0]["full_name"], "Nguyễn Văn An")
        self.assertIn((2, "Họ và tên", "NguyÔn V¨n An", "Nguyễn Văn An"), result.conversions)

    def test_legacy_vni_xlsx_is_converted(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Họ tên", "Quốc gia", "Quê", "Ngày đồng ý"])
        sheet.append([legacy.from_unicode("Trần Thị Hường", "vni"), "Nhật Bản", "Baéc Giang", date(2026, 1, 15)])
        buffer = io.BytesIO()
        book.save(buffer)
        result = self.check(buffer.getvalue(), "f.xlsx")
        self.assertEqual(result.encoding, "vni")
        self.assertEqual((result.errors, result.rows[0]["full_name"]), ([], "Trần Thị Hường"))

    def test_home_province_read_from_a_whole_address(self):
        content = csv_file(
            'A,"xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang",Séc,15/01/2026',
            'B,"Phường 1, TP. Hồ Chí Minh",Séc,15/01/2026',
            'C,"xã Tân Dĩnh, Lạng Giang",Séc,15/01/2026',  # no province: an error, not a guess
            header="Họ và tên,Quê quán,Nước cư trú,Ngày đồng ý\n",
        )
        result = self.check(content)
        homes = [AdminUnit.objects.get(pk=r["home_unit_id"]).name for r in result.rows]
        self.assertEqual(homes, ["Bắc Giang", "Hồ Chí Minh"])
        self.assertEqual([(e[0], e[1]) for e in result.errors], [(4, "Quê quán")])

    def test_defaults_fill_the_consent_date(self):
        content = csv_file(
            "Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,",
            header="Họ và tên,Giới tính,Năm sinh,Ngày sinh,Quê quán,Nước cư trú,Điện thoại,Ghi chú\n",
        )
        result = self.check(content, defaults={"consent_on": date(2026, 2, 1)})
        self.assertEqual((result.errors, result.rows[0]["consent_on"]), ([], date(2026, 2, 1)))
        # without the date and without the column: one answer saying what to do, not an error per row
        with translation.override("vi"), self.assertRaises(imports.ImportRefused) as caught:
            self.check(content)
        self.assertIn("Tệp không có cột “Ngày đồng ý”", str(caught.exception))

    def test_files_that_cannot_be_read_are_refused_with_a_clear_message(self):
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
        cases = {
            "password": (ole + "EncryptedPackage".encode("utf-16-le"), "f.xlsx"),
            "97–2003": (ole, "f.xls"),
            "not a spreadsheet": (b"%PDF-1.7\n\x00\x01binary", "f.pdf"),
            "Missing required columns": ("Tên hội,Địa chỉ\nA,B\n".encode(), "f.csv"),
        }
        for words, (content, name) in cases.items():
            with translation.override("en"):
                with self.assertRaises(tabular.ImportRefused) as caught:
                    self.check(content, name)
                self.assertIn(words, str(caught.exception))
        with self.assertRaises(tabular.ImportRefused):
            self.check(b"PK\x03\x04broken zip", "f.xlsx")

    def test_huge_cell_refuses_the_file_naming_row_column_and_limit(self):
        content = csv_file("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc," + "x" * (10 * 1024 * 1024) + ",15/01/2026")
        with translation.override("en"), self.assertRaises(imports.ImportRefused) as caught:
            self.check(content)
        message = str(caught.exception)
        self.assertIn("row 2, column G", message)
        self.assertIn("32767", message)
        self.assertIn("AMITY_UPLOAD_MAX_CELL_CHARS", message)


class ImportAgainTests(TestCase):
    """A province sends the same file twice, or a file with a few new people."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])
        first = imports.check(
            csv_file("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026"), "a.csv", unit=cls.u["bac_ninh"]
        )
        imports.commit(first, unit=cls.u["bac_ninh"], actor=cls.user)
        cls.an = Compatriot.objects.get()

    def test_people_already_recorded_are_errors_or_left_out_on_request(self):
        content = csv_file(
            "NGUYEN VAN AN,Nam,1975,,Bắc Giang,Cộng hòa Séc,,15/01/2026",  # the same person, typed otherwise
            "Nguyễn Văn An,Nam,1992,,Bắc Giang,Séc,,15/01/2026",  # another An: other year
            "Lê Thị Hoa,Nữ,1988,,Bắc Giang,Đức,,15/01/2026",
        )
        result = imports.check(content, "b.csv", unit=self.u["bac_ninh"])
        self.assertEqual(len(result.errors), 1)
        self.assertEqual(result.errors[0][:2], (2, "Họ và tên"))
        self.assertIn(f"#{self.an.pk}", result.errors[0][2])
        result = imports.check(content, "b.csv", unit=self.u["bac_ninh"], skip_existing=True)
        self.assertEqual((result.errors, result.skipped, len(result.rows)), ([], [(2, self.an.pk)], 2))
        self.assertEqual(imports.commit(result, unit=self.u["bac_ninh"], actor=self.user), 2)
        self.assertEqual(Compatriot.objects.filter(search_name="nguyen van an").count(), 2)
        # another province's registry is not consulted: its people are its own
        other = imports.check(content, "b.csv", unit=self.u["hai_phong"])
        self.assertEqual((other.errors, len(other.rows)), ([], 3))

    def test_a_failure_while_writing_leaves_nothing_behind(self):
        rows = [f"Người Thứ {fold(str(i))} {'ABCDEFGHIJ'[i % 10]},Nam,{1950 + i},,Bắc Giang,Séc,,15/01/2026"
                for i in range(30)]  # fmt: skip
        result = imports.check(csv_file(*rows), "c.csv", unit=self.u["bac_ninh"])
        self.assertEqual((result.errors, len(result.rows)), ([], 30))
        before = (Compatriot.objects.count(), ObjectChange.objects.count())
        original, calls = imports._Writer.insert, []

        def failing_insert(writer, batch):  # in the writing thread, while the next batch is made
            calls.append(len(batch[0]))
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return original(writer, batch)

        with mock.patch.object(imports, "BATCH", 10), mock.patch.object(imports._Writer, "insert", failing_insert):
            with self.assertRaises(RuntimeError):
                imports.commit(result, unit=self.u["bac_ninh"], actor=self.user)
        self.assertEqual(calls, [10, 10])
        self.assertEqual((Compatriot.objects.count(), ObjectChange.objects.count()), before)

    def written(self) -> tuple[list, list]:
        """The compatriots a test wrote and their change-log entries by name, keys and times left out."""
        skipped = ("id", "created", "updated")
        fields = [f.attname for f in Compatriot._meta.concrete_fields if f.attname not in skipped]
        people = Compatriot.objects.exclude(pk=self.an.pk).order_by("full_name")
        changes = ObjectChange.objects.filter(content_type__model="compatriot").exclude(object_id=str(self.an.pk))
        logged = [
            (c.object_repr, c.action, c.source, c.actor_name, c.message)
            + ({k: v for k, v in c.after.items() if k not in skipped},)
            for c in changes.order_by("object_repr")
        ]
        return list(people.values_list(*fields)), logged

    def test_checked_rows_are_written_while_the_rest_is_checked_as_check_then_commit_writes_them(self):
        rows = [f"Người Thứ {fold(str(i))} {'ABCDEFGHIJ'[i % 10]},Nam,{1950 + i},,Bắc Giang,Séc,,15/01/2026"
                for i in range(11)]  # fmt: skip
        content, unit = csv_file(*rows), self.u["bac_ninh"]
        handed, inserted = [], []
        write, insert = imports._Batches.write, imports._Writer.insert

        def handing(batches, rows, total):  # from the check, with the batches inserted by then
            handed.append((len(rows), len(inserted)))
            return write(batches, rows, total)

        def inserting(writer, batch):  # in the writing thread
            inserted.append(insert(writer, batch))
            return inserted[-1]

        with (
            mock.patch.object(imports, "BATCH", 3),
            mock.patch.object(imports._Batches, "write", handing),
            mock.patch.object(imports._Writer, "insert", inserting),
            self.assertRaises(Undone),
            transaction.atomic(),  # undone, to write the same file the other way
        ):
            result, created = imports.check_and_commit(content, "c.csv", unit=unit, actor=self.user)
            streamed = self.written()
            raise Undone
        self.assertEqual((result.errors, len(result.rows), created), ([], 11, 11))
        # three batches handed on by the check as it went, the last two rows after it
        self.assertEqual([n for n, _ in handed], [3, 3, 3, 2])
        self.assertGreaterEqual(handed[2][1], 1)  # the first batch was written before the file was read through
        self.assertEqual(len(streamed[0]), 11)
        imports.commit(imports.check(content, "c.csv", unit=unit), unit=unit, actor=self.user, filename="c.csv")
        self.assertEqual(streamed, self.written())

    def test_a_problem_found_after_rows_were_written_leaves_nothing_behind(self):
        rows = [f"Người Thứ {fold(str(i))} {'ABCDEFGHIJ'[i % 10]},Nam,{1950 + i},,Bắc Giang,Séc,,15/01/2026"
                for i in range(10)]  # fmt: skip
        bad = [*rows[:7], "Người Cuối,Nam,19x5,,Bắc Giang,Séc,,15/01/2026", *rows[7:], rows[0]]
        before = (Compatriot.objects.count(), ObjectChange.objects.count())
        insert, inserted = imports._Writer.insert, []

        def inserting(writer, batch):
            inserted.append(insert(writer, batch))
            return inserted[-1]

        with mock.patch.object(imports, "BATCH", 2), mock.patch.object(imports._Writer, "insert", inserting):
            result, created = imports.check_and_commit(
                csv_file(*bad), "c.csv", unit=self.u["bac_ninh"], actor=self.user
            )
        self.assertEqual(inserted[:2], [2, 2])  # rows before the bad one were written meanwhile
        self.assertEqual(created, 0)
        self.assertEqual([(row, column) for row, column, _ in result.errors], [(9, "Năm sinh")])
        self.assertEqual(result.duplicates, [(13, 2, "Họ và tên", "")])  # the whole file is still checked
        self.assertEqual((Compatriot.objects.count(), ObjectChange.objects.count()), before)

    def test_a_repeated_person_merged_into_an_earlier_row_is_written_merged(self):
        content = csv_file(
            "Lê Thị Hoa,Nữ,1988,,Bắc Giang,Đức,,15/01/2026",
            "Trần Văn Bình,Nam,1970,,,Đức,,15/01/2026",
            "Phạm Văn Cường,Nam,1971,,Bắc Giang,Đức,,15/01/2026",
            "Trần Văn Bình,Nam,1970,,Bắc Giang,Đức,+49301234,15/01/2026",
        )
        with mock.patch.object(imports, "BATCH", 2):
            result, created = imports.check_and_commit(
                content, "m.csv", unit=self.u["bac_ninh"], actor=self.user, resolutions={"5": "merge"}
            )
        self.assertEqual(created, 3)
        binh = Compatriot.objects.get(full_name="Trần Văn Bình")
        self.assertEqual((binh.phone, binh.home_unit.name), ("+49301234", "Bắc Giang"))
        logged = ObjectChange.objects.get(content_type__model="compatriot", object_id=str(binh.pk))
        self.assertEqual(logged.after["phone"], "+49301234")

    def test_unknown_columns_are_listed_and_a_header_only_file_is_refused(self):
        header = "Họ và tên,Nước cư trú,Ngày đồng ý,Số hộ chiếu\n"
        result = imports.check(
            csv_file("Lê Văn Tám,Nhật Bản,15/01/2026,B1234567", header=header), "d.csv", unit=self.u["bac_ninh"]
        )
        self.assertEqual((result.ignored, result.errors), (["Số hộ chiếu"], []))
        self.assertNotIn("B1234567", str(result.rows))
        with translation.override("en"), self.assertRaisesMessage(tabular.ImportRefused, "no rows"):
            imports.check(header.encode(), "e.csv", unit=self.u["bac_ninh"])

    def test_command_line_checks_then_imports_all_or_nothing(self):
        path = Path(tempfile.mkdtemp()) / "kieu-bao.csv"
        path.write_bytes(csv_file("Lê Văn Tám,Nam,1970,,Bắc Giang,Nhật Bản,,", "Đỗ Thị Na,Nữ,1985,,Bắc Giang,Lào,,"))
        args = [str(path), "--unit", str(self.u["bac_ninh"].pk), "--user", "bn-editor", "--commit"]
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "2 errors"):  # no consent date
            call_command("diaspora_import", *args, stdout=out, verbosity=0)
        self.assertIn("row 2, Ngày đồng ý", out.getvalue())
        self.assertEqual(Compatriot.objects.count(), 1)
        call_command("diaspora_import", *args, "--consent-on", "01/02/2026", stdout=out, verbosity=0)
        na = Compatriot.objects.get(full_name="Đỗ Thị Na")
        self.assertEqual(na.consent_on, date(2026, 2, 1))
        logged = ObjectChange.objects.get(content_type__model="compatriot", object_id=str(na.pk))
        self.assertEqual(  # the command's channel: the user it names, as an import of that file
            (logged.action, logged.source, logged.actor_name, logged.message),
            ("create", "import", "bn-editor", path.name),
        )
        # the same file again, in the site's language (a command run from the shell writes in it)
        with translation.override(settings.LANGUAGE_CODE), self.assertRaisesMessage(CommandError, "2 errors"):
            call_command("diaspora_import", *args, "--consent-on", "01/02/2026", stdout=out, verbosity=0)
        self.assertIn(already_in_registry(), out.getvalue())
        with self.assertRaisesMessage(CommandError, "no new rows"):
            with translation.override("en"):
                call_command(
                    "diaspora_import", *args, "--consent-on", "01/02/2026", "--skip-existing", stdout=out, verbosity=0
                )
        self.assertEqual(Compatriot.objects.count(), 3)


class ImportScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def test_the_import_pages_name_every_kind_of_file_they_read(self):
        """Excel's UTF-16 "Unicode text" (.txt) is read beside .xlsx and .csv: each import says so."""
        self.client.force_login(self.user)
        pages = ("diaspora:import", "diaspora:contribution_import", "aid:import")
        for language, label in (
            ("vi", "Unicode text của Excel (.txt)"),
            ("en", "Excel’s Unicode text (.txt)"),
            ("zh-hans", "Excel 的 Unicode 文本（.txt）"),
            ("ru", "«Текст в Юникоде» из Excel (.txt)"),
        ):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for page in pages:
                with self.subTest(language=language, page=page):
                    self.assertContains(self.client.get(reverse(page)), label, count=2 if page == pages[0] else 1)

    def test_the_template_filled_in_any_language_is_read_and_the_page_lists_ones_imports(self):
        self.client.force_login(self.user)
        for language in ("vi", "ru", "zh-hans"):
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            book = openpyxl.load_workbook(io.BytesIO(self.client.get(reverse("diaspora:import_template")).content))
            headings = [cell.value for cell in book.worksheets[0][1]]
            sexes = [row[0].value for row in book.worksheets[1].iter_rows(min_row=2)]  # the drop-down's values
            with translation.override(language):
                filled = {"full_name": "Nguyễn Văn An", "sex": sexes[1], "country": "Séc", "consent_on": "15/01/2026"}
                book.worksheets[0].append([filled.get(name) for name in imports.COLUMNS])
                content = io.BytesIO()
                book.save(content)
                result = imports.check(content.getvalue(), "mau.xlsx", unit=self.u["bac_ninh"])
                labels = [imports.field_label(name) for name in imports.COLUMNS]
            with self.subTest(language=language):
                self.assertEqual(headings, labels)  # in the user's language, and read back in it
                self.assertEqual((result.errors, result.rows[0]["sex"]), ([], "male"))
        upload = SimpleUploadedFile("mau.xlsx", content.getvalue())
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        self.assertContains(
            self.client.get(reverse("diaspora:import")), f'href="{ImportJob.objects.get().get_absolute_url()}">mau.xlsx'
        )

    def test_upload_preview_then_import_with_progress(self):
        self.client.force_login(self.user)
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026"))
        response = self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("diaspora:import_job", args=[job.pk]))
        self.assertEqual((job.status, job.total, job.done), ("checked", 1, 1))
        self.assertFalse(Compatriot.objects.exists())
        self.assertContains(self.client.get(response.url), "Nguyễn Văn An")
        self.client.post(reverse("diaspora:import_job", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count, job.percent), ("done", 1, 100))
        self.assertTrue(Compatriot.objects.filter(full_name="Nguyễn Văn An", unit=self.u["bac_ninh"]).exists())
        self.assertEqual((bytes(job.content), job.report.get("preview")), (b"", None))  # the file is not kept
        # the same file again: refused, unless the rows already recorded are left out
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026"))
        response = self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        self.assertContains(self.client.get(response.url), f"#{Compatriot.objects.get().pk}")
        self.assertEqual(ImportJob.objects.latest("pk").status, "failed")
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026"))
        self.client.post(
            reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk, "skip_existing": "on"}
        )
        again = ImportJob.objects.latest("pk")
        self.assertEqual((again.status, again.report["skipped_count"], bytes(again.content)), ("failed", 1, b""))
        self.assertIn("refused", again.report)
        self.assertEqual(Compatriot.objects.count(), 1)

    def test_people_the_file_repeats_wait_for_the_users_decision_on_the_job_page(self):
        self.client.force_login(self.user)
        rows = ["Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026"] * 2
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file(*rows))
        response = self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.get()
        self.assertEqual((job.status, job.report["unresolved"]), ("checked", 1))
        page = self.client.get(response.url)
        self.assertContains(page, 'name="dup_3"')
        self.assertContains(page, 'data-report="unresolved"')
        self.assertEqual(self.client.post(response.url).status_code, 409)  # no import before the decision
        self.client.post(response.url, {"resolve": "1", "dup_3": "drop"})
        job.refresh_from_db()
        self.assertEqual(
            (job.status, job.options["duplicates"], job.report["unresolved"]), ("checked", {"3": "drop"}, 0)
        )
        self.client.post(response.url)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count, Compatriot.objects.count()), ("done", 1, 1))

    def test_refused_file_shows_the_reason(self):
        self.client.force_login(self.user)
        upload = SimpleUploadedFile("x.pdf", b"%PDF-1.7\x00")
        response = self.client.post(
            reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk}, follow=True
        )
        self.assertEqual(ImportJob.objects.get().status, "failed")
        self.assertContains(response, "alert-danger")

    def test_another_users_job_is_not_found(self):
        job = ImportJob.objects.create(unit=self.u["bac_ninh"], user=self.user, filename="a.csv", content=b"")
        self.client.force_login(make_user("other", unit=self.u["bac_ninh"]))
        self.assertEqual(self.client.get(reverse("diaspora:import_job", args=[job.pk])).status_code, 404)


ODD_HEADER = "Tên người,Quốc tịch hiện tại,Năm sinh,Địa chỉ,Ngày đồng ý,Số hộ chiếu\n"
ODD_ROWS = ('Hoàng Văn Sơn,Ba Lan,1968,"xã Tân Dĩnh, Bắc Giang",15/01/2026,P123', "Lý Thị Mai,Séc,1990,,15/01/2026,")
#: What the province means: two headers no one recognises, and "Địa chỉ" is the address at home.
ODD_MAPPING = {"Tên người": "full_name", "Quốc tịch hiện tại": "country", "Địa chỉ": "home_unit"}


class ColumnMappingTests(TestCase):
    """Headers a province wrote its own way: the user maps them (screen, CLI), the preview follows."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.bac_giang = AdminUnit.objects.get(name="Bắc Giang", level=AdminUnit.Level.PROVINCE)

    def content(self) -> bytes:
        return csv_file(*ODD_ROWS, header=ODD_HEADER)

    def test_explicit_mapping_overrides_recognition_and_leaves_columns_out(self):
        with translation.override("en"), self.assertRaisesMessage(tabular.MappingRefused, "Missing required columns"):
            imports.check(self.content(), "a.csv", unit=self.u["bac_ninh"])
        result = imports.check(self.content(), "a.csv", unit=self.u["bac_ninh"], mapping=ODD_MAPPING)
        self.assertEqual(result.errors, [])
        self.assertEqual([r.get("home_unit_id") for r in result.rows], [self.bac_giang.pk, None])
        self.assertEqual([r.get("city", "") for r in result.rows], ["", ""])  # no longer read as the city
        self.assertEqual(result.mapping["Năm sinh"], "birth_year")  # the rest still recognised
        self.assertEqual(result.mapping["Số hộ chiếu"], "")
        ignored = imports.check(
            self.content(), "a.csv", unit=self.u["bac_ninh"], mapping={**ODD_MAPPING, "Năm sinh": "ignore"}
        )
        self.assertEqual([r.get("birth_year") for r in ignored.rows], [None, None])
        self.assertIn("Năm sinh", ignored.ignored)

    def test_a_wrong_mapping_is_refused_with_the_reason(self):
        cases = {
            "no_such_field": ({**ODD_MAPPING, "Năm sinh": "age"}, "Unknown field “age”"),
            "absent column": ({**ODD_MAPPING, "Họ tên": "full_name"}, "no column “Họ tên”"),
            "twice": ({**ODD_MAPPING, "Số hộ chiếu": "full_name"}, "Two columns are given the field “full name”"),
            "required": ({"Tên người": "full_name"}, "Missing required columns: country of residence"),
        }
        for case, (mapping, message) in cases.items():
            with self.subTest(case), translation.override("en"):
                with self.assertRaisesMessage(tabular.MappingRefused, message) as caught:
                    imports.check(self.content(), "a.csv", unit=self.u["bac_ninh"], mapping=mapping)
                self.assertEqual(caught.exception.header[0], "Tên người")

    def test_screen_asks_for_the_mapping_then_previews_and_imports_with_it(self):
        self.client.force_login(self.user)
        upload = SimpleUploadedFile("kieu-bao.csv", self.content())
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.get()
        self.assertEqual(job.status, "mapping")
        self.assertEqual(bytes(job.content), self.content())  # kept for the mapping: nothing written
        self.assertEqual(job.header[:2], ["Tên người", "Quốc tịch hiện tại"])
        url = reverse("diaspora:import_job", args=[job.pk])
        page = self.client.get(url)
        self.assertContains(page, 'data-form="mapping"')
        self.assertContains(page, "Thiếu các cột bắt buộc")  # missing required columns
        # recognised columns come pre-selected: "Năm sinh" is column 2, "Địa chỉ" (column 3) is read as the city
        self.assertContains(page, '<option value="birth_year" selected>')
        self.assertContains(page, '<option value="city" selected>')
        fields = {f"col_{i}": "" for i in range(6)}
        # the same field twice: a clear error, the job stays as it was
        bad = self.client.post(url, {**fields, "map": "1", "col_0": "full_name", "col_1": "full_name"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "Hai cột cùng được gán trường “họ và tên”", status_code=400)
        self.assertEqual(ImportJob.objects.get().status, "mapping")
        mapping = {**fields, "map": "1", "col_0": "full_name", "col_1": "country", "col_2": "birth_year"}
        self.client.post(url, {**mapping, "col_3": "home_unit", "col_4": "consent_on"})
        job.refresh_from_db()
        self.assertEqual(job.status, "checked", job.report)
        self.assertEqual(job.mapping["Địa chỉ"], "home_unit")
        self.assertEqual(job.mapping["Số hộ chiếu"], "")
        preview = self.client.get(url)
        self.assertContains(preview, "Hoàng Văn Sơn")
        self.assertNotContains(preview, "P123")
        self.assertContains(preview, '<option value="home_unit" selected>')  # the correction is kept
        self.assertFalse(Compatriot.objects.exists())
        self.client.post(url)  # import all rows: the commit checks again with the stored mapping
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count), ("done", 2))
        son = Compatriot.objects.get(full_name="Hoàng Văn Sơn")
        self.assertEqual((son.home_unit_id, son.city, son.country.iso_alpha2), (self.bac_giang.pk, "", "PL"))
        # a finished job no longer takes a mapping (409, as for aid imports)
        self.assertEqual(self.client.post(url, mapping).status_code, 409)  # too late: the page says so

    def test_command_line_map_option(self):
        path = Path(tempfile.mkdtemp()) / "kieu-bao.csv"
        path.write_bytes(self.content())
        args = [str(path), "--unit", str(self.u["bac_ninh"].pk), "--user", "bn-editor", "--commit"]
        with translation.override("en"), self.assertRaisesMessage(CommandError, "Missing required columns"):
            call_command("diaspora_import", *args, stdout=io.StringIO(), verbosity=0)
        with translation.override("en"), self.assertRaisesMessage(CommandError, "Unknown field “ten”"):
            call_command("diaspora_import", *args, "--map", "Tên người=ten", stdout=io.StringIO(), verbosity=0)
        with self.assertRaisesMessage(CommandError, "COLUMN=FIELD"):
            call_command("diaspora_import", *args, "--map", "full_name", stdout=io.StringIO(), verbosity=0)
        self.assertFalse(Compatriot.objects.exists())
        out = io.StringIO()
        maps = [x for column, name in ODD_MAPPING.items() for x in ("--map", f"{column}={name}")]
        call_command("diaspora_import", *args, *maps, stdout=out, verbosity=0)
        self.assertIn("column Địa chỉ -> home_unit", out.getvalue())
        self.assertIn("column Số hộ chiếu -> (not imported)", out.getvalue())
        son = Compatriot.objects.get(full_name="Hoàng Văn Sơn")
        self.assertEqual((son.home_unit_id, son.city, son.birth_year), (self.bac_giang.pk, "", 1968))
        self.assertEqual(Compatriot.objects.count(), 2)
