"""The commit writes the rows its preview checked when nothing they were checked against has changed
(the same file, columns, user, unit, language and day, and the same records the rules read); any
change between the two, and the file is checked again."""

from unittest import mock

from django.test import TestCase
from django.utils import timezone, translation

from amity.aid import imports, tasks
from amity.aid.imports import ImportRejected, aid_import_commit, aid_import_preview
from amity.aid.models import AidDonor, AidImportJob, AidItem
from amity.aid.services import sectors_load
from amity.audit.models import ObjectChange
from amity.core.jobs import import_job_create
from amity.geo.models import AdminUnit
from amity.registry.models import Organisation
from amity.units.models import Membership
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item
from .test_import_rules import DECIDED, csv

ROWS = (
    "HP-1,Giếng nước,,Hands of Friendship,Hải Dương,,,,100,USD,01/03/2019,,,",
    "HP-2,Trường học,approved,Hands of Friendship,Hải Dương," + DECIDED + ",,,,,,",
)


class CheckedPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.admin = make_user("plan-admin", unit=cls.unit, role="admin")
        cls.donor = make_donor(cls.unit, "Hands of Friendship")

    def preview(self, content):
        with translation.override("en"):
            preview = aid_import_preview(user=self.admin, unit=self.unit, content=content, filename="list.csv")
        self.assertTrue(preview.ok, preview.errors)
        return preview

    def commit(self, content, checked):
        with translation.override("en"), mock.patch.object(imports, "read_preview", wraps=imports.read_preview) as read:
            result = aid_import_commit(
                actor=self.admin, unit=self.unit, content=content, filename="list.csv", checked=checked
            )
        return result, read.call_count

    def test_nothing_changed_the_checked_rows_are_written_without_reading_the_file_again(self):
        content = csv(*ROWS)
        preview, started = self.preview(content), timezone.now()
        result, reads = self.commit(content, preview)
        self.assertEqual((result.created, reads), (2, 0))
        items = {item.reference: item for item in AidItem.objects.filter(unit=self.unit)}
        self.assertEqual({ref: item.status for ref, item in items.items()}, {"HP-1": "proposed", "HP-2": "approved"})
        self.assertEqual(list(items["HP-1"].donors.all()), [self.donor])
        self.assertEqual(items["HP-1"].transactions.get().amount, 100)
        # every record and event in the change log, as when the file is checked again
        logged = ObjectChange.objects.filter(source="import").values_list("content_type__model", "action", "event")
        (logged_at,) = set(ObjectChange.objects.filter(source="import").values_list("time", flat=True))
        self.assertTrue(started <= logged_at <= timezone.now())  # the time written once for all, as it was
        self.assertEqual(
            sorted(logged),
            sorted(
                [("aiditem", "create", "")] * 2
                + [("aiddonor", "create", ""), ("aiddonor", "create", ""), ("aidtransaction", "create", "")]
                + [("aiditem", "event", "aid.appraisal"), ("aiditem", "event", "aid.approved")]
            ),
        )

    def test_a_donor_renamed_since_the_check_refuses_the_file_again(self):
        content = csv(*ROWS)
        preview = self.preview(content)
        self.donor.name = self.donor.name_original = "Friendship Hands"
        self.donor.save()
        with self.assertRaises(ImportRejected) as refused:
            self.commit(content, preview)
        self.assertEqual(
            refused.exception.preview.errors,
            [(2, "donors", "Unknown: Hands of Friendship."), (3, "donors", "Unknown: Hands of Friendship.")],
        )
        self.assertFalse(AidItem.objects.exists())

    def test_a_role_lowered_since_the_check_refuses_the_approval(self):
        content = csv(*ROWS)
        preview = self.preview(content)
        Membership.objects.filter(user=self.admin, unit=self.unit).update(role="editor")
        with self.assertRaises(ImportRejected) as refused:
            self.commit(content, preview)
        self.assertEqual([(row, column) for row, column, _m in refused.exception.preview.errors], [(3, "status")])
        self.assertFalse(AidItem.objects.exists())

    def test_an_item_added_on_screen_since_the_check_is_updated_not_doubled(self):
        content = csv(*ROWS)
        preview = self.preview(content)
        make_item(self.unit, "Giếng", reference="HP-1")
        result, reads = self.commit(content, preview)
        self.assertEqual((result.created, result.updated, reads), (1, 1, 1))
        self.assertEqual(AidItem.objects.get(reference="HP-1").title_vi, "Giếng nước")

    def test_an_item_the_file_does_not_name_changed_since_the_check_leaves_the_check_standing(self):
        """The check reads the unit's items the file names, not all of them: another item edited on
        screen in between (its status, its money, its donors) is nothing the rows were checked against."""
        other = make_item(self.unit, "Nhà văn hoá", reference="HP-9", status="proposed", committed=("50", "USD"))
        content = csv(*ROWS)
        preview = self.preview(content)
        AidItem.objects.filter(pk=other.pk).update(status="appraisal")
        other.transactions.update(amount=60)
        AidDonor.objects.create(item=other, organisation=self.donor)
        result, reads = self.commit(content, preview)
        self.assertEqual((result.created, result.updated, reads), (2, 0, 0))

    def test_records_the_file_does_not_name_changed_since_the_check_leave_it_standing(self):
        """The check reads the organisations and places the file's cells can name, not every one the
        user may see: another donor renamed, a donor added under another name and a province the
        file does not name renamed in between are nothing the rows were checked against."""
        other = make_donor(self.unit, "Friends of Wells")
        content = csv(*ROWS)
        preview = self.preview(content)
        other.name = "Friends of Schools"
        other.save()
        make_donor(self.unit, "Newcomers")
        AdminUnit.objects.filter(full_name="Tỉnh Bắc Giang").update(full_name="Tỉnh Bắc Giang cũ")
        result, reads = self.commit(content, preview)
        self.assertEqual((result.created, reads), (2, 0))

    def test_a_donor_added_since_the_check_under_a_name_the_file_gives_refuses_the_file(self):
        content = csv(*ROWS)
        preview = self.preview(content)
        make_donor(self.unit, "Hands of friendship")
        with self.assertRaises(ImportRejected) as refused:
            self.commit(content, preview)
        message = "Hands of Friendship matches several records."
        self.assertEqual(refused.exception.preview.errors, [(2, "donors", message), (3, "donors", message)])

    def test_names_their_search_name_does_not_hold_are_looked_up_among_all(self):
        """A donor is found by a name its search name does not hold (one cut at the column's length), and
        a place by a full name that does not end with its name: such a name is looked up among all the
        organisations the user may see and all places, as every name was."""
        Organisation.objects.filter(pk=self.donor.pk).update(search_name="")
        AdminUnit.objects.filter(full_name="Tỉnh Hải Dương").update(full_name="Xứ Đông")
        content = csv(*(row.replace("Hải Dương", "Xứ Đông") for row in ROWS))
        preview = self.preview(content)
        self.assertEqual([row.values["donors"] for row in preview.rows], [(self.donor,), (self.donor,)])
        self.assertEqual([place.name for place in preview.rows[0].values["locations"]], ["Hải Dương"])
        result, reads = self.commit(content, preview)
        self.assertEqual((result.created, reads), (2, 0))

    def test_another_file_is_checked_itself(self):
        preview = self.preview(csv(*ROWS))
        result, reads = self.commit(csv(ROWS[0]), preview)
        self.assertEqual((result.created, reads), (1, 1))
        self.assertEqual(list(AidItem.objects.values_list("reference", flat=True)), ["HP-1"])

    def test_a_job_commits_its_checked_rows_unless_a_record_changed_in_between(self):
        for rename, status in ((False, AidImportJob.Status.DONE), (True, AidImportJob.Status.FAILED)):
            unit = self.u["bac_ninh"] if rename else self.unit
            Membership.objects.get_or_create(user=self.admin, unit=unit, defaults={"role": "admin"})
            donor = make_donor(unit, f"Donor of {unit.pk}")
            content = csv(ROWS[0].replace("Hands of Friendship", donor.name))
            job = import_job_create(
                model=AidImportJob, actor=self.admin, unit=unit, filename="list.csv", content=content
            )
            with mock.patch.object(imports, "read_preview", wraps=imports.read_preview) as read:
                self.assertEqual(tasks.check_aid_import.call(job.pk), AidImportJob.Status.CHECKED)
                if rename:
                    donor.name = donor.name_original = "Renamed"
                    donor.save()
                AidImportJob.objects.filter(pk=job.pk).update(status=AidImportJob.Status.QUEUED)
                self.assertEqual(tasks.commit_aid_import.call(job.pk), status)
            self.assertEqual(read.call_count, 2 if rename else 1)
            job.refresh_from_db()
            self.assertEqual(AidItem.objects.filter(unit=unit).count(), 0 if rename else 1)
            if rename:
                self.assertEqual([e[:2] for e in job.report["errors"]], [[2, "donors"]])
