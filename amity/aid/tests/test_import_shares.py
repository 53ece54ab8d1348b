"""Donors' shares in the import: a cell may give them ("KOICA 60%; JICA 40%"); a row whose shares are
mixed or add up to more than 100%, or a re-import that adds share-less donors beside donors that
have one, is a row error and nothing is written. Figures name the items whose shares are mixed."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.aid.imports import ImportRejected, aid_import_commit, aid_import_preview
from amity.aid.models import AidDonor
from amity.aid.selectors import aid_figures
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

HEADER = "reference,title_vi,status,donors,committed_amount,committed_currency,committed_date\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


class ImportShareTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("is-hp-editor", unit=cls.unit)
        for name in ("Hands of Friendship", "Peace Fund", "Green Village"):
            make_donor(cls.unit, name)

    def preview(self, content):
        return aid_import_preview(user=self.editor, unit=self.unit, content=content, filename="a.csv")

    def commit(self, content):
        return aid_import_commit(actor=self.editor, unit=self.unit, content=content, filename="a.csv")

    def shares(self, reference):
        links = AidDonor.objects.filter(item__reference=reference, item__unit=self.unit)
        return {link.organisation.name: link.share for link in links}

    def test_mixed_or_excessive_shares_on_a_row_are_row_errors(self):
        preview = self.preview(
            csv(
                'HP-1,Giếng nước,proposed,"Hands of Friendship 60%; Peace Fund",1000,USD,01/06/2024',
                'HP-2,Trường học,proposed,"Hands of Friendship (70%); Peace Fund: 40%",1000,USD,01/06/2024',
                'HP-3,Nhà tình nghĩa,proposed,"Hands of Friendship 60%; Peace Fund 40%",1000,USD,01/06/2024',
            )
        )
        rows = {(row, column) for row, column, _m in preview.errors}
        self.assertEqual(rows, {(2, "donors"), (3, "donors")})
        self.assertIn("110%", next(m for row, _c, m in preview.errors if row == 3))
        with self.assertRaises(ImportRejected):
            self.commit(csv('HP-1,Giếng nước,proposed,"Hands of Friendship 60%; Peace Fund",1000,USD,01/06/2024'))
        self.assertFalse(AidDonor.objects.filter(item__unit=self.unit).exists())

    def test_shares_are_written_and_a_reimport_may_not_mix_them(self):
        self.commit(csv('HP-1,Giếng nước,proposed,"Hands of Friendship 60%; Peace Fund 40%",1000,USD,01/06/2024'))
        self.assertEqual(self.shares("HP-1"), {"Hands of Friendship": Decimal("60"), "Peace Fund": Decimal("40")})
        # the same donors without shares: the item keeps its shares, nothing changes
        result = self.commit(csv('HP-1,Giếng nước,proposed,"Hands of Friendship; Peace Fund",1000,USD,01/06/2024'))
        self.assertEqual((result.updated, result.unchanged), (0, 1))
        self.assertEqual(self.shares("HP-1"), {"Hands of Friendship": Decimal("60"), "Peace Fund": Decimal("40")})
        # a third donor without a share would leave the item's shares mixed
        added = csv('HP-1,Giếng nước,proposed,"Hands of Friendship; Peace Fund; Green Village",1000,USD,01/06/2024')
        self.assertEqual([(r, c) for r, c, _m in self.preview(added).errors], [(2, "donors")])
        with self.assertRaises(ImportRejected):
            self.commit(added)
        self.assertEqual(len(self.shares("HP-1")), 2)
        # with every share given it is taken, and the old shares are replaced
        self.commit(
            csv(
                'HP-1,Giếng nước,proposed,"Hands of Friendship 50%; Peace Fund 30%; Green Village 20%",1000,USD,01/06/2024'
            )
        )
        self.assertEqual(
            self.shares("HP-1"),
            {"Hands of Friendship": Decimal("50"), "Peace Fund": Decimal("30"), "Green Village": Decimal("20")},
        )

    def test_figures_name_the_items_whose_shares_are_mixed(self):
        a, b = make_donor(self.unit, "Donor A"), make_donor(self.unit, "Donor B")
        mixed = make_item(self.unit, "Cầu dân sinh", reference="HP-9", donors=[a], committed=("1000", "USD"))
        AidDonor.objects.bulk_create([AidDonor(item=mixed, organisation=b, share=None)])  # older data
        AidDonor.objects.filter(item=mixed, organisation=a).update(share=Decimal("80"))
        make_item(self.unit, "Bếp ăn", donors=[(a, Decimal("50")), (b, Decimal("50"))], committed=("100", "USD"))
        figures = aid_figures(user=self.editor, unit=self.unit)
        self.assertEqual(figures.mixed_shares, [{"item": mixed.pk, "title": "Cầu dân sinh", "reference": "HP-9"}])
        by_donor = {row.label: row.committed for row in figures.by_donor}
        self.assertEqual(by_donor, {"Donor A": Decimal("550.00"), "Donor B": Decimal("550.00")})
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:figures"), {"unit": self.unit.pk, "start": "2020-01-01"}).content.decode()
        self.assertIn('data-figure="mixed-shares"', page)
        self.assertIn(reverse("aid:aiditem_detail", args=[mixed.pk]), page)
