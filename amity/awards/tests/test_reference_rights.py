"""Who writes an award type: the central union the national ones (VUFO's certificate of merit, the
medal "For Peace and Friendship among Nations"), a province's administrators the province's own
(the provincial People's Committee's certificate of merit); everyone reads them all."""

from datetime import date

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.awards.forms import NATIONAL_REFUSED
from amity.awards.models import Award, AwardType, Decision
from amity.awards.selectors import award_counts
from amity.core.roles import Role, UnitKind
from amity.core.testing import APIClient
from amity.registry.models import Person
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user

PROVINCE_CERTIFICATE = "Bằng khen của Ủy ban nhân dân tỉnh"


def nomination_data(unit, award_type, person, *, proposer: str) -> dict:
    return {
        "unit": unit.pk,
        "award_type": award_type.pk,
        "person": person.pk,
        "origin": "vietnamese",
        "proposer": proposer,
        "proposed_on": "2025-08-01",
        "reason": "Đóng góp",
    }


class AwardTypeRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.national = AwardType.objects.get(kind="certificate")  # VUFO's, seeded by the migration
        cls.bn_type = AwardType.objects.create(unit=cls.u["bac_ninh"], name=PROVINCE_CERTIFICATE, kind="certificate")
        cls.central_admin = make_user("at-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.central_editor = make_user("at-vufo-editor", unit=cls.u["vufo"], role=Role.EDITOR)
        cls.hp_admin = make_user("at-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.hp_editor = make_user("at-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.association_admin = make_user("at-bg-japan-admin", unit=cls.u["bg_japan"], role=Role.ADMIN)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def screen_data(self, award_type=None, **values) -> dict:
        data = {"name": "Huy hiệu tỉnh", "kind": "badge", "conferred_by": "", "description": ""}
        if award_type is not None:
            data = {
                "unit": award_type.unit_id or "",
                "name": award_type.name,
                "kind": award_type.kind,
                "conferred_by": award_type.conferred_by,
                "description": award_type.description,
                "version": award_type.version,
            }
        return {**data, **values}

    def assert_reads_but_cannot_write(self, user, award_type):
        before = AwardType.all_objects.get(pk=award_type.pk)
        client = self.api(user)
        self.assertEqual(client.get(f"/api/awards/types/{award_type.pk}/").status_code, 200)
        for method in ("put", "patch", "delete"):
            with self.subTest(user=user.username, method=method):
                response = getattr(client, method)(
                    f"/api/awards/types/{award_type.pk}/", {"name": "Sửa trái phép", "kind": "badge"}, format="json"
                )
                self.assertEqual(response.status_code, 404)
        self.client.force_login(user)
        detail = self.client.get(reverse("awards:awardtype_detail", args=[award_type.pk]))
        self.assertEqual((detail.status_code, detail.context["can_change"]), (200, False))
        for method, view in [("get", "edit"), ("post", "edit"), ("post", "delete")]:
            with self.subTest(user=user.username, method=method, view=view):
                data = self.screen_data(award_type, name="Sửa trái phép") if method == "post" else {}
                url = reverse(f"awards:awardtype_{view}", args=[award_type.pk])
                self.assertEqual(getattr(self.client, method)(url, data).status_code, 404)
        after = AwardType.all_objects.get(pk=award_type.pk)
        self.assertEqual((after.name, after.version, after.deleted_at), (before.name, before.version, None))

    def test_everyone_reads_national_and_provincial_types(self):
        for user in (self.hp_editor, self.association_admin, self.central_editor):
            with self.subTest(user=user.username):
                names = {
                    row["name"] for row in self.api(user).get("/api/awards/types/?page_size=100").json()["results"]
                }
                self.assertLessEqual({self.national.name, PROVINCE_CERTIFICATE}, names)
        response = self.api(self.hp_editor).get("/api/awards/types/", {"national": "false"})
        self.assertEqual([row["id"] for row in response.json()["results"]], [self.bn_type.pk])

    def test_nobody_but_a_central_administrator_creates_a_national_type(self):
        count = AwardType.all_objects.count()
        data = {"name": "Huân chương giả", "kind": "medal"}
        for user in (self.hp_admin, self.association_admin):
            for payload in (data, {**data, "unit": None}):
                with self.subTest(user=user.username, payload=payload):
                    response = self.api(user).post("/api/awards/types/", payload, format="json")
                    self.assertEqual(response.status_code, 400, response.content)
                    with translation.override("vi"):
                        self.assertEqual(response.json()["unit"], [str(NATIONAL_REFUSED)])
            self.client.force_login(user)
            form = self.client.get(reverse("awards:awardtype_add")).context["form"]
            self.assertNotIn("", [str(value) for value, _label in form.fields["unit"].choices])
            response = self.client.post(reverse("awards:awardtype_add"), self.screen_data(unit=""))
            self.assertEqual(response.status_code, 400)
            self.assertIn("unit", response.context["form"].errors)
        self.assertEqual(AwardType.all_objects.count(), count)

    def test_editors_do_not_write_award_types_even_their_provinces(self):
        own = AwardType.objects.create(unit=self.u["hai_phong"], name=PROVINCE_CERTIFICATE, kind="certificate")
        response = self.api(self.hp_editor).post(
            "/api/awards/types/", {"name": "Huy hiệu", "kind": "badge", "unit": self.u["hai_phong"].pk}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.hp_editor)
        self.assertEqual(self.client.get(reverse("awards:awardtype_add")).status_code, 403)
        self.assert_reads_but_cannot_write(self.hp_editor, own)
        self.assert_reads_but_cannot_write(self.central_editor, self.national)

    def test_province_administrator_adds_and_edits_its_own_type(self):
        response = self.api(self.hp_admin).post(
            "/api/awards/types/",
            {"name": PROVINCE_CERTIFICATE, "kind": "certificate", "unit": self.u["hai_phong"].pk},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)  # Bắc Ninh's has the same name: allowed
        own = AwardType.objects.get(pk=response.json()["id"])
        self.assertEqual(own.unit, self.u["hai_phong"])
        again = self.api(self.hp_admin).post(
            "/api/awards/types/",
            {"name": PROVINCE_CERTIFICATE, "kind": "certificate", "unit": self.u["hai_phong"].pk},
            format="json",
        )
        self.assertEqual(again.status_code, 400)  # but not twice in one union
        patched = self.api(self.hp_admin).patch(
            f"/api/awards/types/{own.pk}/", {"conferred_by": "Chủ tịch UBND TP Hải Phòng"}, format="json"
        )
        self.assertEqual(patched.status_code, 200, patched.content)
        made_national = self.api(self.hp_admin).patch(f"/api/awards/types/{own.pk}/", {"unit": None}, format="json")
        self.assertEqual(made_national.status_code, 400)
        self.client.force_login(self.hp_admin)
        form = self.client.get(reverse("awards:awardtype_add")).context["form"]
        self.assertEqual(
            [value for value, _label in form.fields["unit"].choices], [self.u["hai_phong"].pk, self.u["hp_laos"].pk]
        )
        response = self.client.post(reverse("awards:awardtype_add"), self.screen_data(unit=self.u["hai_phong"].pk))
        self.assertEqual(response.status_code, 302)
        badge = AwardType.objects.get(name="Huy hiệu tỉnh")
        own.refresh_from_db()
        response = self.client.post(
            reverse("awards:awardtype_edit", args=[own.pk]), self.screen_data(own, description="Theo Luật Thi đua")
        )
        self.assertEqual(response.status_code, 302)
        own.refresh_from_db()
        self.assertEqual(
            (own.unit, own.conferred_by, own.description, badge.unit),
            (self.u["hai_phong"], "Chủ tịch UBND TP Hải Phòng", "Theo Luật Thi đua", self.u["hai_phong"]),
        )

    def test_province_administrator_cannot_edit_a_national_type_or_another_provinces(self):
        self.assert_reads_but_cannot_write(self.hp_admin, self.national)
        self.assert_reads_but_cannot_write(self.hp_admin, self.bn_type)
        self.assert_reads_but_cannot_write(self.association_admin, self.bn_type)  # Bắc Giang's is not Bắc Ninh's

    def test_central_administrator_writes_national_types_and_is_offered_national(self):
        self.client.force_login(self.central_admin)
        form = self.client.get(reverse("awards:awardtype_add")).context["form"]
        self.assertEqual(form.fields["unit"].choices.field.empty_label, form.national_label)
        response = self.api(self.central_admin).post(
            "/api/awards/types/", {"name": "Huân chương Hữu nghị", "kind": "medal", "unit": None}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIsNone(AwardType.objects.get(name="Huân chương Hữu nghị").unit)
        patched = self.api(self.central_admin).patch(
            f"/api/awards/types/{self.national.pk}/", {"conferred_by": "LHHN Việt Nam"}, format="json"
        )
        self.assertEqual(patched.status_code, 200)


class AwardFiguresByOwnTypeTests(TestCase):
    """Two provinces' certificates of the same name count apart, each with its union's name."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("fig-vufo", unit=cls.u["vufo"], role=Role.VIEWER)
        cls.hp = make_user("fig-hp", unit=cls.u["hai_phong"], role=Role.VIEWER)
        national = AwardType.objects.get(kind="certificate")
        for key, own_count, national_count in (("hai_phong", 3, 1), ("bac_ninh", 2, 0)):
            unit = cls.u[key]
            own = AwardType.objects.create(unit=unit, name=PROVINCE_CERTIFICATE, kind="certificate")
            for award_type, count in ((own, own_count), (national, national_count)):
                decision = Decision.objects.create(
                    unit=unit,
                    award_type=award_type,
                    number=f"{key}-{award_type.pk}/QĐ",
                    decided_on=date(2024, 5, 1),
                    issuing_body="UBND",
                )
                for i in range(count):
                    person = Person.objects.create(unit=unit, full_name=f"Người {key} {award_type.pk} {i}")
                    Award.objects.create(decision=decision, person=person, origin="vietnamese")

    def test_national_figures_keep_each_provinces_type_apart(self):
        hp_name, bn_name = (f"{PROVINCE_CERTIFICATE} ({self.u[k].name})" for k in ("hai_phong", "bac_ninh"))
        national = AwardType.objects.get(kind="certificate", unit=None).name
        counts = award_counts(user=self.central)
        self.assertEqual(counts["by_type"], [(hp_name, 3), (bn_name, 2), (national, 1)])
        self.assertEqual(
            [(name, cells["individual"], n) for name, cells, n in counts["by_type_and_kind"]][0], (hp_name, 3, 3)
        )
        self.assertEqual(award_counts(user=self.hp)["by_type"], [(hp_name, 3), (national, 1)])
        response = APIClient()
        response.force_authenticate(self.central)
        body = response.get("/api/awards/counts/").json()
        self.assertEqual([(row["award_type"], row["count"]) for row in body["by_type"]], counts["by_type"])


class ProvincialTypeUseTests(TestCase):
    """A union's own award type is conferred and proposed in that union's subtree only."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.hp_editor = make_user("use-hp", unit=cls.u["hai_phong"])
        cls.laos_editor = make_user("use-hp-laos", unit=cls.u["hp_laos"])
        cls.national = AwardType.objects.get(kind="certificate")
        cls.hp_type = AwardType.objects.create(unit=cls.u["hai_phong"], name=PROVINCE_CERTIFICATE, kind="certificate")
        cls.bn_type = AwardType.objects.create(unit=cls.u["bac_ninh"], name=PROVINCE_CERTIFICATE, kind="certificate")

    def decision_data(self, award_type, unit) -> dict:
        return {
            "unit": unit.pk,
            "award_type": award_type.pk,
            "number": f"{award_type.pk}-{unit.pk}/QĐ",
            "decided_on": "2024-05-01",
            "issuing_body": "UBND",
        }

    def test_forms_offer_national_types_and_the_users_unions_own(self):
        for user, expected in (
            (self.hp_editor, {self.national, self.hp_type}),
            (self.laos_editor, {self.national, self.hp_type}),
        ):
            self.client.force_login(user)
            for view in ("awards:decision_add", "awards:nomination_add"):
                with self.subTest(user=user.username, view=view):
                    queryset = self.client.get(reverse(view)).context["form"].fields["award_type"].queryset
                    self.assertLessEqual(expected, set(queryset))
                    self.assertNotIn(self.bn_type, set(queryset))

    def test_another_unions_type_is_refused_in_a_decision_and_a_nomination(self):
        client = APIClient()
        client.force_authenticate(self.hp_editor)
        refused = client.post(
            "/api/awards/decisions/", self.decision_data(self.bn_type, self.u["hai_phong"]), format="json"
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("award_type", refused.json())
        self.assertFalse(Decision.objects.filter(award_type=self.bn_type).exists())
        for award_type, unit in (
            (self.hp_type, self.u["hai_phong"]),
            (self.hp_type, self.u["hp_laos"]),
            (self.national, self.u["hai_phong"]),
        ):
            with self.subTest(award_type=str(award_type), unit=str(unit)):
                response = client.post("/api/awards/decisions/", self.decision_data(award_type, unit), format="json")
                self.assertEqual(response.status_code, 201, response.content)
        person = Person.objects.create(unit=self.u["hai_phong"], full_name="Trần Văn B")
        nomination = nomination_data(self.u["hai_phong"], self.bn_type, person, proposer="LHHN TP Hải Phòng")
        response = client.post("/api/awards/nominations/", nomination, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("award_type", response.json())


class MergedUnionTypeUseTests(TestCase):
    """The Bắc Giang union merged into the Bắc Ninh union (1 July 2025): Bắc Ninh and its subtree
    confer and propose the former union's own award types, as they hold its records; Hải Phòng
    still may not, and a merged union does not take its successor's types."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.bn_assoc = Unit.objects.create(
            name="Hội hữu nghị Việt Nam – Hàn Quốc tỉnh Bắc Ninh", kind=UnitKind.ASSOCIATION, parent=cls.u["bac_ninh"]
        )
        cls.older = Unit.objects.create(  # merged into Bắc Giang before Bắc Giang merged into Bắc Ninh
            name="Hội hữu nghị Việt Nam – Lào huyện Lục Nam", kind=UnitKind.ASSOCIATION, successor=cls.u["bac_giang"]
        )
        cls.bg_type = AwardType.objects.create(
            unit=cls.u["bac_giang"], name="Bằng khen UBND tỉnh Bắc Giang", kind="certificate"
        )
        cls.older_type = AwardType.objects.create(unit=cls.older, name="Giấy khen Lục Nam", kind="certificate")
        cls.bn_type = AwardType.objects.create(unit=cls.u["bac_ninh"], name=PROVINCE_CERTIFICATE, kind="certificate")
        cls.bn_editor = make_user("merged-bn", unit=cls.u["bac_ninh"])
        cls.bn_assoc_editor = make_user("merged-bn-assoc", unit=cls.bn_assoc)
        cls.hp_editor = make_user("merged-hp", unit=cls.u["hai_phong"])

    def post_decision(self, user, award_type, unit):
        client = APIClient()
        client.force_authenticate(user)
        data = {
            "unit": unit.pk,
            "award_type": award_type.pk,
            "number": f"{award_type.pk}-{unit.pk}/QĐ-UBND",
            "decided_on": "2025-09-02",
            "issuing_body": "UBND tỉnh",
        }
        return client.post("/api/awards/decisions/", data, format="json")

    def test_successor_union_and_its_subtree_confer_the_merged_unions_types(self):
        for user, award_type, unit in (
            (self.bn_editor, self.bg_type, self.u["bac_ninh"]),
            (self.bn_editor, self.older_type, self.u["bac_ninh"]),
            (self.bn_assoc_editor, self.bg_type, self.bn_assoc),
            (self.bn_assoc_editor, self.older_type, self.bn_assoc),
            (self.bn_editor, self.bg_type, self.u["bac_giang"]),  # the old union's own records, as before
        ):
            with self.subTest(user=user.username, award_type=award_type.name, unit=unit.name):
                response = self.post_decision(user, award_type, unit)
                self.assertEqual(response.status_code, 201, response.content)
                self.assertTrue(Decision.objects.filter(award_type=award_type, unit=unit).exists())

    def test_successor_union_proposes_the_merged_unions_type(self):
        client = APIClient()
        client.force_authenticate(self.bn_editor)
        person = Person.objects.create(unit=self.u["bac_ninh"], full_name="Nguyễn Thị C")
        nomination = nomination_data(self.u["bac_ninh"], self.bg_type, person, proposer="LHHN tỉnh Bắc Ninh")
        response = client.post("/api/awards/nominations/", nomination, format="json")
        self.assertEqual(response.status_code, 201, response.content)

    def test_others_still_refused(self):
        for user, award_type, unit in (
            (self.hp_editor, self.bg_type, self.u["hai_phong"]),  # not merged into Hải Phòng
            (self.hp_editor, self.older_type, self.u["hai_phong"]),
            (self.bn_editor, self.bn_type, self.u["bac_giang"]),  # the merged union does not take its successor's
            (self.bn_editor, self.bn_type, self.u["bg_japan"]),
        ):
            with self.subTest(user=user.username, award_type=award_type.name, unit=unit.name):
                response = self.post_decision(user, award_type, unit)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("award_type", response.json())
                self.assertFalse(Decision.objects.filter(award_type=award_type, unit=unit).exists())

    def test_forms_offer_the_merged_unions_types_to_the_successor_only(self):
        for user, offered, not_offered in (
            (self.bn_assoc_editor, {self.bg_type, self.older_type, self.bn_type}, set()),
            (self.hp_editor, set(), {self.bg_type, self.older_type, self.bn_type}),
        ):
            self.client.force_login(user)
            for view in ("awards:decision_add", "awards:nomination_add"):
                with self.subTest(user=user.username, view=view):
                    choices = set(self.client.get(reverse(view)).context["form"].fields["award_type"].queryset)
                    self.assertLessEqual(offered, choices)
                    self.assertFalse(not_offered & choices)
