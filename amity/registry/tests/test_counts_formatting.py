"""The partners widget writes its counts as numbers of the reader's language: a central union's
registry holds a hundred thousand organisations and people."""

from unittest import mock

from django.test import TestCase

from amity.core.testing import pages_in_languages
from amity.registry import selectors
from amity.registry.tests.factories import OrganisationFactory
from amity.units.testing import make_unit_tree, make_user

COUNTS = {"organisation_list": 1_234, "person_list": 2_345, "agreement_list": 3_456}


def selectors_counting_thousands():
    """The registry's selectors as the widget calls them, its lists counting ``COUNTS`` records."""
    counted = mock.Mock(wraps=selectors)
    for name, count in COUNTS.items():
        setattr(counted, name, mock.Mock(return_value=mock.Mock(count=mock.Mock(return_value=count))))
    return counted


class PartnersWidgetCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-registry-numbers", unit=unit)
        OrganisationFactory(unit=unit)

    def test_the_widget_groups_thousands_in_the_language(self):
        self.client.force_login(self.user)
        with mock.patch("amity.registry.dashboard.selectors", selectors_counting_thousands()):
            for language, html, written in pages_in_languages(self.client, "/dashboard/registry/", *COUNTS.values()):
                with self.subTest(language):
                    self.assertIn(f'data-figure="organisations">{written(1_234)}<', html)
                    self.assertIn(f'data-figure="people">{written(2_345)}<', html)
                    self.assertIn(f'data-figure="agreements">{written(3_456)}<', html)
