"""A union's administrators open, reset, close and reopen their staff's accounts: only inside
their reach, every step in the change log, a closed account no longer signs in."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from amity.accounts.models import ApiToken
from amity.accounts.services import api_token_create
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.units.models import Membership, PasswordChangeDue
from amity.units.testing import make_unit_tree, make_user

User = get_user_model()
PASSWORD = "Ba con voi đi qua cầu"


class UserAccountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp_admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.hp_editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.bn_editor = make_user("bn-editor", unit=cls.u["bac_ninh"], role=Role.EDITOR)
        cls.both = make_user("both", unit=cls.u["hp_laos"], role=Role.EDITOR)
        Membership.objects.create(user=cls.both, unit=cls.u["bac_ninh"], role=Role.VIEWER)

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def add(self, admin, **data):
        self.client.force_login(admin)
        values = {"username": "hp-new", "full_name": "Trần Thị Mai", "email": "mai@example.vn", "role": "editor"}
        values |= {"unit": self.u["hp_laos"].pk, "password": PASSWORD, **data}
        return self.client.post(reverse("units:useraccount_add"), values)

    def signs_in(self, username: str, password: str) -> bool:
        """Whether the login page lets ``username`` in (a new client: the test's own stays signed in)."""
        response = self.client_class().post(reverse("login"), {"username": username, "password": password})
        return response.status_code == 302

    def events(self, account) -> list[str]:
        return list(
            ObjectChange.objects.filter(object_id=account.pk, event__startswith="account.")
            .order_by("pk")
            .values_list("event", flat=True)
        )

    def test_an_administrator_opens_an_account_that_signs_in_with_its_role(self):
        response = self.add(self.hp_admin)
        account = User.objects.get(username="hp-new")
        self.assertRedirects(response, reverse("units:useraccount_detail", args=[account.pk]))
        self.assertEqual(
            (account.first_name, account.email, account.is_superuser), ("Trần Thị Mai", "mai@example.vn", False)
        )
        self.assertEqual(list(account.memberships.values_list("unit", "role")), [(self.u["hp_laos"].pk, "editor")])
        self.assertTrue(self.signs_in("hp-new", PASSWORD))
        logged = ObjectChange.objects.filter(actor=self.hp_admin, action="create")
        self.assertEqual({c.content_type.model for c in logged}, {"user", "membership"})
        self.assertNotIn(PASSWORD, str(list(logged.values_list("after", flat=True))))
        self.assertEqual(self.events(account), ["account.created"])
        detail = self.client.get(reverse("units:useraccount_detail", args=[account.pk])).content.decode()
        another_role = re.search(r'href="([^"]*/memberships/add/[^"]*)"', detail)[1]
        self.assertEqual(self.client.get(another_role).context["form"]["user"].value(), str(account.pk))

    def test_only_units_in_reach_weak_passwords_and_taken_names_are_refused(self):
        other_union = self.add(self.hp_admin, unit=self.u["bac_ninh"].pk)
        self.assertIn("unit", other_union.context["form"].errors)
        weak = self.add(self.hp_admin, password="matkhau123")
        self.assertIn("password", weak.context["form"].errors)
        short = self.add(self.hp_admin, password="Xq7#Lm2pVw9")  # 11 characters, none of them common
        self.assertEqual(
            short.context["form"].errors["password"],
            ["This password is too short. It must contain at least 12 characters."],
        )
        taken = self.add(self.hp_admin, username="hp-editor")
        self.assertIn("username", taken.context["form"].errors)
        self.assertEqual([r.status_code for r in (other_union, weak, short, taken)], [400, 400, 400, 400])
        self.assertFalse(User.objects.filter(username="hp-new").exists())
        self.assertEqual(self.add(self.central, unit=self.u["bac_ninh"].pk).status_code, 302)

    def test_only_administrators_reach_the_accounts_and_see_those_of_their_units(self):
        for user in (self.hp_editor, self.bn_editor):
            self.client.force_login(user)
            listed = self.client.get(reverse("units:useraccount_list"))  # in everyone's menu
            self.assertEqual(list(listed.context["accounts"]), [])
            self.assertContains(listed, "Accounts are opened and closed by your union's administrators.")
            self.assertNotContains(listed, reverse("units:useraccount_add"))
            self.assertEqual(self.client.get(reverse("units:useraccount_add")).status_code, 403)
            self.assertEqual(self.client.get(reverse("units:useraccount_detail", args=[user.pk])).status_code, 403)
        self.client.force_login(self.hp_admin)
        listed = self.client.get(reverse("units:useraccount_list"))
        self.assertEqual(
            [a.username for a in listed.context["accounts"]], ["both", "hp-admin", "hp-editor"]
        )  # not Bắc Ninh's editor, nor the central union's
        self.assertEqual(
            self.client.get(reverse("units:useraccount_detail", args=[self.bn_editor.pk])).status_code, 404
        )
        self.client.force_login(self.central)
        self.assertEqual(len(self.client.get(reverse("units:useraccount_list")).context["accounts"]), 5)

    def test_a_closed_account_no_longer_signs_in_and_opens_again(self):
        _token, key = api_token_create(actor=self.hp_editor)
        self.client.force_login(self.hp_admin)
        close = reverse("units:useraccount_close", args=[self.hp_editor.pk])
        self.assertRedirects(self.client.post(close), reverse("units:useraccount_detail", args=[self.hp_editor.pk]))
        self.assertFalse(self.signs_in("hp-editor", "pw-hp-editor"))
        self.assertFalse(ApiToken.objects.filter(user=self.hp_editor).exists())
        self.client.force_login(self.hp_admin)
        self.client.post(reverse("units:useraccount_reopen", args=[self.hp_editor.pk]))
        self.assertTrue(self.signs_in("hp-editor", "pw-hp-editor"))
        self.assertEqual(
            self.events(self.hp_editor), ["account.api_token_created", "account.closed", "account.reopened"]
        )

    def test_a_session_open_when_the_account_is_closed_ends(self):
        self.client.force_login(self.hp_editor)
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)
        other = self.client_class()
        other.force_login(self.hp_admin)
        other.post(reverse("units:useraccount_close", args=[self.hp_editor.pk]))
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 302)  # back to the login page

    def test_a_forgotten_password_is_replaced_by_the_administrator(self):
        self.client.force_login(self.hp_admin)
        url = reverse("units:useraccount_password", args=[self.hp_editor.pk])
        self.assertEqual(self.client.post(url, {"password": "12345678901234"}).status_code, 400)
        self.client.post(url, {"password": PASSWORD})
        self.assertTrue(self.signs_in("hp-editor", PASSWORD))
        self.assertEqual(self.events(self.hp_editor), ["account.password_set"])

    def test_an_account_with_roles_elsewhere_is_changed_by_the_central_union_only(self):
        self.client.force_login(self.hp_admin)
        page = self.client.get(reverse("units:useraccount_detail", args=[self.both.pk]))
        self.assertEqual([m.unit for m in page.context["account"].roles_seen], [self.u["hp_laos"]])  # not Bắc Ninh's
        self.assertContains(page, "roles in units you do not administer")
        for action in ("useraccount_close", "useraccount_password"):
            self.assertEqual(self.client.post(reverse(f"units:{action}", args=[self.both.pk])).status_code, 403)
        self.assertTrue(User.objects.get(pk=self.both.pk).is_active)
        self.client.force_login(self.central)
        self.client.post(reverse("units:useraccount_close", args=[self.both.pk]))
        self.assertFalse(User.objects.get(pk=self.both.pk).is_active)

    def test_an_administrator_cannot_close_their_own_account(self):
        self.client.force_login(self.hp_admin)
        response = self.client.post(reverse("units:useraccount_close", args=[self.hp_admin.pk]))
        self.assertContains(response, "You cannot close your own account.", status_code=400)
        self.assertTrue(User.objects.get(pk=self.hp_admin.pk).is_active)

    def test_a_role_is_given_to_an_account_the_administrator_administers_only(self):
        """A province's administrator is not shown the usernames of the country's other staff."""
        self.client.force_login(self.hp_admin)
        form = self.client.get(reverse("units:membership_add")).context["form"]
        offered = {account.username for account in form.fields["user"].queryset}
        self.assertEqual(offered, {"both", "hp-admin", "hp-editor"})
        data = {"user": self.bn_editor.pk, "unit": self.u["hp_laos"].pk, "role": "viewer"}
        refused = self.client.post(reverse("units:membership_add"), data)
        self.assertIn("user", refused.context["form"].errors)
        self.assertFalse(Membership.objects.filter(user=self.bn_editor, unit=self.u["hp_laos"]).exists())

    def test_a_password_given_by_the_administrator_is_replaced_at_the_first_sign_in(self):
        self.add(self.hp_admin)
        newcomer = self.client_class()
        newcomer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        signed_in = newcomer.post(reverse("login"), {"username": "hp-new", "password": PASSWORD})
        self.assertEqual(signed_in.status_code, 302)
        for page in (reverse("dashboard"), reverse("registry:organisation_list")):
            self.assertRedirects(newcomer.get(page), reverse("accounts:password_change"))
        self.assertEqual(newcomer.get("/api/registry/organisations/").status_code, 403)
        asked = newcomer.get(reverse("accounts:password_change"))
        self.assertContains(asked, "Your administrator gave you this password")
        own = "Trăng rằm tháng Tám sáng tỏ"
        changed = newcomer.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": own, "new_password2": own},
        )
        self.assertRedirects(changed, reverse("dashboard"))
        self.assertEqual(newcomer.get(reverse("registry:organisation_list")).status_code, 200)
        self.assertFalse(PasswordChangeDue.objects.filter(user__username="hp-new").exists())
        self.assertFalse(self.signs_in("hp-new", PASSWORD))
        # a forgotten password replaced by the administrator is to be changed again
        self.client.force_login(self.hp_admin)
        account = User.objects.get(username="hp-new")
        self.client.post(reverse("units:useraccount_password", args=[account.pk]), {"password": PASSWORD})
        self.assertEqual(PasswordChangeDue.objects.get(user=account).set_by, self.hp_admin)
