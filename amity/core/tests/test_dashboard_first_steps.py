"""The overview of a new installation says what to do first, and an account without a role says
why it shows nothing, instead of a page of zeros."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from amity.core.roles import Role
from amity.units.models import Unit
from amity.units.testing import make_user


class FirstStepsTests(TestCase):
    def overview(self, user) -> str:
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return self.client.get(reverse("dashboard")).content.decode()

    def test_a_new_installation_and_an_account_without_a_role_are_told_what_to_do(self):
        root = get_user_model().objects.create_superuser("root", password="x")
        page = self.overview(root)
        self.assertIn("Amity holds no union yet", page)
        self.assertIn(f'href="{reverse("units:unit_add")}"', page)
        self.assertIn(f'href="{reverse("units:useraccount_add")}"', page)
        newcomer = make_user("newcomer")
        self.assertIn("Your account has no role in any unit yet", self.overview(newcomer))

        union = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị TP Hải Phòng", kind="provincial")
        self.assertNotIn("data-first-steps", self.overview(root))
        staff = make_user("hp-editor", unit=union, role=Role.EDITOR)
        page = self.overview(staff)
        self.assertNotIn("data-without-role", page)
        self.assertNotIn("data-first-steps", page)
