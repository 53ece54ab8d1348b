"""The top bar's menu, written once a process per language and open group: each page still shows it in
its own language with its own group open."""

import re

from django.conf import settings
from django.test import TestCase

from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user

MENU = re.compile(r'<ul class="navbar-nav">(.*?)</ul>\s*</div>', re.DOTALL)


class MenuTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("menu-editor", unit=make_unit_tree()["hai_phong"], role=Role.EDITOR)

    def menu(self, path: str, language: str) -> str:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return MENU.search(response.content.decode()).group(1)

    def test_each_page_shows_the_menu_in_its_language(self):
        self.client.force_login(self.user)
        russian = self.menu("/accounts/password/", "ru")
        english = self.menu("/accounts/password/", "en")
        self.assertIn('href="/aid/figures/">Показатели помощи</a>', russian)
        self.assertIn('href="/aid/figures/">Aid figures</a>', english)
        self.assertNotIn("Aid figures", russian)
        self.assertEqual(self.menu("/accounts/password/", "ru"), russian)

    def test_the_group_of_the_page_is_open(self):
        self.client.force_login(self.user)
        active = re.compile(r'dropdown-toggle active"[^>]*>([^<]*)</a>')
        self.assertEqual(active.findall(self.menu("/aid/figures/", "en")), ["Foreign aid"])
        self.assertEqual(active.findall(self.menu("/awards/counts/", "en")), ["Awards"])
        self.assertEqual(active.findall(self.menu("/accounts/password/", "en")), [])
        self.assertEqual(active.findall(self.menu("/aid/figures/", "en")), ["Foreign aid"])

    def test_a_visitor_signed_out_sees_no_menu(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assertNotContains(self.client.get("/login/"), "dropdown-item")
