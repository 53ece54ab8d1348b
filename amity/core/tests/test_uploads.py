"""The upload guard: archives that inflate beyond the limits, rows, columns, cells and time; the
documents behind the records' rights."""

import io
import random
import tracemalloc
import zlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from amity.audit.models import ExportLog
from amity.core import uploads
from amity.core.testing import xlsx_bomb, zip_bytes
from amity.core.uploads import UploadRefused, guard_rows, guard_upload, sniff_type, xlsx_rows
from amity.units.testing import make_unit_tree, make_user


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ArchiveGuardTests(TestCase):
    def refused(self, content: bytes, name: str = "f.xlsx") -> UploadRefused:
        with translation.override("en"), self.assertRaises(UploadRefused) as caught:
            guard_upload(content, name)
        return caught.exception

    def test_the_bomb_is_refused_before_any_reader_in_bounded_memory(self):
        bomb = xlsx_bomb(inflated_mb=1500)
        self.assertLess(len(bomb), 5 * 1024 * 1024)
        tracemalloc.start()
        try:
            exc = self.refused(bomb, "bomb.xlsx")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(exc.limit, "max_member_bytes")
        self.assertIn("bomb.xlsx", str(exc))
        self.assertIn("xl/worksheets/sheet1.xml", str(exc))
        self.assertIn("AMITY_UPLOAD_MAX_MEMBER_BYTES", str(exc))
        self.assertLess(peak, 20 * 1024 * 1024)  # the file itself is not copied, nothing is inflated

    def test_an_archive_that_lies_about_its_sizes_is_counted_while_inflating(self):
        data = b"A" * (3 * 1024 * 1024)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        raw = packer.compress(data) + packer.flush()
        lying = zip_bytes([("xl/worksheets/sheet1.xml", (raw, zlib.crc32(data), 1000))])
        self.assertEqual(self.refused(lying).limit, None)
        self.assertIn("larger than the archive says", str(self.refused(lying)))

    def test_a_part_compressed_beyond_the_ratio_is_refused(self):
        bomb = zip_bytes([("xl/sharedStrings.xml", b"A" * (40 * 1024 * 1024))])  # ~1000:1
        exc = self.refused(bomb)
        self.assertEqual(exc.limit, "max_ratio")
        self.assertIn("xl/sharedStrings.xml", str(exc))

    def test_the_parts_together_are_bounded(self):
        noise = random.Random(15).randbytes(2 * 1024 * 1024)  # does not compress: no ratio to refuse
        parts = [(f"xl/part{i}.xml", noise) for i in range(4)]
        with override_settings(UPLOAD_LIMITS={"max_unpacked_bytes": 5 * 1024 * 1024}):
            self.assertEqual(self.refused(zip_bytes(parts)).limit, "max_unpacked_bytes")
        guard_upload(zip_bytes(parts), "f.xlsx")  # 8 MB is far under the default

    def test_too_many_parts_a_large_file_a_damaged_or_encrypted_archive(self):
        with override_settings(UPLOAD_LIMITS={"max_members": 3}):
            self.assertEqual(self.refused(zip_bytes([(f"p{i}", b"x") for i in range(4)])).limit, "max_members")
        with override_settings(UPLOAD_LIMITS={"max_bytes": 1000}):
            self.assertEqual(self.refused(b"x" * 1001, "f.csv").limit, "max_bytes")
        self.assertIn("damaged", str(self.refused(b"PK\x03\x04 not an archive")))
        good = bytearray(zip_bytes([("xl/workbook.xml", b"<workbook/>" * 100)]))
        good[6] |= 1  # the "encrypted" flag, in the local header
        good[good.find(b"PK\x01\x02") + 8] |= 1  # and in the directory
        self.assertIn("password", str(self.refused(bytes(good))))

    def test_an_ordinary_workbook_passes_and_reads(self):
        content = workbook([["Họ và tên", "Nước"], ["Nguyễn Văn An", "Séc"]])
        started = guard_upload(content, "list.xlsx")
        self.assertEqual(
            list(xlsx_rows(content, "list.xlsx", started=started)), [["Họ và tên", "Nước"], ["Nguyễn Văn An", "Séc"]]
        )


class RowGuardTests(TestCase):
    def refused(self, rows, **limits) -> UploadRefused:
        with override_settings(UPLOAD_LIMITS=limits), translation.override("en"):
            with self.assertRaises(UploadRefused) as caught:
                list(guard_rows(rows, "list.csv"))
        return caught.exception

    def test_rows_columns_cells_and_time(self):
        exc = self.refused([["h"]] * 12, max_rows=10)  # header + 11 rows
        self.assertEqual(exc.limit, "max_rows")
        self.assertEqual(list(guard_rows([["h"]] * 11, "x")), [["h"]] * 11)  # header + 10 rows pass
        self.assertEqual(self.refused([["a"] * 6], max_columns=5).limit, "max_columns")
        with override_settings(UPLOAD_LIMITS={"max_columns": 5}):  # empty trailing cells do not count
            self.assertEqual(list(guard_rows([["a", None, "", None, None, None, ""]], "x")), [["a"]])
        exc = self.refused([["h", "h"], ["a", "b" * 11]], max_cell_chars=10)
        self.assertEqual(exc.limit, "max_cell_chars")
        self.assertIn("row 2, column B", str(exc))
        self.assertEqual(self.refused([["h"]], max_seconds=-1).limit, "max_seconds")

    def test_a_reader_is_stopped_at_the_cap_not_run_to_the_end(self):
        read = []

        def endless():
            while True:
                read.append(1)
                yield ["x"]

        self.refused(endless(), max_rows=100)
        self.assertEqual(len(read), 102)

    def test_the_shared_reader_goes_through_the_guard(self):
        from amity.core.tabular import ImportRefused, read_table

        content = workbook([["Họ và tên", "Nước"], *[["An", "Séc"]] * 20])
        with override_settings(UPLOAD_LIMITS={"max_rows": 10}), translation.override("en"):
            for data, name in ((content, "list.xlsx"), ("\n".join(["a,b"] * 20).encode(), "list.csv")):
                with self.assertRaisesMessage(ImportRefused, f"{name}: The number of rows is more than 10"):
                    read_table(data, name)


class SniffTests(TestCase):
    def test_the_type_comes_from_the_content_not_the_name(self):
        self.assertEqual(sniff_type(b"%PDF-1.7\n..."), "pdf")
        self.assertEqual(sniff_type(b"\x89PNG\r\n\x1a\n...."), "png")
        self.assertEqual(sniff_type(workbook([["a"]])), "xlsx")
        self.assertEqual(sniff_type("Tên,Nước\nAn,Séc\n".encode()), "csv")
        self.assertEqual(sniff_type("Biên bản họp".encode()), "txt")
        self.assertIsNone(sniff_type(b"<html><script>alert(1)</script></html>"))
        self.assertIsNone(sniff_type(b"  <svg onload=alert(1)>"))
        self.assertIsNone(sniff_type(b"MZ\x90\x00\x03\x00\x00\x00"))  # a Windows program
        self.assertIsNone(sniff_type(zip_bytes([("evil.exe", b"MZ")])))


@override_settings(MEDIA_ROOT=settings.BASE_DIR / "var" / "test-media")
class DocumentDoorTests(TestCase):
    """Attachments of an aid item: uploaded through the form, downloaded through the door only."""

    @classmethod
    def setUpTestData(cls):
        from amity.aid.models import AidDocument
        from amity.aid.tests.factories import make_item

        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.other = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.item = make_item(cls.u["hai_phong"], "Dự án nước sạch", reference="HP-1")
        cls.document = AidDocument.objects.create(item=cls.item, title="Quyết định")

    def setUp(self):
        self.document.file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.7\n%% decision"), save=True)
        self.addCleanup(self.document.file.delete, save=False)

    def test_the_owner_downloads_it_as_an_attachment_of_its_true_type_and_it_is_logged(self):
        self.client.force_login(self.editor)
        url = reverse("document", args=["aid.aiddocument", self.document.pk, "file"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.7\n%% decision")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        log = ExportLog.objects.get(format="document")
        self.assertEqual((log.actor, log.personal), (self.editor, True))
        self.assertEqual(set(log.units.values_list("pk", flat=True)), {self.u["hai_phong"].pk})
        # the item's page links the door, not the media directory
        page = self.client.get(self.item.get_absolute_url())
        self.assertContains(page, url)
        self.assertNotContains(page, settings.MEDIA_URL + "aid/")

    def test_the_type_noted_at_upload_is_served_whatever_the_file_holds_later(self):
        from pathlib import Path

        from amity.core.models import StoredFile

        name = self.document.file.name
        self.assertEqual(StoredFile.objects.get(name=name).content_type, "application/pdf")
        # the bytes on disk changed since (a restore gone wrong, tampering): still the type stored
        Path(self.document.file.path).write_bytes(b"<html><script>alert(1)</script></html>")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("document", args=["aid.aiddocument", self.document.pk, "file"]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.document.file.delete(save=True)  # a file deleted takes its note with it
        self.assertFalse(StoredFile.objects.filter(name=name).exists())

    def test_another_province_an_anonymous_client_and_the_media_address_get_nothing(self):
        url = reverse("document", args=["aid.aiddocument", self.document.pk, "file"])
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(url).status_code, 404)
        for bad in (["aid.aiddocument", self.document.pk, "title"], ["auth.user", self.editor.pk, "password"]):
            self.assertEqual(self.client.get(reverse("document", args=bad)).status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/" + settings.MEDIA_URL + self.document.file.name).status_code, 404)
        self.assertFalse(ExportLog.objects.filter(format="document").exists())

    def test_the_form_refuses_by_content_and_size_before_storing(self):
        from amity.aid.models import AidDocument

        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        add = reverse("aid:aiddocument_add")
        before = AidDocument.objects.count()
        cases = {
            "page.pdf": b"<html><script>alert(1)</script></html>",  # HTML named as a PDF
            "setup.pdf": b"MZ\x90\x00" + b"\x00" * 100,
        }
        for name, content in cases.items():
            response = self.client.post(
                add, {"item": self.item.pk, "title": name, "file": SimpleUploadedFile(name, content)}
            )
            self.assertContains(response, f"{name}: this type of file is not accepted", status_code=400)
        with override_settings(UPLOAD_LIMITS={"max_document_bytes": 1000}):
            response = self.client.post(
                add,
                {"item": self.item.pk, "title": "big", "file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000)},
            )
            self.assertContains(response, "AMITY_UPLOAD_MAX_DOCUMENT_BYTES", status_code=400)
        self.assertEqual(AidDocument.objects.count(), before)

    def test_the_api_checks_uploads_and_shows_the_door(self):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.editor)
        response = client.get(f"/api/aid/documents/{self.document.pk}/")
        if response.status_code == 404:
            self.skipTest("aid documents are not in the API")
        self.assertTrue(response.json()["file"].endswith(f"/files/aid.aiddocument/{self.document.pk}/file/"))


class RequestSizeTests(TestCase):
    def test_a_60_mb_upload_is_refused_before_it_is_read(self):
        from amity.diaspora.models import ImportJob

        u = make_unit_tree()
        self.client.force_login(make_user("hp-editor", unit=u["hai_phong"]))
        response = self.client.generic(
            "POST",
            reverse("diaspora:import"),
            b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(60 * 1024 * 1024),
        )
        self.assertEqual(response.status_code, 413)
        self.assertFalse(ImportJob.objects.exists())

    def test_the_compatriot_upload_form_refuses_a_bomb_and_keeps_nothing(self):
        from amity.diaspora.models import ImportJob

        u = make_unit_tree()
        self.client.force_login(make_user("hp-editor", unit=u["hai_phong"]))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        bomb = SimpleUploadedFile("bomb.xlsx", xlsx_bomb(inflated_mb=300))
        response = self.client.post(reverse("diaspora:import"), {"file": bomb, "unit": u["hai_phong"].pk})
        self.assertContains(response, "bomb.xlsx: The unpacked size", status_code=400)
        self.assertFalse(ImportJob.objects.exists())
        self.assertEqual(uploads.limits()["max_member_bytes"], 100 * 1024 * 1024)
