"""The bad-input corpus: every file and payload in ``corpus/manifest.json`` goes through its importer
(compatriots, contributions, aid, IATI, documents) or the API, and ends as written beside it: imported (how many
records and change-log rows), refused as a whole (what the message says), refused row by row (which
rows and columns), or a document accepted under its true type. Records and change-log rows are
counted before and after every case: a refusal writes nothing. Large and binary inputs are made
here at test time (``make``), not kept in the repository."""

import io
import json
import random
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import translation
from openpyxl import Workbook

from amity.audit.models import ObjectChange
from amity.core.tabular import ImportRefused
from amity.core.testing import APIClient, xlsx_bomb, zip_bytes
from amity.core.uploads import UploadRefused, document_check
from amity.diaspora.models import Compatriot
from amity.geo.models import Country
from amity.units.testing import make_unit_tree, make_user

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
HEADER = ["Họ và tên", "Giới tính", "Năm sinh", "Quê quán", "Nước cư trú", "Điện thoại", "Ngày đồng ý"]
CONTRIBUTION_HEADER = ["Họ và tên", "Ngày sinh", "Ngày đóng góp", "Số tiền", "Loại tiền"]


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lying_sizes() -> bytes:
    import zlib

    data = b"<row>" + b"A" * (3 * 1024 * 1024) + b"</row>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return zip_bytes([("xl/worksheets/sheet1.xml", (packer.compress(data) + packer.flush(), zlib.crc32(data), 100))])


def _docx_bomb() -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document>" + b"A" * (150 * 1024 * 1024) + b"</w:document>"),
        ]
    )


#: Inputs made at test time: the name in the manifest's ``make`` -> the bytes.
MAKERS = {
    "xlsx-ok": lambda: workbook(
        [HEADER, ["Nguyễn Văn Excel", "Nam", 1975, "Bắc Giang", "Séc", None, "15/01/2026"]]
        + [["Trần Thị Sổ", "Nữ", 1981, "Hải Phòng", "Ba Lan", "+48 600 000 000", "15/01/2026"]]
    ),
    "xlsx-date-cells": lambda: workbook(
        [HEADER, ["Hồ Văn Ngày", "Nam", 1975, "Hà Nội", "Séc", None, __import__("datetime").date(2026, 1, 15)]]
    ),
    "xlsx-empty-sheet": lambda: workbook([]),
    "xlsx-bomb": lambda: xlsx_bomb(inflated_mb=1500),
    "xlsx-lying-sizes": _lying_sizes,
    "xlsx-ratio-bomb": lambda: zip_bytes([("xl/sharedStrings.xml", b"A" * (60 * 1024 * 1024))]),
    "docx-bomb": _docx_bomb,
    "article-utf8": lambda: "Ngày 12/3, Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang đón đoàn Nhật Bản.".encode(),
    "binary": lambda: bytes(range(256)) * 8,
    "long-cell": lambda: (",".join(HEADER) + "\n" + "A" * 40_000 + ",Nam,1975,Hà Nội,Séc,,15/01/2026\n").encode(),
    "many-columns": lambda: (",".join(HEADER + [f"c{i}" for i in range(600)]) + "\n").encode(),
    "many-rows": lambda: (
        ",".join(HEADER) + "\n" + "".join(f"Người {i},Nam,1975,Hà Nội,Séc,,15/01/2026\n" for i in range(60))
    ).encode(),
    "random-bytes": lambda: random.Random(8).randbytes(64 * 1024),
    "contributions-utf16": lambda: (
        "\t".join(CONTRIBUTION_HEADER) + "\r\nNguyễn Văn Đóng\t05/03/1970\t15/01/2026\t1.000.000\tVND\r\n"
    ).encode("utf-16"),
    "contributions-many-rows": lambda: (
        ",".join(CONTRIBUTION_HEADER)
        + "\n"
        + "".join(f"Nguyễn Văn Đóng,05/03/1970,{1 + i % 28:02d}/01/2026,{i + 1}000,VND\n" for i in range(60))
    ).encode(),
}


class CorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from amity.aid.services import sectors_load

        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.unit)
        cls.other_unit = cls.u["bac_ninh"]
        cls.czech = Country.objects.get(iso_alpha2="CZ")
        Compatriot.objects.create(  # the donor the contribution lists name
            unit=cls.unit, full_name="Nguyễn Văn Đóng", birth_date=date(1970, 3, 5), country=cls.czech,
            consent_on=date(2026, 1, 15),
        )  # fmt: skip

    def content(self, case: dict) -> bytes:
        if "make" in case:
            return MAKERS[case["make"]]()
        return (CORPUS / "files" / case["file"]).read_bytes()

    def counts(self) -> dict[str, int]:
        from amity.aid.models import AidItem
        from amity.diaspora.models import Contribution

        return {
            "compatriots": Compatriot.all_objects.count(),
            "contributions": Contribution.all_objects.count(),
            "aid_items": AidItem.all_objects.count(),
            "changes": ObjectChange.objects.count(),
        }

    # one runner an importer: each returns (outcome, message, [[row, column], ...])
    def run_compatriots(self, content: bytes, name: str):
        from amity.diaspora import imports

        try:
            result = imports.check(content, name, unit=self.unit)
        except ImportRefused as exc:
            return "refused", str(exc), []
        if result.errors:
            return "row_errors", " | ".join(e[2] for e in result.errors), [[e[0], e[1]] for e in result.errors]
        try:
            created = imports.commit(result, unit=self.unit, actor=self.editor)
        except ImportRefused as exc:  # e.g. rows repeating a person, left for the user to decide
            return "refused", str(exc), []
        return "imported", f"{created} created", []

    def run_aid(self, content: bytes, name: str):
        from amity.aid import imports

        try:
            preview = imports.aid_import_preview(user=self.editor, unit=self.unit, content=content, filename=name)
        except (ImportRefused, ValidationError) as exc:
            return "refused", " ".join(getattr(exc, "messages", [str(exc)])), []
        if preview.file_errors:
            return "refused", " ".join(preview.file_errors), []
        if preview.errors:
            return "row_errors", " | ".join(e[2] for e in preview.errors), [[e[0], e[1]] for e in preview.errors]
        result = imports.aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename=name)
        return "imported", f"{result.created} created", []

    def run_contributions(self, content: bytes, name: str):
        from amity.diaspora import contribution_imports as imports

        preview = imports.contribution_import_preview(user=self.editor, unit=self.unit, content=content, filename=name)
        if preview.file_errors:
            return "refused", " ".join(preview.file_errors), []
        if preview.errors:
            return "row_errors", " | ".join(e[2] for e in preview.errors), [[e[0], e[1]] for e in preview.errors]
        result = imports.contribution_import_commit(actor=self.editor, unit=self.unit, content=content, filename=name)
        return "imported", f"{result.created} created", []

    def run_iati(self, content: bytes, name: str):
        from amity.aid import iati

        try:
            result = iati.activities_import(actor=self.editor, unit=self.unit, content=content)
        except ValidationError as exc:
            return "refused", " ".join(exc.messages), []
        return "imported", f"{result.created} created", []

    def run_document(self, content: bytes, name: str):
        try:
            return "accepted", document_check(content, name), []
        except UploadRefused as exc:
            return "refused", str(exc), []

    def run_article(self, content: bytes, name: str):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from amity.press.intake import from_upload

        try:
            intake = from_upload(SimpleUploadedFile(name, content))
        except ValidationError as exc:
            return "refused", " ".join(exc.messages), []
        return "accepted", f"{intake.source_format} {len(intake.text)} characters", []

    def run_api(self, case: dict):
        client = APIClient()
        client.force_authenticate(self.editor)
        payload = case["payload"]
        if isinstance(payload, dict):
            payload = {
                **payload,
                **{k: getattr(self, v).pk for k, v in case.get("refs", {}).items()},
            }
        if "raw" in case:
            response = client.generic("POST", case["path"], case["raw"], content_type="application/json")
        else:
            response = client.post(case["path"], payload, format="json")
        return str(response.status_code), response.content.decode()[:2000], []

    def test_every_case_ends_as_its_manifest_says(self):
        self.assertGreaterEqual(len(MANIFEST), 50)
        importers = {c["importer"] for c in MANIFEST}
        self.assertEqual(importers, {"compatriots", "contributions", "aid", "iati", "document", "article", "api"})
        for case in MANIFEST:
            with self.subTest(case=case["case"]), translation.override("en"):
                expect = case["expect"]
                before = self.counts()
                with override_settings(UPLOAD_LIMITS=case.get("limits", {})):
                    if case["importer"] == "api":
                        outcome, message, errors = self.run_api(case)
                    else:
                        content = self.content(case)
                        name = case.get("name") or case.get("file") or case["make"]
                        outcome, message, errors = getattr(self, f"run_{case['importer']}")(content, name)
                after = self.counts()
                self.assertEqual(outcome, expect["outcome"], message)
                for words in expect.get("message", []):
                    self.assertIn(words, message)
                if "errors" in expect:
                    self.assertEqual(errors, expect["errors"], message)
                written = expect.get("written", {})
                self.assertEqual(
                    {name: after[name] - before[name] for name in before},
                    {name: written.get(name, 0) for name in before},
                    message,
                )
