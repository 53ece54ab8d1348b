"""An award is found by typing its recipient's name or its decision's number however many the union
keeps: its picker and the search box read the recipients' and decisions' own search columns, not the
newest rows a picker scores (``core.matching.CANDIDATES``, made 3 here), so a recipient renamed is
found by the new name at once."""

from unittest import mock

from django.test import TestCase

from amity.core.roles import Role
from amity.core.services import model_update
from amity.core.testing import picker_ids, search_links
from amity.registry.tests.factories import OrganisationFactory, PersonFactory
from amity.units.testing import make_unit_tree, make_user

from .factories import AwardFactory, DecisionFactory


@mock.patch("amity.core.matching.CANDIDATES", 3)
class OldestAwardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        units = make_unit_tree()
        hai_phong = units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hai_phong)
        cls.central = make_user("central-admin", unit=units["vufo"], role=Role.ADMIN)
        cls.decision = DecisionFactory(unit=hai_phong, number="815/QĐ-TWLH", issuing_body="Chủ tịch nước")
        cls.person = PersonFactory(unit=hai_phong, full_name="Nguyễn Thị Đào")
        cls.oldest = AwardFactory(decision=cls.decision, person=cls.person)
        cls.collective = OrganisationFactory(unit=hai_phong, name="Hội hữu nghị Việt Nam – Nhật Bản")
        cls.to_collective = AwardFactory(
            decision=cls.decision, person=None, nomination=None, organisation=cls.collective, origin="vietnamese"
        )
        AwardFactory.create_batch(4, decision__unit=hai_phong)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_oldest_is_offered_by_recipient_and_decision_typed_without_diacritics(self):
        self.assertEqual(picker_ids(self.client, "awards.award", "nguyen thi dao"), [self.oldest.pk])
        self.assertEqual(picker_ids(self.client, "awards.award", "dao 815/qd"), [self.oldest.pk])
        self.assertEqual(picker_ids(self.client, "awards.award", "huu nghi viet nam nhat ban"), [self.to_collective.pk])
        self.assertEqual(picker_ids(self.client, "awards.decision", "815/qd"), [self.decision.pk])
        self.assertIn(self.decision.pk, picker_ids(self.client, "awards.decision", "chu tich nuoc"))

    def test_the_search_box_finds_it_and_a_recipient_renamed_by_the_new_name(self):
        self.assertIn(self.oldest.get_absolute_url(), search_links(self.client, "nguyen thi dao"))
        model_update(instance=self.person, data={"full_name": "Trần Thị Hoa"}, actor=self.editor)
        model_update(instance=self.collective, data={"name": "Hội hữu nghị Hải Phòng – Kurashiki"}, actor=self.editor)
        self.assertEqual(picker_ids(self.client, "awards.award", "tran thi hoa"), [self.oldest.pk])
        self.assertEqual(picker_ids(self.client, "awards.award", "nguyen thi dao"), [])
        self.assertEqual(picker_ids(self.client, "awards.award", "kurashiki"), [self.to_collective.pk])
        self.assertIn(self.oldest.get_absolute_url(), search_links(self.client, "tran thi hoa"))

    def test_a_name_the_user_may_not_see_finds_no_award(self):
        """The central union sees Hải Phòng's people masked: typing one's name does not tell it who
        was awarded; the decision's number still finds the awards."""
        self.client.force_login(self.central)
        self.assertEqual(picker_ids(self.client, "awards.award", "nguyen thi dao"), [])
        self.assertNotIn(self.oldest.get_absolute_url(), search_links(self.client, "nguyen thi dao"))
        self.assertIn(self.oldest.pk, picker_ids(self.client, "awards.award", "815/qd"))
