"""Test fixtures of the unit tree (users with roles in units, the unions of the 2025 mergers) and
the test cases every app's scope, names-shown and central-reference tests share."""

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import resolve, reverse

from amity.audit.models import ExportLog, ObjectChange
from amity.core.roles import ROLE_ACTIONS, Role, UnitKind
from amity.core.testing import APIClient
from amity.geo.services import current_province_by_name, province_by_name
from amity.units.models import Membership, Unit


def make_user(username: str, *, unit: Unit | None = None, role: str = Role.EDITOR, **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_unit_tree():
    """VUFO with the Hải Phòng union and the Bắc Giang union merged into the Bắc Ninh union.

    Returns a dict of units keyed by short names used across the tests.
    """
    vufo = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị Việt Nam", kind=UnitKind.CENTRAL)
    hai_phong = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị TP Hải Phòng",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=current_province_by_name("Hải Phòng"),
    )
    bac_ninh = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=current_province_by_name("Bắc Ninh"),
        valid_from=date(2025, 7, 1),
    )
    bac_giang = Unit.objects.create(
        name="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        kind=UnitKind.PROVINCIAL,
        parent=vufo,
        province=province_by_name("Bắc Giang", on=date(2022, 1, 1)),
        valid_to=date(2025, 6, 30),
        successor=bac_ninh,
    )
    bg_japan = Unit.objects.create(
        name="Hội hữu nghị Việt Nam – Nhật Bản tỉnh Bắc Giang", kind=UnitKind.ASSOCIATION, parent=bac_giang
    )
    hp_laos = Unit.objects.create(
        name="Hội hữu nghị Việt Nam – Lào TP Hải Phòng", kind=UnitKind.ASSOCIATION, parent=hai_phong
    )
    return {
        "vufo": vufo,
        "hai_phong": hai_phong,
        "bac_ninh": bac_ninh,
        "bac_giang": bac_giang,
        "bg_japan": bg_japan,
        "hp_laos": hp_laos,
    }


def make_merged_unions():
    """The four provincial unions of the 2025 mergers the seeds name, as they were: Bắc Giang (with
    its Vietnam–Japan association) merged into Bắc Ninh, Hải Dương into Hải Phòng, on 1 July 2025;
    Bắc Ninh's and Hải Phòng's unions existed before and after. Keys: vufo, bac_ninh, bac_giang,
    bg_japan, hai_phong, hai_duong."""
    merged_on, before = date(2025, 6, 30), date(2022, 1, 1)
    vufo = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị Việt Nam", short_name="VUFO", kind=UnitKind.CENTRAL)

    def union(name, province, **extra):
        return Unit.objects.create(name=name, kind=UnitKind.PROVINCIAL, parent=vufo, province=province, **extra)

    bac_ninh = union("Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh", current_province_by_name("Bắc Ninh"))
    bac_giang = union(
        "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        province_by_name("Bắc Giang", on=before),
        valid_to=merged_on,
        successor=bac_ninh,
    )
    hai_phong = union("Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng", current_province_by_name("Hải Phòng"))
    hai_duong = union(
        "Liên hiệp các tổ chức hữu nghị tỉnh Hải Dương",
        province_by_name("Hải Dương", on=before),
        valid_to=merged_on,
        successor=hai_phong,
    )
    bg_japan = Unit.objects.create(
        name="Hội hữu nghị Việt Nam – Nhật Bản tỉnh Bắc Giang", kind=UnitKind.ASSOCIATION, parent=bac_giang
    )
    return {
        "vufo": vufo,
        "bac_ninh": bac_ninh,
        "bac_giang": bac_giang,
        "bg_japan": bg_japan,
        "hai_phong": hai_phong,
        "hai_duong": hai_duong,
    }


#: The day before the 2025 merger that roll-up tests group by (the other is today).
BEFORE_MERGER = date(2024, 1, 1)


class ScopeMatrixMixin:
    """Proves that one province's record is "not found" for another province, screens and API alike.

    Mix into a ``TestCase`` and set:

    - ``model``; ``make(unit, label)``: a classmethod creating a record owned by ``unit`` whose
      ``label`` appears in list pages and exports;
    - ``ui`` (e.g. ``"registry:organisation"``, or ``None`` when the model has no screens) and
      ``api`` (e.g. ``"registry-api:organisation"``);
    - ``role``: the role of the acting users (``Role.ADMIN`` for records only administrators manage).

    Records are made in Hải Phòng, in Bắc Giang (merged into Bắc Ninh on 1 July 2025) and in
    Bắc Ninh; users of Hải Phòng, Bắc Ninh and Bắc Giang act on them.
    """

    model = None
    ui: str | None = None
    api: str | None = None
    role = Role.EDITOR
    export_formats = ("csv",)

    @classmethod
    def make(cls, unit: Unit, label: str):
        raise TypeError(f"{cls.__name__} must define make(unit, label).")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.u = make_unit_tree()
        cls.hp_obj = cls.make(cls.u["hai_phong"], "Scope HP record")
        cls.bg_obj = cls.make(cls.u["bac_giang"], "Scope BG record")
        cls.bn_obj = cls.make(cls.u["bac_ninh"], "Scope BN record")
        cls.hp_user = make_user("scope-hp", unit=cls.u["hai_phong"], role=cls.role)
        cls.bn_user = make_user("scope-bn", unit=cls.u["bac_ninh"], role=cls.role)
        cls.bg_user = make_user("scope-bg", unit=cls.u["bac_giang"], role=cls.role)
        cls.hp_viewer = make_user("scope-hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.hp_auditor = make_user("scope-hp-auditor", unit=cls.u["hai_phong"], role=Role.AUDITOR)

    # helpers -------------------------------------------------------------------------------
    def ui_url(self, view: str, obj=None) -> str:
        return reverse(f"{self.ui}_{view}", args=[obj.pk] if obj is not None else [])

    def api_url(self, obj=None) -> str:
        if obj is None:
            return reverse(f"{self.api}-list")
        return reverse(f"{self.api}-detail", args=[obj.pk])

    def assert_untouched(self, obj):
        fresh = type(obj).all_objects.get(pk=obj.pk)
        self.assertEqual((fresh.version, fresh.deleted_at), (obj.version, None))

    def assert_hidden_on_screens(self, user, obj):
        """Every screen of ``obj`` answers 404 for ``user``; nothing is written."""
        self.client.force_login(user)
        for method, view in [
            ("get", "detail"),
            ("get", "edit"),
            ("post", "edit"),
            ("get", "delete"),
            ("post", "delete"),
            ("get", "changelog"),
            ("post", "restore"),
        ]:
            with self.subTest(user=user.username, method=method, view=view):
                response = getattr(self.client, method)(self.ui_url(view, obj), {"version": obj.version})
                self.assertEqual(response.status_code, 404)
        self.assert_untouched(obj)

    def assert_hidden_in_api(self, user, obj):
        client = APIClient()
        client.force_authenticate(user)
        url = self.api_url(obj)
        for method in ("get", "put", "patch", "delete"):
            with self.subTest(user=user.username, method=method):
                response = getattr(client, method)(url, {}, format="json")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
        self.assert_untouched(obj)

    def api_ids(self, user, query: str = "") -> set[int]:
        client = APIClient()
        client.force_authenticate(user)
        response = client.get(self.api_url() + query)
        self.assertEqual(response.status_code, 200)
        return {row["id"] for row in response.json()["results"]}

    # the matrix ----------------------------------------------------------------------------
    def test_other_province_gets_not_found_on_every_screen(self):
        if self.ui is None:
            self.skipTest("no screens")
        self.assert_hidden_on_screens(self.hp_user, self.bg_obj)
        self.assert_hidden_on_screens(self.bg_user, self.hp_obj)

    def test_other_province_gets_not_found_in_the_api(self):
        self.assert_hidden_in_api(self.hp_user, self.bg_obj)
        self.assert_hidden_in_api(self.bg_user, self.hp_obj)

    def test_lists_and_exports_show_only_the_own_subtree(self):
        if self.ui is None:
            self.skipTest("no screens")
        self.client.force_login(self.hp_user)
        response = self.client.get(self.ui_url("list"))
        self.assertContains(response, "Scope HP record")
        self.assertNotContains(response, "Scope BG record")
        self.assertNotContains(response, "Scope BN record")
        for fmt in self.export_formats:
            content = self.client.get(self.ui_url("list") + f"?export={fmt}").content.decode("utf-8-sig")
            self.assertIn("Scope HP record", content)
            self.assertNotIn("Scope BG record", content)

    def test_api_list_excludes_other_provinces_whatever_the_query(self):
        for query in ("", "?format=json", "?ordering=-id", "?page_size=1000", f"?id={self.bg_obj.pk}"):
            with self.subTest(query=query):
                ids = self.api_ids(self.hp_user, query)
                self.assertNotIn(self.bg_obj.pk, ids)
                self.assertNotIn(self.bn_obj.pk, ids)
        self.assertIn(self.hp_obj.pk, self.api_ids(self.hp_user))

    def test_successor_union_sees_the_merged_record_but_not_the_reverse(self):
        self.assertIn(self.bg_obj.pk, self.api_ids(self.bn_user))
        self.assertNotIn(self.bn_obj.pk, self.api_ids(self.bg_user))
        self.assert_hidden_in_api(self.bg_user, self.bn_obj)
        if self.ui is not None:
            self.client.force_login(self.bn_user)
            self.assertEqual(self.client.get(self.ui_url("detail", self.bg_obj)).status_code, 200)
            self.assertEqual(self.client.get(self.ui_url("edit", self.bg_obj)).status_code, 200)
            self.assertContains(self.client.get(self.ui_url("list")), "Scope BG record")
            self.assert_hidden_on_screens(self.bg_user, self.bn_obj)

    def test_viewer_reads_but_cannot_edit_or_delete(self):
        client = APIClient()
        client.force_authenticate(self.hp_viewer)
        readable = 404 if getattr(self.model, "personal_data", False) else 200  # viewers get no personal data
        self.assertEqual(client.get(self.api_url(self.hp_obj)).status_code, readable)
        for method in ("put", "patch", "delete"):
            with self.subTest(method=method):
                self.assertEqual(getattr(client, method)(self.api_url(self.hp_obj), {}, format="json").status_code, 404)
        if self.ui is not None:
            self.client.force_login(self.hp_viewer)
            self.assertEqual(self.client.get(self.ui_url("detail", self.hp_obj)).status_code, readable)
            for method, view in [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")]:
                with self.subTest(method=method, view=view):
                    response = getattr(self.client, method)(self.ui_url(view, self.hp_obj), {})
                    self.assertEqual(response.status_code, 404)
        self.assert_untouched(self.hp_obj)

    def test_auditor_sees_the_history_of_own_records_only(self):
        if self.ui is None:
            self.skipTest("no screens")

        self.client.force_login(self.hp_auditor)
        detail_action = resolve(self.ui_url("detail", self.hp_obj)).func.view_class.action
        # the history holds every value the record had: it needs the right the detail needs, and
        # personal values too (an auditor reads memberships and personal records in the audit log)
        readable = detail_action in ROLE_ACTIONS[Role.AUDITOR] and not getattr(self.model, "personal_data", False)
        self.assertEqual(self.client.get(self.ui_url("changelog", self.hp_obj)).status_code, 200 if readable else 404)
        self.assertEqual(self.client.get(self.ui_url("changelog", self.bg_obj)).status_code, 404)

    def test_owner_may_edit_so_the_refusals_above_are_about_scope(self):
        client = APIClient()
        client.force_authenticate(self.hp_user)
        response = client.patch(self.api_url(self.hp_obj), {}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        if self.ui is not None:
            self.client.force_login(self.hp_user)
            self.assertEqual(self.client.get(self.ui_url("edit", self.hp_obj)).status_code, 200)
            self.assertEqual(self.client.get(self.ui_url("delete", self.hp_obj)).status_code, 200)


class NamesShownMixin:
    """Proves that a screen naming people through another record (an organisation's members, an
    award's recipient, a delegation's leader) names a person only to users who may see that person,
    and logs every name it shows, screen by screen.

    Mix into a ``TestCase`` and set ``make(unit, person_name)``: a classmethod creating, in
    ``unit``, records whose screens name a person called ``person_name``, returning what ``pages``
    needs; ``pages(made)``: the URLs of those screens. The person belongs to Hải Phòng: its editor
    sees the name and the access log records it; its viewer and the central union's administrator
    reach the same screens but see neither the name nor cause a log entry.
    """

    person_name = "Trần Thị Kín Đáo"

    @classmethod
    def make(cls, unit: Unit, person_name: str):
        raise TypeError(f"{cls.__name__} must define make(unit, person_name).")

    def pages(self, made) -> list[str]:
        raise TypeError(f"{type(self).__name__} must define pages(made).")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.u = make_unit_tree()
        cls.made = cls.make(cls.u["hai_phong"], cls.person_name)
        cls.editor = make_user("names-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.viewer = make_user("names-hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.central_admin = make_user("names-central-admin", unit=cls.u["vufo"], role=Role.ADMIN)

    def personal_logs(self, user) -> list[set[int]]:
        return [
            set(log.units.values_list("pk", flat=True)) for log in ExportLog.objects.filter(actor=user, personal=True)
        ]

    def test_a_name_is_shown_and_logged_only_where_the_person_may_be_seen(self):
        for user, sees in [(self.editor, True), (self.viewer, False), (self.central_admin, False)]:
            self.client.force_login(user)
            for url in self.pages(self.made):
                with self.subTest(user=user.username, url=url):
                    before = len(self.personal_logs(user))
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(self.person_name in response.content.decode(), sees)
                    logs = self.personal_logs(user)
                    if sees:
                        self.assertEqual(logs[before:], [{self.u["hai_phong"].pk}])
                    else:
                        self.assertEqual(len(logs), before)


class CentralReferenceRightsMixin:
    """Proves that shared reference data marked ``central_reference`` (national figures depend on
    it) is read by everyone but written only by administrators of the central union.

    Mix into a ``TestCase`` and set:

    - ``model``; ``make()``: a classmethod creating the record the users act on;
    - ``ui`` (e.g. ``"geo:countrygroup"``, or ``None`` when the model has no screens) and ``api``
      (e.g. ``"geo-api:countrygroup"``);
    - ``create_payloads()``: a classmethod returning ``(screen_data, api_data)``, two valid new
      records (the central administrator adds both; the others are refused both; ``screen_data``
      is unused without screens);
    - ``change_payload``: a valid API patch of ``make()``'s record; its first field is checked in
      the change log.

    Editors and viewers of the central union and of a province, and administrators of a province
    and of an association, read the record but every write is refused (API: 404 on the record,
    403 on create; screens: no add/change offered, add 403, edit/delete/restore 404) and nothing is
    written; the central administrator adds, edits, deletes and restores.
    """

    model = None
    ui: str | None = None
    api = ""
    change_payload: dict = {}

    @classmethod
    def make(cls):
        raise TypeError(f"{cls.__name__} must define make().")

    @classmethod
    def create_payloads(cls) -> tuple[dict, dict]:
        raise TypeError(f"{cls.__name__} must define create_payloads().")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.u = make_unit_tree()
        cls.record = cls.make()
        cls.central_admin = make_user("ref-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.central_editor = make_user("ref-vufo-editor", unit=cls.u["vufo"], role=Role.EDITOR)
        cls.central_viewer = make_user("ref-vufo-viewer", unit=cls.u["vufo"], role=Role.VIEWER)
        cls.province_admin = make_user("ref-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.province_editor = make_user("ref-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.association_admin = make_user("ref-bg-japan-admin", unit=cls.u["bg_japan"], role=Role.ADMIN)

    # helpers -------------------------------------------------------------------------------
    def api_client(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def ui_url(self, view: str, obj=None) -> str:
        return reverse(f"{self.ui}_{view}", args=[obj.pk] if obj is not None else [])

    def api_url(self, obj=None) -> str:
        return reverse(f"{self.api}-detail", args=[obj.pk]) if obj is not None else reverse(f"{self.api}-list")

    def assert_reads_but_cannot_change(self, user):
        before = (self.model.all_objects.count(), self.record.version)
        screen_data, api_data = self.create_payloads()
        client = self.api_client(user)
        self.assertEqual(client.get(self.api_url(self.record)).status_code, 200)
        for method in ("put", "patch", "delete"):
            with self.subTest(user=user.username, method=method):
                response = getattr(client, method)(self.api_url(self.record), self.change_payload, format="json")
                self.assertEqual(response.status_code, 404)
        created = client.post(self.api_url(), api_data, format="json")
        self.assertEqual(created.status_code, 403, created.content)
        if self.ui is not None:
            self.assert_screens_refuse(user, screen_data)
        fresh = self.model.all_objects.get(pk=self.record.pk)
        self.assertIsNone(fresh.deleted_at)
        self.assertEqual((self.model.all_objects.count(), fresh.version), before)

    def assert_screens_refuse(self, user, screen_data: dict):
        self.client.force_login(user)
        detail = self.client.get(self.ui_url("detail", self.record))
        self.assertEqual(detail.status_code, 200)
        self.assertFalse(detail.context["can_change"])
        self.assertFalse(self.client.get(self.ui_url("list")).context["can_add"])
        for method, view in [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")]:
            with self.subTest(user=user.username, method=method, view=view):
                data = {**screen_data, "version": self.record.version} if method == "post" else {}
                self.assertEqual(getattr(self.client, method)(self.ui_url(view, self.record), data).status_code, 404)
        self.assertEqual(self.client.get(self.ui_url("add")).status_code, 403)
        self.assertEqual(self.client.post(self.ui_url("add"), screen_data).status_code, 403)

    # the rights ----------------------------------------------------------------------------
    def test_editors_and_viewers_read_but_cannot_change(self):
        for user in (self.province_editor, self.central_editor, self.central_viewer):
            self.assert_reads_but_cannot_change(user)

    def test_administrators_of_a_province_or_association_read_but_cannot_change(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.assert_reads_but_cannot_change(self.association_admin)

    def test_only_a_central_administrator_deletes_and_restores(self):
        if self.ui is None:  # no screens, so no restore: the central administrator deletes through the API
            response = self.api_client(self.central_admin).delete(self.api_url(self.record))
            self.assertEqual(response.status_code, 204, response.content)
            self.assertTrue(self.model.all_objects.get(pk=self.record.pk).is_deleted)
            return
        self.client.force_login(self.central_admin)
        self.assertTrue(self.client.get(self.ui_url("detail", self.record)).context["can_change"])
        self.assertEqual(self.client.get(self.ui_url("delete", self.record)).status_code, 200)
        self.assertEqual(self.client.post(self.ui_url("delete", self.record)).status_code, 302)
        self.assertTrue(self.model.all_objects.get(pk=self.record.pk).is_deleted)
        self.client.force_login(self.province_admin)
        self.assertFalse(self.client.get(self.ui_url("changelog", self.record)).context["can_restore"])
        self.assertEqual(self.client.post(self.ui_url("restore", self.record)).status_code, 404)
        self.assertTrue(self.model.all_objects.get(pk=self.record.pk).is_deleted)
        self.client.force_login(self.central_admin)
        self.assertTrue(self.client.get(self.ui_url("changelog", self.record)).context["can_restore"])
        self.assertEqual(self.client.post(self.ui_url("restore", self.record)).status_code, 302)
        self.assertFalse(self.model.all_objects.get(pk=self.record.pk).is_deleted)

    def test_central_administrator_adds_on_screen_and_through_the_api(self):
        screen_data, api_data = self.create_payloads()
        count = self.model.objects.count()
        if self.ui is not None:
            self.client.force_login(self.central_admin)
            self.assertTrue(self.client.get(self.ui_url("list")).context["can_add"])
            self.assertEqual(self.client.get(self.ui_url("add")).status_code, 200)
            response = self.client.post(self.ui_url("add"), screen_data)
            self.assertEqual(response.status_code, 302, response.status_code != 302 and response.context["form"].errors)
            count += 1
        response = self.api_client(self.central_admin).post(self.api_url(), api_data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.model.objects.count(), count + 1)

    def test_central_administrator_edits_and_the_change_is_audited(self):
        response = self.api_client(self.central_admin).patch(
            self.api_url(self.record), self.change_payload, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        field, value = next(iter(self.change_payload.items()))
        change = ObjectChange.objects.filter(
            object_id=str(self.record.pk), content_type__model=self.model._meta.model_name, action="update"
        ).first()
        self.assertEqual((change.source, change.actor, change.after[field]), ("api", self.central_admin, value))


# --- hostile files, made at test time (nothing large is kept in the repository) --------------------
