"""Beneficiary groups, award types and aid workflows (the Decree 313 workflow's legal basis) in the
reader's language on pages, and in a report in the document's language."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.aid.models import BeneficiaryGroup, Workflow
from amity.aid.selectors import aid_figures
from amity.aid.tests.factories import make_donor, make_item
from amity.awards.models import AwardType
from amity.units.testing import make_unit_tree, make_user

DECREE_313 = "Nghị định 313/2025/NĐ-CP"


class LookupLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        units = make_unit_tree()
        cls.hp = units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.hp)
        donor = make_donor(cls.hp, "Tổ chức Đông Tây Hội ngộ")
        item = make_item(cls.hp, "Xe lăn", donors=[donor], committed=("1000", "USD"), decided=date(2024, 3, 1))
        item.beneficiary_groups.set([BeneficiaryGroup.objects.get(code="agent-orange")])

    def test_seeded_lists_are_named_in_the_four_languages(self):
        group = BeneficiaryGroup.objects.get(code="agent-orange")
        medal = AwardType.all_objects.get(name__startswith="Kỷ niệm chương")
        workflow = Workflow.all_objects.get(name=DECREE_313)
        expected = {
            "vi": ("Nạn nhân chất độc da cam/dioxin", "Kỷ niệm chương", "Nghị định 313/2025/NĐ-CP về"),
            "en": ("Victims of Agent Orange/dioxin", "Medal “For Peace", "Decree 313/2025/ND-CP on"),
            "zh-hans": ("橙剂/二噁英受害者", "纪念章", "关于非官方发展援助类无偿援助的第313/2025/ND-CP号议定"),
            "ru": ("Жертвы «оранжевого агента»/диоксина", "Памятная медаль", "Постановление № 313/2025/ND-CP"),
        }
        for language, (group_name, medal_name, basis) in expected.items():
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(str(group), group_name)
                self.assertIn(medal_name, str(medal))
                self.assertTrue(workflow.legal_basis_display.startswith(basis), workflow.legal_basis_display)

    def test_the_workflow_pages_show_the_legal_basis_in_the_users_language(self):
        workflow = Workflow.all_objects.get(name=DECREE_313)
        self.client.force_login(self.editor)
        for language, shown, hidden in (
            ("vi", "Nghị định 313/2025/NĐ-CP về quản lý", "Decree 313/2025/ND-CP on"),
            ("ru", "Постановление № 313/2025/ND-CP о безвозмездной", "Decree 313/2025/ND-CP on"),
            ("en", "Decree 313/2025/ND-CP on non-refundable aid", "Nghị định 313/2025/NĐ-CP về"),
        ):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                for url in (workflow.get_absolute_url(), reverse("aid:workflow_list")):
                    page = self.client.get(url)
                    self.assertContains(page, shown)
                    self.assertNotContains(page, hidden)

    def test_figures_by_beneficiary_group_follow_the_readers_language(self):
        for language, name in (("vi", "Nạn nhân chất độc da cam/dioxin"), ("zh-hans", "橙剂/二噁英受害者")):
            with self.subTest(language=language), translation.override(language):
                figures = aid_figures(user=self.editor, unit=self.hp, start=date(2024, 1, 1), end=date(2024, 12, 31))
                self.assertEqual([b.label for b in figures.by_beneficiary], [name])
