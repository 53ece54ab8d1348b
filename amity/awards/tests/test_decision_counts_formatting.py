"""A decision's page and the recipients it adds at once write their count as a number of the
reader's language: a decision of the State awards thousands of recipients."""

from unittest import mock

from django.conf import settings
from django.test import TestCase

from amity.awards.tests.factories import AwardFactory
from amity.core.testing import THOUSANDS_SEPARATORS, pages_in_languages, written_in
from amity.registry.tests.factories import PersonFactory
from amity.units.testing import make_unit_tree, make_user

RECIPIENTS = 1_234


class DecisionCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-decision-numbers", unit=cls.unit)
        cls.award = AwardFactory(decision__unit=cls.unit)

    def setUp(self):
        self.client.force_login(self.user)

    def test_a_decision_counts_its_recipients(self):
        self.award.person_visible = True  # as ``with_names_visible`` marks it
        with mock.patch("amity.awards.views.with_names_visible", return_value=[self.award] * RECIPIENTS):
            url = self.award.decision.get_absolute_url()
            for language, html, written in pages_in_languages(self.client, url, RECIPIENTS):
                with self.subTest(language):
                    self.assertIn(f'data-figure="recipients">{written(RECIPIENTS)}<', html)

    def test_the_recipients_added_at_once(self):
        person = PersonFactory(unit=self.unit)
        url = f"/awards/decisions/{self.award.decision.pk}/recipients/add/"
        for language in THOUSANDS_SEPARATORS:
            with (
                self.subTest(language),
                mock.patch("amity.awards.views.services.awards_add", return_value=[None] * RECIPIENTS),
            ):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                response = self.client.post(url, {"people": [person.pk]}, follow=True)
                message = str(next(iter(response.context["messages"])))
                self.assertIn(written_in(language, RECIPIENTS), message)
