"""Congresses open the terms that drive "current term" everywhere; bad input is refused with the field named."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from amity.core.once import reads_once
from amity.core.roles import Role
from amity.registry.models import Person
from amity.union import services
from amity.union.choices import TermSource
from amity.union.models import Congress, ElectedBody, ElectedRole
from amity.union.selectors import congress_bodies, term_for, terms_for
from amity.units.testing import make_unit_tree, make_user

from .factories import make_congress


class TermTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.hp_fifth = make_congress(cls.u["hai_phong"], 5, date(2018, 10, 20), date(2023, 10, 19))
        cls.hp_sixth = make_congress(cls.u["hai_phong"], 6, date(2023, 10, 20), date(2028, 10, 19))

    def test_a_union_takes_its_own_congress_term(self):
        term = term_for(self.u["hai_phong"], date(2020, 3, 1))
        self.assertEqual(
            (term.start, term.end, term.source, term.congress),
            (date(2018, 10, 20), date(2023, 10, 19), TermSource.OWN, self.hp_fifth),
        )
        self.assertEqual(term.label, "2018–2023")
        previous, current = terms_for(self.u["hai_phong"], date(2024, 1, 15))
        self.assertEqual((previous.congress, current.congress), (self.hp_fifth, self.hp_sixth))

    def test_an_association_without_congress_takes_its_parents_then_the_national_default(self):
        term = term_for(self.u["hp_laos"], date(2020, 3, 1))
        self.assertEqual((term.congress, term.source), (self.hp_fifth, TermSource.PARENT))
        before = term_for(self.u["hp_laos"], date(2016, 3, 1))  # no congress of Hải Phòng recorded then
        self.assertEqual(
            (before.start, before.end, before.source), (date(2013, 1, 1), date(2017, 12, 31), TermSource.NATIONAL)
        )

    def test_national_default_terms_are_data_and_continue_after_the_last_row(self):
        self.assertEqual(term_for(self.u["bac_ninh"], date(2023, 6, 1)).label, "2018–2023")
        self.assertEqual(
            (term_for(None, date(2026, 12, 4)).start, term_for(None, date(2026, 12, 4)).end),
            (date(2024, 1, 1), date(2028, 12, 31)),
        )
        later = term_for(None, date(2031, 1, 1))
        self.assertEqual((later.start, later.end), (date(2029, 1, 1), date(2033, 12, 31)))
        previous, current = terms_for(None, date(2029, 1, 1))
        self.assertEqual((previous.label, current.label), ("2024–2028", "2029–2033"))

    def test_a_requests_terms_cost_three_queries_and_a_new_congress_is_read_at_the_next(self):
        with reads_once(), self.assertNumQueries(3):  # the units, the congresses above, the national terms
            previous, current = terms_for(self.u["hp_laos"], date(2016, 3, 1))
            self.assertEqual(term_for(self.u["hp_laos"], date(2016, 3, 1)), current)
        self.assertEqual((previous.source, current.source), (TermSource.NATIONAL, TermSource.NATIONAL))
        own = make_congress(self.u["hp_laos"], 1, date(2015, 1, 1), date(2017, 12, 31))
        self.assertEqual(term_for(self.u["hp_laos"], date(2016, 3, 1)).congress, own)
        self.assertEqual(term_for(self.u["hai_phong"], date(2016, 3, 1)).source, TermSource.NATIONAL)  # not its own

    def test_api_gives_the_units_terms(self):
        client = APIClient()
        client.force_authenticate(make_user("hp", unit=self.u["hai_phong"]))
        body = client.get(f"/api/union/term/?unit={self.u['hai_phong'].pk}&day=2024-02-01").json()
        self.assertEqual(
            (body["current"]["label"], body["current"]["source"], body["current"]["congress"]),
            ("2023–2028", "own", self.hp_sixth.pk),
        )
        self.assertEqual(body["previous"]["congress"], self.hp_fifth.pk)


class CongressInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.fifth = make_congress(cls.u["hai_phong"], 5, date(2018, 10, 20), date(2023, 10, 19))

    def data(self, **kw):
        base = {
            "unit": self.u["hai_phong"],
            "ordinal": 6,
            "held_on": date(2023, 10, 20),
            "term_start": date(2023, 10, 20),
            "term_end": date(2028, 10, 19),
        }
        return {**base, **kw}

    def test_overlapping_term_is_refused_with_the_field_named(self):
        with self.assertRaises(ValidationError) as caught:
            services.congress_create(actor=self.editor, data=self.data(term_start=date(2023, 1, 1)))
        self.assertIn("term_start", caught.exception.message_dict)
        self.assertIn("2018–2023", caught.exception.message_dict["term_start"][0])
        self.assertEqual(Congress.objects.count(), 1)

    def test_ordinal_out_of_sequence_is_refused(self):
        for ordinal in (5, 4):  # the same ordinal again, or a lower one after the 5th
            with self.subTest(ordinal=ordinal), self.assertRaises(ValidationError) as caught:
                services.congress_create(actor=self.editor, data=self.data(ordinal=ordinal))
            self.assertIn("ordinal", caught.exception.message_dict)
        earlier = self.data(
            ordinal=7, held_on=date(2013, 5, 1), term_start=date(2013, 5, 1), term_end=date(2018, 4, 30)
        )
        with self.assertRaises(ValidationError) as caught:
            services.congress_create(actor=self.editor, data=earlier)
        self.assertIn("ordinal", caught.exception.message_dict)
        self.assertEqual(Congress.objects.count(), 1)

    def test_api_refuses_with_the_field_and_writes_nothing(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        payload = {
            "unit": self.u["hai_phong"].pk,
            "ordinal": 6,
            "held_on": "2023-10-20",
            "term_start": "2023-06-01",
            "term_end": "2028-10-19",
        }
        response = client.post("/api/union/congresses/", payload, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("term_start", response.json())
        payload["term_start"] = "2023-10-20"
        response = client.post("/api/union/congresses/", payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["term_label"], "2023–2028")

    def test_month_precision_date_with_day_digits_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.congress_create(
                actor=self.editor, data=self.data(held_on=date(2023, 10, 20), held_on_precision="month")
            )
        self.assertIn("held_on", caught.exception.message_dict)


class ElectedBodyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.congress = make_congress(cls.u["hai_phong"], 5, date(2018, 10, 20), date(2023, 10, 19))
        cls.body = ElectedBody.objects.create(congress=cls.congress, kind="executive", size=23)
        cls.binh = Person.objects.create(unit=cls.u["hai_phong"], full_name="Đỗ Văn Bình")
        cls.other = Person.objects.create(unit=cls.u["hai_phong"], full_name="Nguyễn Văn Hai")
        cls.bg_person = Person.objects.create(unit=cls.u["bac_giang"], full_name="Người Bắc Giang")

    def chair(self, person, start=date(2018, 10, 20)):
        return services.elected_role_create(
            actor=self.editor, data={"body": self.body, "person": person, "position": "chair", "start": start}
        )

    def test_people_are_added_from_the_body_page_starting_on_the_congress_day_and_back_to_it(self):
        self.client.force_login(self.editor)
        body_page = self.client.get(self.body.get_absolute_url())
        add = re.search(r'href="([^"]*/union/roles/add/[^"]*)"', body_page.content.decode())[1].replace("&amp;", "&")
        form = self.client.get(add).context["form"]
        self.assertEqual((form["body"].value(), form["start"].value()), (str(self.body.pk), date(2018, 10, 20)))
        data = {"body": self.body.pk, "person": self.binh.pk, "position": "chair", "start": "2018-10-20"}
        saved = self.client.post(add, data)
        self.assertRedirects(saved, self.body.get_absolute_url())  # to add the next person
        congress_page = self.client.get(self.congress.get_absolute_url()).content.decode()
        from_congress = re.search(r'href="([^"]*/union/roles/add/[^"]*)"', congress_page)[1].replace("&amp;", "&")
        self.assertEqual(self.client.get(from_congress).context["form"]["start"].value(), date(2018, 10, 20))

    def test_one_chair_at_a_time_and_a_replacement_ends_the_former_role(self):
        first = self.chair(self.binh)
        with self.assertRaises(ValidationError) as caught:
            self.chair(self.other, date(2020, 1, 1))
        self.assertIn("position", caught.exception.message_dict)
        new = services.elected_role_replace(actor=self.editor, role=first, person=self.other, on=date(2021, 3, 1))
        first.refresh_from_db()
        self.assertEqual(first.end, date(2021, 2, 28))
        self.assertEqual((new.replaces, new.start, new.position), (first, date(2021, 3, 1), "chair"))

    def test_the_replacement_is_typed_not_chosen_among_everyone(self):
        """The replace page offers a box that searches the registry (the central union sees
        100,000 people), not a list of them; the person typed is taken over from the day given."""
        first = self.chair(self.binh)
        self.client.force_login(self.editor)
        url = reverse("union:electedrole_replace", args=[first.pk])
        page = self.client.get(url).content.decode()
        self.assertIn('data-autocomplete="/autocomplete/registry.person/"', page)
        self.assertNotIn(self.other.full_name, page)
        self.client.post(url, {"person": self.other.pk, "on": "2021-03-01"})
        self.assertEqual(ElectedRole.objects.get(replaces=first).person, self.other)

    def test_a_person_of_another_province_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.chair(self.bg_person)
        self.assertIn("person", caught.exception.message_dict)
        self.assertFalse(ElectedRole.objects.exists())

    def test_re_election_shows_on_the_next_congress(self):
        self.chair(self.binh)
        sixth = make_congress(self.u["hai_phong"], 6, date(2023, 10, 20), date(2028, 10, 19))
        body = ElectedBody.objects.create(congress=sixth, kind="executive", size=25)
        services.elected_role_create(
            actor=self.editor,
            data={"body": body, "person": self.binh, "position": "chair", "start": date(2023, 10, 20)},
        )
        services.elected_role_create(
            actor=self.editor,
            data={"body": body, "person": self.other, "position": "member", "start": date(2023, 10, 20)},
        )
        roles = {
            r.person.full_name: r.re_elected
            for b in congress_bodies(user=self.editor, congress=sixth)
            for r in b.role_rows
        }
        self.assertEqual(roles, {"Đỗ Văn Bình": True, "Nguyễn Văn Hai": False})

    def test_replace_through_the_api(self):
        first = self.chair(self.binh)
        client = APIClient()
        client.force_authenticate(self.editor)
        bad = client.post(
            f"/api/union/roles/{first.pk}/replace/", {"person": self.other.pk, "on": "2017-01-01"}, format="json"
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("on", bad.json())
        ok = client.post(
            f"/api/union/roles/{first.pk}/replace/", {"person": self.other.pk, "on": "2021-03-01"}, format="json"
        )
        self.assertEqual(ok.status_code, 201, ok.content)
        self.assertEqual(ok.json()["replaces"], first.pk)
