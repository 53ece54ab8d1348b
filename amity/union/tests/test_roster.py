"""A body's people entered at once, as the congress announced them: each line matched to the
union's people as the pickers match, previewed with every refusal naming its line, and written
only on confirmation, all or nothing and audited."""

from datetime import date

from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation

from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.registry.models import Person
from amity.registry.tests.factories import PersonFactory
from amity.union.models import ElectedRole
from amity.union.roster import read_lines
from amity.units.testing import make_unit_tree, make_user

from .factories import ElectedBodyFactory, make_congress

ANNOUNCED = """1. Nguyen Van An – Chủ tịch
2. Trần Thị Bìh, Phó Chủ tịch
3. Lê Văn Cường
4. Phạm Thị Dung – Ủy viên
5. Hoàng Văn Em – Chủ tịch
6. Đỗ Văn Bình"""


class ReadLineTests(SimpleTestCase):
    def test_the_position_is_the_words_after_the_name_in_any_language_and_none_is_a_member(self):
        lines = read_lines(
            "Nguyễn Văn A – Chủ tịch\nTrần Thị B, Phó Chủ tịch Thường trực\nLê Văn C\n\n"
            "John Smith: secretary-general\nИван Петров (Заместитель председателя)\nĐỗ Văn D Tổng Thư ký"
        )
        self.assertEqual(
            [(line.number, line.name, line.position) for line in lines],
            [
                (1, "Nguyễn Văn A", "chair"),
                (2, "Trần Thị B", "standing_vice_chair"),
                (3, "Lê Văn C", "member"),
                (5, "John Smith", "secretary_general"),
                (6, "Иван Петров", "vice_chair"),
                (7, "Đỗ Văn D", "secretary_general"),
            ],
        )
        self.assertFalse(any(line.problem for line in lines))

    def test_a_line_that_cannot_be_read_says_why(self):
        with translation.override("en"):
            treasurer, nameless = read_lines("Mai Văn G – Thủ quỹ\n– Chủ tịch")
        self.assertIn("“Thủ quỹ” is not a position", treasurer.problem)
        self.assertEqual(nameless.problem, "No name can be read before the position.")


class RosterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hai_phong = cls.u["hai_phong"]
        cls.editor = make_user("hp", unit=hai_phong, role=Role.EDITOR)
        congress = make_congress(hai_phong, 5, date(2018, 10, 20), date(2023, 10, 19))
        cls.body = ElectedBodyFactory(congress=congress, kind="executive", size=35)
        people = {}
        for name, unit, year in (
            ("Nguyễn Văn An", hai_phong, None),
            ("Trần Thị Bình", hai_phong, None),
            ("Lê Văn Cường", hai_phong, 1965),
            ("Lê Văn Cường", cls.u["hp_laos"], 1980),  # a namesake in the union's association
            ("Lê Văn Cường Anh", hai_phong, None),  # a longer name is no namesake
            ("Phạm Thị Dung", cls.u["bac_giang"], None),  # another province's: not of this union
            ("Hoàng Văn Em", hai_phong, None),
            ("Đỗ Văn Bình", hai_phong, None),
        ):
            people.setdefault(name, []).append(
                PersonFactory(unit=unit, full_name=name, kind="member", country=None, birth_year=year)
            )
        cls.people = people
        cls.url = reverse("union:electedbody_roster", args=[cls.body.pk])

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, text=ANNOUNCED, **extra):
        return self.client.post(self.url, {"lines": text, "start": "2018-10-20", **extra})

    def test_the_body_page_leads_to_the_form_starting_on_the_congress_day(self):
        self.assertContains(self.client.get(self.body.get_absolute_url()), self.url)
        self.assertEqual(self.client.get(self.url).context["form"]["start"].value(), date(2018, 10, 20))

    def test_the_preview_matches_each_line_and_names_the_refused_one_writing_nothing(self):
        people, changes = Person.objects.count(), ObjectChange.objects.count()
        page = self.post()
        self.assertEqual(page.status_code, 200)
        lines = page.context["lines"]
        found = [(line.number, line.person.full_name if line.person else None, line.position) for line in lines]
        self.assertEqual(
            found,
            [
                (1, "Nguyễn Văn An", "chair"),  # typed without diacritics
                (2, "Trần Thị Bình", "vice_chair"),  # a typo
                (3, None, "member"),  # two of that name: to choose
                (4, None, "member"),  # new: the Phạm Thị Dung of Bắc Giang is not of this union
                (5, "Hoàng Văn Em", "chair"),
                (6, "Đỗ Văn Bình", "member"),
            ],
        )
        self.assertEqual({person.birth_year for person in lines[2].candidates}, {1965, 1980})
        self.assertEqual([line.is_new for line in lines], [False, False, False, True, False, False])
        self.assertEqual([line.number for line in page.context["refused"]], [5])  # the second chair
        self.assertIn("Chủ tịch", lines[4].problem)
        self.assertContains(page, "Dòng 5: ")
        self.assertNotContains(page, 'name="confirm"')
        self.assertEqual((ElectedRole.objects.count(), Person.objects.count()), (0, people))
        self.assertEqual(ObjectChange.objects.count(), changes)

    def test_a_confirmation_with_a_refused_line_writes_nothing(self):
        people = Person.objects.count()
        chosen = {"choose-3": self.people["Lê Văn Cường"][0].pk}
        page = self.post(confirm="1", **chosen)
        self.assertEqual(page.status_code, 400)
        self.assertEqual([line.number for line in page.context["refused"]], [5])
        self.assertEqual((ElectedRole.objects.count(), Person.objects.count()), (0, people))

    def test_a_line_left_to_choose_is_refused_on_confirmation(self):
        page = self.post(ANNOUNCED.replace("Em – Chủ tịch", "Em"), confirm="1")
        self.assertEqual(page.status_code, 400)
        self.assertEqual([line.number for line in page.context["refused"]], [3])
        self.assertFalse(ElectedRole.objects.exists())

    def test_confirmed_all_are_written_audited_and_listed_on_the_body(self):
        text = ANNOUNCED.replace("Em – Chủ tịch", "Em")
        chosen = self.people["Lê Văn Cường"][1]
        preview = self.post(text, **{"choose-3": chosen.pk})
        self.assertContains(preview, 'name="confirm"')
        saved = self.post(text, confirm="1", **{"choose-3": chosen.pk})
        self.assertRedirects(saved, self.body.get_absolute_url())
        roles = ElectedRole.objects.filter(body=self.body).order_by("pk")
        self.assertEqual(
            [(role.person.full_name, role.position, role.start) for role in roles],
            [
                ("Nguyễn Văn An", "chair", date(2018, 10, 20)),
                ("Trần Thị Bình", "vice_chair", date(2018, 10, 20)),
                ("Lê Văn Cường", "member", date(2018, 10, 20)),
                ("Phạm Thị Dung", "member", date(2018, 10, 20)),
                ("Hoàng Văn Em", "member", date(2018, 10, 20)),
                ("Đỗ Văn Bình", "member", date(2018, 10, 20)),
            ],
        )
        self.assertEqual(roles[2].person, chosen)
        new = roles[3].person
        self.assertEqual(new.unit, self.u["hai_phong"])
        logged = ObjectChange.objects.filter(action="create", actor=self.editor)
        self.assertEqual(logged.filter(content_type__model="electedrole").count(), 6)
        self.assertEqual(
            list(logged.filter(content_type__model="person").values_list("object_id", flat=True)), [str(new.pk)]
        )
        self.assertTrue(ObjectChange.objects.filter(event="union.roles_entered", object_id=str(self.body.pk)).exists())
        body_page = self.client.get(self.body.get_absolute_url())
        for name in ("Nguyễn Văn An", "Phạm Thị Dung", "Đỗ Văn Bình"):
            self.assertContains(body_page, name)

    def test_a_new_person_named_twice_is_refused_on_the_second_line(self):
        page = self.post("Phạm Thị Dung\nTrần Văn Mới\nPham Thi Dung")
        self.assertEqual([line.number for line in page.context["refused"]], [3])
        self.assertFalse(Person.objects.filter(full_name="Trần Văn Mới").exists())

    def test_a_start_outside_the_term_is_refused_on_every_line(self):
        page = self.client.post(self.url, {"lines": "Đỗ Văn Bình\nNguyễn Văn An – Chủ tịch", "start": "2024-01-01"})
        self.assertEqual([line.number for line in page.context["refused"]], [1, 2])
        self.assertIn("2018–2023", page.context["refused"][0].problem)

    def test_the_central_union_which_sees_no_names_of_the_union_is_not_offered_it(self):
        central = make_user("vufo", unit=self.u["vufo"], role=Role.ADMIN)
        self.client.force_login(central)
        self.assertNotContains(self.client.get(self.body.get_absolute_url()), self.url)
        self.assertEqual(self.post(confirm="1").status_code, 404)

    def test_an_editor_of_another_province_gets_404(self):
        self.client.force_login(make_user("bn", unit=self.u["bac_ninh"], role=Role.EDITOR))
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(confirm="1").status_code, 404)
        self.assertFalse(ElectedRole.objects.exists())
