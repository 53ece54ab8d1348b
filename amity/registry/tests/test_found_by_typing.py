"""An agreement is found by typing however many the union keeps: its picker and the search box read
the agreements' own search column, not the newest rows a picker scores (``core.matching.CANDIDATES``,
made 3 here), and the search box finds it by its parties' names as they are now."""

from unittest import mock

from django.test import TestCase

from amity.core.services import model_update
from amity.core.testing import picker_ids, search_links
from amity.units.testing import make_unit_tree, make_user

from .factories import AgreementFactory, OrganisationFactory


@mock.patch("amity.core.matching.CANDIDATES", 3)
class OldestAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hai_phong = make_unit_tree()["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hai_phong)
        cls.kurashiki = OrganisationFactory(unit=hai_phong, name="Thành phố Kurashiki")
        cls.oldest = AgreementFactory(
            unit=hai_phong, title="Thỏa thuận kết nghĩa hữu nghị", signed_at="Đà Nẵng", parties=[cls.kurashiki]
        )
        AgreementFactory.create_batch(4, unit=hai_phong)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_oldest_is_offered_by_its_picker_typed_without_diacritics(self):
        self.assertEqual(picker_ids(self.client, "registry.agreement", "thoa thuan ket nghia"), [self.oldest.pk])
        self.assertIn(self.oldest.pk, picker_ids(self.client, "registry.agreement", "ket nghia da nang"))

    def test_the_search_box_finds_it_by_title_and_by_a_party_under_its_new_name(self):
        url = self.oldest.get_absolute_url()
        self.assertIn(url, search_links(self.client, "thoa thuan ket nghia"))
        self.assertIn(url, search_links(self.client, "kurashiki"))
        model_update(instance=self.kurashiki, data={"name": "Thành phố Okayama"}, actor=self.editor)
        self.assertIn(url, search_links(self.client, "okayama"))
        self.assertNotIn(url, search_links(self.client, "kurashiki"))
