"""Every list and add screen of every app renders for an administrator, with demo-like data."""

from django.test import TestCase
from django.urls import NoReverseMatch, get_resolver, reverse

from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user


def screen_names() -> list[str]:
    names = []
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        if namespace.endswith("-api") or namespace == "admin":
            continue
        for name in resolver.reverse_dict:
            if isinstance(name, str) and name.endswith(("_list", "_add")):
                names.append(f"{namespace}:{name}")
    return sorted(set(names))


class ScreensRenderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)

    def test_every_list_and_add_screen_renders(self):
        self.client.force_login(self.admin)
        names = screen_names()
        self.assertIn("registry:organisation_list", names)
        for name in names:
            try:
                url = reverse(name)
            except NoReverseMatch:  # screens that need arguments are covered by their app's tests
                continue
            with self.subTest(name=name):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500, name)

    def test_dashboard_search_and_api_docs_render(self):
        self.client.force_login(self.admin)
        for url in [reverse("dashboard"), reverse("search") + "?q=hoi", reverse("api-docs"), reverse("api-schema")]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
