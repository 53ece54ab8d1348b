"""Money entry: the currency is chosen from the IATI Currency list (common ones first), and donors'
shares are all given (at most 100%) or none, on the screens and in the API alike."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidDonor, AidTransaction
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item


class CurrencySelectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("mf-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.item = make_item(cls.u["hai_phong"], "Học bổng cho trẻ em", status="proposed")

    def post(self, currency: str):
        data = {
            "item": self.item.pk,
            "kind": "commitment",
            "date": "2024-03-01",
            "amount": "1500",
            "currency": currency,
        }
        return self.client.post(reverse("aid:aidtransaction_add"), data)

    def test_form_offers_the_common_currencies_first_named_in_the_user_language(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:aidtransaction_add"), {"item": self.item.pk}, HTTP_ACCEPT_LANGUAGE="vi")
        choices = page.context["form"].fields["currency"].choices
        common, everything = choices[1][1], choices[2][1]
        self.assertEqual([code for code, _label in common[:6]], ["VND", "USD", "EUR", "JPY", "KRW", "CNY"])
        self.assertEqual(dict(common)["VND"], "VND – Đồng Việt Nam")
        self.assertIn("MRO", dict(everything))  # withdrawn codes stay for old records, marked as such
        self.assertEqual(len(common) + len(everything), 176)  # the whole IATI list, once
        self.assertContains(page, '<option value="VND">VND – Đồng Việt Nam</option>', html=True)

    def test_form_refuses_a_code_not_on_the_list_and_saves_a_listed_one(self):
        self.client.force_login(self.editor)
        for bad in ("XYZ", "usd", "US"):
            response = self.post(bad)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("currency", response.context["form"].errors)
        self.assertFalse(AidTransaction.objects.exists())
        response = self.post("JPY")
        self.assertRedirects(response, self.item.get_absolute_url())
        self.assertEqual(AidTransaction.objects.get().currency, "JPY")

    def test_api_refuses_the_same_codes_with_a_field_error(self):
        api = APIClient()
        api.force_authenticate(self.editor)
        for bad in ("XYZ", "usd"):
            response = api.post(
                "/api/aid/transactions/",
                {"item": self.item.pk, "kind": "commitment", "date": "2024-03-01", "amount": "10", "currency": bad},
                format="json",
            )
            self.assertEqual((response.status_code, list(response.json())), (400, ["currency"]), bad)
        self.assertFalse(AidTransaction.objects.exists())


class DonorShareTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("mf-share-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.bn_editor = make_user("mf-bn-editor", unit=cls.u["bac_ninh"], role=Role.EDITOR)
        cls.a = make_donor(cls.u["hai_phong"], "Friends of Vietnam")
        cls.b = make_donor(cls.u["hai_phong"], "Heart to Heart")
        cls.c = make_donor(cls.u["hai_phong"], "Kinderhilfe")

    def api(self, user=None) -> APIClient:
        client = APIClient()
        client.force_authenticate(user or self.editor)
        return client

    def shares(self, item) -> dict:
        return dict(item.donor_links.values_list("organisation__name", "share"))

    def test_a_donor_without_share_beside_donors_with_one_is_refused_form_and_api(self):
        item = make_item(self.u["hai_phong"], "Nước sạch", donors=[(self.a, Decimal("60"))])
        self.client.force_login(self.editor)
        response = self.client.post(reverse("aid:aiddonor_add"), {"item": item.pk, "organisation": self.b.pk})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.context["form"].errors), ["share"])
        response = self.api().post("/api/aid/donors/", {"item": item.pk, "organisation": self.b.pk}, format="json")
        self.assertEqual((response.status_code, list(response.json())), (400, ["share"]))
        self.assertEqual(self.shares(item), {"Friends of Vietnam": Decimal("60.00")})
        # with its share, and at most 100% together
        response = self.api().post(
            "/api/aid/donors/", {"item": item.pk, "organisation": self.b.pk, "share": "50"}, format="json"
        )
        self.assertEqual((response.status_code, list(response.json())), (400, ["share"]))
        response = self.api().post(
            "/api/aid/donors/", {"item": item.pk, "organisation": self.b.pk, "share": "40"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_a_share_beside_donors_without_one_is_refused(self):
        item = make_item(self.u["hai_phong"], "Nhà tình thương", donors=[self.a, self.b])
        link = item.donor_links.get(organisation=self.a)
        response = self.api().patch(f"/api/aid/donors/{link.pk}/", {"share": "70"}, format="json")
        self.assertEqual((response.status_code, list(response.json())), (400, ["share"]))
        self.assertEqual(self.shares(item), {"Friends of Vietnam": None, "Heart to Heart": None})

    def test_all_shares_are_set_at_once_on_the_item_screen_and_audited(self):
        item = make_item(self.u["hai_phong"], "Học bổng", donors=[self.a, self.b, self.c])
        links = {link.organisation.name: link for link in item.donor_links.select_related("organisation")}
        url = reverse("aid:aiditem_shares", args=[item.pk])
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(item.get_absolute_url()), url)
        field = {name: f"share_{link.pk}" for name, link in links.items()}
        mixed = {field["Friends of Vietnam"]: "50", field["Heart to Heart"]: "50", field["Kinderhilfe"]: ""}
        response = self.client.post(url, mixed)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(response.context["form"].non_field_errors()), 1)
        over = {**mixed, field["Kinderhilfe"]: "10"}
        self.assertEqual(self.client.post(url, over).status_code, 400)
        self.assertEqual(set(self.shares(item).values()), {None})
        response = self.client.post(url, {**mixed, field["Kinderhilfe"]: "0"})
        self.assertRedirects(response, item.get_absolute_url())
        self.assertEqual(
            self.shares(item),
            {
                "Friends of Vietnam": Decimal("50.00"),
                "Heart to Heart": Decimal("50.00"),
                "Kinderhilfe": Decimal("0.00"),
            },
        )
        self.assertEqual(
            ObjectChange.objects.filter(content_type__model="aiddonor", action="update", actor=self.editor).count(), 3
        )
        # and back to equal shares: all empty
        self.assertRedirects(self.client.post(url, {name: "" for name in field.values()}), item.get_absolute_url())
        self.assertEqual(set(self.shares(item).values()), {None})

    def test_api_sets_all_shares_at_once_and_refuses_a_mixed_set(self):
        item = make_item(self.u["hai_phong"], "Bếp ăn", donors=[self.a, self.b])
        first, second = item.donor_links.order_by("pk")
        url = f"/api/aid/items/{item.pk}/donor-shares/"
        response = self.api().post(url, {"shares": {str(first.pk): "70", str(second.pk): None}}, format="json")
        self.assertEqual((response.status_code, list(response.json())), (400, ["share"]))
        response = self.api().post(url, {"shares": {str(first.pk): "70", str(second.pk): "30"}}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual([row["share"] for row in response.json()], ["70.00", "30.00"])
        # another province's item is not found; a link of another item is refused
        other = make_item(self.u["hai_phong"], "Khác", donors=[self.c])
        response = self.api().post(url, {"shares": {str(other.donor_links.get().pk): "10"}}, format="json")
        self.assertEqual(response.status_code, 400)
        response = self.api(self.bn_editor).post(
            url, {"shares": {str(first.pk): None, str(second.pk): None}}, format="json"
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.shares(item), {"Friends of Vietnam": Decimal("70.00"), "Heart to Heart": Decimal("30.00")}
        )
        self.assertEqual(AidDonor.objects.filter(item=other).get().share, None)
