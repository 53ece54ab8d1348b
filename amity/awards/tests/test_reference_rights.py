"""Award types are shared reference data: national award figures count by them, so everyone reads
them and only administrators of the central union add, edit or delete them."""

from django.test import TestCase

from amity.awards.models import AwardType
from amity.core.testing import CentralReferenceRightsMixin


class AwardTypeRightsTests(CentralReferenceRightsMixin, TestCase):
    model = AwardType
    ui = "awards:awardtype"
    api = "awards-api:awardtype"
    change_payload = {"conferred_by": "Liên hiệp các tổ chức hữu nghị Việt Nam"}

    @classmethod
    def make(cls):
        return AwardType.objects.create(name="Bằng khen mẫu", kind="certificate", conferred_by="")

    @classmethod
    def create_payloads(cls):
        return (
            {"name": "Huân chương Hữu nghị", "kind": "medal", "conferred_by": "Chủ tịch nước"},
            {"name": "Bằng khen của Ủy ban nhân dân tỉnh", "kind": "certificate"},
        )

    def test_refused_writes_leave_the_type_as_it_was(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.record.refresh_from_db()
        self.assertEqual((self.record.name, self.record.conferred_by), ("Bằng khen mẫu", ""))
        self.assertFalse(
            AwardType.all_objects.filter(
                name__in=["Huân chương Hữu nghị", "Bằng khen của Ủy ban nhân dân tỉnh"]
            ).exists()
        )
