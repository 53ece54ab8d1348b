"""Aid records are invisible and untouchable outside their province, through screens, API and figures."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidDocument, AidDonor, AidItem, AidTransaction
from amity.core.testing import APIClient
from amity.units.testing import ScopeMatrixMixin

from .factories import make_donor, make_item


class AidItemScopeTests(ScopeMatrixMixin, TestCase):
    model = AidItem
    ui, api = "aid:aiditem", "aid-api:aiditem"

    @classmethod
    def make(cls, unit, label):
        return make_item(unit, label, committed=("1000", "USD"), decided=date(2021, 3, 1))

    def test_figures_transition_and_iati_stay_inside_the_province(self):
        api = APIClient()
        api.force_authenticate(self.hp_user)
        self.assertEqual(api.get("/api/aid/items/figures/", {"unit": self.u["bac_ninh"].pk}).status_code, 404)
        figures = api.get("/api/aid/items/figures/", {"start": "2018-01-01", "end": "2023-12-31"}).json()
        self.assertEqual((figures["items"], figures["committed"]), (1, "1000.00"))
        self.client.force_login(self.hp_user)
        self.assertEqual(self.client.get(reverse("aid:figures"), {"unit": self.u["bac_ninh"].pk}).status_code, 404)
        self.assertEqual(self.client.get(reverse("aid:aiditem_transition", args=[self.bg_obj.pk])).status_code, 404)
        response = api.post(f"/api/aid/items/{self.bg_obj.pk}/transition/", {"to_status": "closed"}, format="json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(api.get(f"/api/aid/items/{self.bg_obj.pk}/transitions/").status_code, 404)
        xml = self.client.get(reverse("aid:iati_export")).content.decode()
        self.assertIn("Scope HP record", xml)
        self.assertNotIn("Scope BG record", xml)
        self.assert_untouched(self.bg_obj)

    def test_iati_export_is_logged_for_the_province_whose_items_it_held(self):
        """A user with roles in two provinces exports Hải Phòng's items: Bắc Ninh's auditors are not told."""
        from amity.audit.models import ExportLog
        from amity.units.models import Membership
        from amity.units.testing import make_user

        user = make_user("scope-two-provinces", unit=self.u["hai_phong"])
        Membership.objects.create(user=user, unit=self.u["bac_ninh"], role="viewer")
        self.client.force_login(user)
        response = self.client.get(reverse("aid:iati_export"), {"q": "Scope HP"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Scope BG record", response.content.decode())
        log = ExportLog.objects.get(actor=user, format="iati-xml")
        self.assertEqual(set(log.units.all()), {self.u["hai_phong"]})

    def test_figures_page_offers_only_visible_units_and_the_central_union_picks_a_province(self):
        from amity.units.testing import make_user

        self.client.force_login(self.hp_user)
        units = self.client.get(reverse("aid:figures")).context["form"].fields["unit"].queryset
        self.assertEqual(set(units), {self.u["hai_phong"], self.u["hp_laos"]})
        self.client.force_login(make_user("scope-vufo-2", unit=self.u["vufo"]))
        term = {"start": "2018-01-01", "end": "2023-12-31"}
        national = self.client.get(reverse("aid:figures"), term)
        self.assertContains(national, 'data-figure="items">3<')
        one = self.client.get(reverse("aid:figures"), {**term, "unit": self.u["bac_ninh"].pk})
        self.assertContains(one, 'data-figure="items">2<')  # Bắc Ninh with what Bắc Giang recorded
        self.assertEqual(one.context["unit"], self.u["bac_ninh"])

    def test_a_reversed_period_is_refused_with_the_field_named(self):
        self.client.force_login(self.hp_user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(reverse("aid:figures"), {"start": "2023-12-31", "end": "2018-01-01"})
        self.assertContains(page, 'data-error="end">Until: The end of the period is before its start.<')
        api = APIClient()
        api.force_authenticate(self.hp_user)
        response = api.get("/api/aid/items/figures/", {"start": "2023-12-31", "end": "2018-01-01"})
        self.assertEqual((response.status_code, list(response.json())), (400, ["end"]))

    def test_the_central_union_adds_up_every_province(self):
        from amity.aid.selectors import aid_figures
        from amity.units.testing import make_user

        vufo = make_user("scope-vufo", unit=self.u["vufo"])
        figures = aid_figures(user=vufo, unit=self.u["vufo"], start=date(2018, 1, 1), end=date(2023, 12, 31))
        self.assertEqual((figures.items, str(figures.committed)), (3, "3000.00"))
        by_union = {row.label: row.items for row in figures.by_unit}
        self.assertEqual(by_union, {"Hải Phòng": 1, "Bắc Ninh": 2})  # Bắc Giang's item rolls into Bắc Ninh


class AidTransactionScopeTests(ScopeMatrixMixin, TestCase):
    model = AidTransaction
    ui, api = "aid:aidtransaction", "aid-api:aidtransaction"

    @classmethod
    def make(cls, unit, label):
        item = make_item(unit, f"Item of {label}")
        return AidTransaction.objects.create(
            item=item, kind="commitment", amount=100, currency="USD", date=date(2021, 1, 1), description=label
        )

    def test_money_cannot_be_recorded_on_another_provinces_item(self):
        api = APIClient()
        api.force_authenticate(self.hp_user)
        data = {
            "item": self.bg_obj.item_id,
            "kind": "commitment",
            "amount": "5",
            "currency": "USD",
            "date": "2021-01-02",
        }
        response = api.post("/api/aid/transactions/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("item", response.json())
        self.client.force_login(self.hp_user)
        response = self.client.post(reverse("aid:aidtransaction_add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(AidTransaction.objects.filter(item=self.bg_obj.item_id).count(), 1)


class AidDonorScopeTests(ScopeMatrixMixin, TestCase):
    model = AidDonor
    ui, api = "aid:aiddonor", "aid-api:aiddonor"

    @classmethod
    def make(cls, unit, label):
        return AidDonor.objects.create(item=make_item(unit, label), organisation=make_donor(unit, f"Donor {label}"))


class AidDocumentScopeTests(ScopeMatrixMixin, TestCase):
    model = AidDocument
    ui, api = "aid:aiddocument", "aid-api:aiddocument"

    @classmethod
    def make(cls, unit, label):
        return AidDocument.objects.create(item=make_item(unit, f"Item of {label}"), title=label)
