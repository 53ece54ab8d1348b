"""Name search among many namesakes: a mistyped word is corrected against the names' own words,
a word already matched does not stand for another, a typo that spells another real name still
shows the common name it came from, and the vocabulary and the table of names the search reads
forget an erased person's name and count each name's persons (PostgreSQL, where they are tables)."""

from datetime import date
from unittest import mock

from django.db import connection
from django.test import TestCase

from amity.core import matching
from amity.units.testing import make_unit_tree, make_user

from .. import selectors, services
from .factories import compatriot


class NameSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bg-editor", unit=cls.u["bac_giang"], role="admin")
        unit = cls.u["bac_giang"]
        names = [
            "Lê Thị Hương", "Lê Thị Tiến Hương", "Trần Văn Thắng", "Trần Hoàng Thắng", "Trần Khánh Tâm",
            "Nguyễn Hồng Anh", "Nguyễn Hồng Anh Anh",
        ]  # fmt: skip
        names += ["Trần Văn Thanh", "Trần Văn Tâm", "Trần Thanh Tâm", "Lê Văn Thanh", "Võ Văn Hạnh"] * 3
        names += ["Bùi Thị Yến"] * 6 + ["Bùi Thu Yến"] * 4 + ["Bùi Thu Yến Anh"]
        cls.people = {name: compatriot(unit, name) for name in names}
        cls.yen = [compatriot(unit, "Bùi Thị Yến") for _ in range(5)]

    def found(self, query: str, limit: int = 3) -> list[str]:
        people = selectors.compatriot_list(user=self.editor)
        return [c.full_name for c in selectors.name_search(people, query, limit=limit)]

    def test_a_short_word_mistyped_ranks_the_name_a_keystroke_away_first(self):
        # "ti" typed in full (a word follows it) is not the beginning of "Tiến"
        self.assertEqual(self.found("le ti huong")[0], "Lê Thị Hương")
        # "oan" is one letter from "van", two from "hoang"
        self.assertEqual(self.found("tran oan thang")[0], "Trần Văn Thắng")
        # the word being typed, last, still finds the words it begins
        self.assertEqual(self.found("tran khanh ta", limit=1), ["Trần Khánh Tâm"])

    def test_a_name_word_matched_once_is_not_matched_again_by_a_mistyped_word(self):
        self.assertEqual(self.found("nguyen hong anh ianh")[:2], ["Nguyễn Hồng Anh Anh", "Nguyễn Hồng Anh"])

    def test_a_word_mistyped_into_another_name_is_found_among_more_namesakes_than_are_scored(self):
        """ "tan" is a name itself and one letter from "tran", "thanh", "van"...: the rows holding
        the other words as typed are read first, so a rare name is found however many rows
        the loose reading holds (here more than the rows scored)."""
        with mock.patch.object(matching, "TIER_NAMES", 4):
            self.assertEqual(self.found("tan khanh tam", limit=1), ["Trần Khánh Tâm"])

    def test_a_typo_spelling_another_real_name_still_shows_the_common_name_it_came_from(self):
        """ "bui thu yen" typed for Bùi Thị Yến: Bùi Thu Yến exists, four of them, and ranks first,
        as it should for whoever typed it; but the list of four is not all Bùi Thu Yến: the most
        common name of as many words a keystroke away has its place."""
        found = self.found("bui thu yen", limit=4)
        self.assertEqual(found[0], "Bùi Thu Yến")
        self.assertEqual(sorted(found), ["Bùi Thu Yến", "Bùi Thu Yến", "Bùi Thu Yến", "Bùi Thị Yến"])
        # typed right, the name typed fills the list
        self.assertEqual(self.found("bui thi yen", limit=4), ["Bùi Thị Yến"] * 4)

    def test_names_with_two_words_mistyped_are_read_only_when_no_name_is_a_keystroke_away(self):
        """Beside the name typed, or one a keystroke from it, a name two keystrokes away in two
        words (Hoàng Linh Thánh for "hoang minh khanh") would be noise; with two words mistyped,
        those are the names the search reads."""
        unit = self.u["bac_giang"]
        compatriot(unit, "Hoàng Minh Khánh")
        compatriot(unit, "Hoàng Linh Thánh")
        self.assertEqual(self.found("hoang minh khanh", limit=20), ["Hoàng Minh Khánh"])
        self.assertEqual(self.found("hoang minh khnh", limit=20), ["Hoàng Minh Khánh"])
        self.assertEqual(self.found("hoang mimh khamh", limit=20), ["Hoàng Minh Khánh"])
        self.assertEqual(self.found("hoang limh thamh", limit=20), ["Hoàng Linh Thánh"])

    def test_a_name_borne_by_more_persons_than_the_list_is_read_through_the_users_rows(self):
        """Another union's namesakes, recorded first, never take the list's places: each name's
        rows are read through what the user may see, and đ/Đ is folded like the other letters."""
        for _ in range(25):
            compatriot(self.u["hai_phong"], "Đặng Đức Đạt")
        own = [compatriot(self.u["bac_giang"], "Đặng Đức Đạt") for _ in range(3)]
        own.append(compatriot(self.u["bg_japan"], "Đặng Đức Đạt"))
        people = selectors.compatriot_list(user=self.editor)
        for typed in ("dang duc dat", "DANG DUC DAT", "đang đuc đat", "Đặng Đức Đạt", "dang duc dta"):
            with self.subTest(typed=typed):
                found = selectors.name_search(people, typed, limit=20)
                self.assertEqual(sorted(c.pk for c in found), [c.pk for c in own])

    def test_a_common_name_mistyped_fills_the_list_and_keeps_a_place_for_the_next_name(self):
        """ "nguyen thi huonh": more persons bear Nguyễn Thị Hương than the list holds (and more
        still in another union); the list stops at its length, and the next name has its place."""
        for unit in ("hai_phong", "bac_giang"):
            for _ in range(10):
                compatriot(self.u[unit], "Nguyễn Thị Hương")
        compatriot(self.u["bac_giang"], "Nguyễn Thị Thu Hương")
        found = self.found("nguyen thi huonh", limit=8)
        self.assertEqual(sorted(found), ["Nguyễn Thị Hương"] * 7 + ["Nguyễn Thị Thu Hương"])
        self.assertEqual(found[0], "Nguyễn Thị Hương")

    def test_the_table_of_names_counts_each_names_persons_through_renames_erasures_and_deletes(self):
        if connection.vendor != "postgresql":
            self.skipTest("the names are a table on PostgreSQL only (SQLite counts the names it reads)")

        def persons() -> dict[str, int]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT name, persons FROM diaspora_compatriot_name WHERE name LIKE 'bui %'")
                return dict(cursor.fetchall())

        self.assertEqual(persons(), {"bui thi yen": 11, "bui thu yen": 4, "bui thu yen anh": 1})
        renamed = self.yen[0]
        renamed.full_name = "Bùi Thu Yến"
        renamed.save()
        self.yen[1].occupation = "teacher"  # an update that keeps the name keeps the counts
        self.yen[1].save()
        services.compatriot_erase(actor=self.editor, compatriot=self.people["Bùi Thu Yến Anh"],
                                  requested_on=date(2026, 3, 1), reason="asked")  # fmt: skip
        self.yen[2].delete()  # marked deleted: the row and its name stay, restorable
        self.assertEqual(persons(), {"bui thi yen": 10, "bui thu yen": 5})
        with connection.cursor() as cursor:  # a row removed for good (a purge)
            cursor.execute("DELETE FROM diaspora_compatriot WHERE id = %s", [self.yen[3].pk])
        self.assertEqual(persons(), {"bui thi yen": 9, "bui thu yen": 5})

    def test_a_renamed_person_is_found_by_the_new_name_mistyped(self):
        person = self.people["Trần Khánh Tâm"]
        person.full_name = "Trần Khánh Tuyết"
        person.save()
        self.assertEqual(self.found("tran khanh tuyer", limit=1), ["Trần Khánh Tuyết"])

    def test_an_erased_persons_words_leave_the_vocabulary(self):
        if connection.vendor != "postgresql":
            self.skipTest("the vocabulary is a table on PostgreSQL only (SQLite reads it off the names)")
        person = compatriot(self.u["bac_giang"], "Khúc Thừa Dụ")

        def vocabulary() -> set[str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT word FROM diaspora_compatriot_word WHERE word IN ('khuc', 'thua', 'du', 'tran')")
                return {row[0] for row in cursor.fetchall()}

        self.assertEqual(vocabulary(), {"khuc", "thua", "du", "tran"})
        services.compatriot_erase(actor=self.editor, compatriot=person, requested_on=date(2026, 3, 1), reason="asked")
        self.assertEqual(vocabulary(), {"tran"})  # still another person's
        self.assertEqual(self.found("khuc thua du"), [])

    def test_the_words_a_query_word_may_stand_for_are_those_a_keystroke_away_and_no_further(self):
        """PostgreSQL finds them by their keys (a word and the word less one letter), which words
        two keystrokes away may share ("nha" and "anh": "nh"); the search takes the same words as
        SQLite does from every string a keystroke away."""
        if connection.vendor != "postgresql":
            self.skipTest("the vocabulary is a table on PostgreSQL only (SQLite reads it off the names)")
        from ..models import Compatriot

        for name in ["Lê Văn Nhã", "Lê Văn Ảnh", "Lê Văn Anh Tú", "Phạm Văn Hùng", "Phạm Văn Hưng Thịnh"]:
            compatriot(self.u["bac_giang"], name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT word FROM diaspora_compatriot_word")
            vocabulary = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT name, persons FROM diaspora_compatriot_name")
            persons = dict(cursor.fetchall())
        for typed in (["le", "van", "nha"], ["le", "vna", "anh"], ["pham", "van", "hugn"], ["thi", "huong"]):
            expansions, names = matching._vocabulary_lookup(Compatriot, typed)
            scanned = matching._scanned_lookup(vocabulary, typed)
            self.assertEqual({q: e.words for q, e in expansions.items()}, {q: e.words for q, e in scanned.items()})
            spelled = {name: persons[name] for name in matching.spellings(typed, vocabulary) if name in persons}
            self.assertEqual(names, spelled)
        lookup = matching._vocabulary_lookup(Compatriot, ["le", "van", "nha"])
        self.assertEqual(lookup[0]["nha"].words, {"nha"})
        self.assertEqual(lookup[1], {"le van nha": 1})  # not "le van anh", two keystrokes away


class VocabularyKeptByEveryWriteTests(TestCase):
    """The vocabulary, the names and the words' keys (PostgreSQL tables and index, kept by the
    compatriots' triggers) are the same whichever way the persons were written: a bulk import
    (COPY in batches) or one save at a time, and they follow renames and deletes."""

    NAMES = ["Khúc Thừa Dụ", "Khúc Thừa Hạo", "Jean-Pierre Lê", "Ngô Quyền", "Ngô Quyền", "Đinh Bộ Lĩnh"]

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bg-editor", unit=cls.u["bac_giang"], role="admin")

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("the vocabulary and the names are tables on PostgreSQL only")

    def tables(self) -> tuple[set[str], dict[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT word FROM diaspora_compatriot_word")
            vocabulary = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT name, persons FROM diaspora_compatriot_name")
            return vocabulary, dict(cursor.fetchall())

    def test_an_imports_words_and_names_are_those_of_one_save_at_a_time(self):
        from .. import imports
        from ..models import Compatriot

        unit = self.u["bac_giang"]
        rows = [f"{name},Nam,{1960 + i},,Bắc Giang,Séc,,15/01/2026" for i, name in enumerate(self.NAMES)]
        content = ("Họ và tên,Giới tính,Năm sinh,Ngày sinh,Quê quán,Nước cư trú,Điện thoại,Ngày đồng ý\n"
                   + "\n".join(rows) + "\n").encode()  # fmt: skip
        with mock.patch.object(imports, "BATCH", 4):  # two statements, the second repeating a name
            result = imports.check(content, "f.csv", unit=unit)  # the two Ngô Quyền born apart
            self.assertEqual(imports.commit(result, unit=unit, actor=self.editor), len(self.NAMES))
        imported = self.tables()
        self.assertEqual(imported[1]["ngo quyen"], 2)
        self.assertIn("jean", imported[0])  # punctuation splits words
        with connection.cursor() as cursor:  # every person removed for good: nothing is left
            cursor.execute("DELETE FROM diaspora_compatriot")
        self.assertEqual(self.tables(), (set(), {}))
        for name in self.NAMES:
            compatriot(unit, name)
        self.assertEqual(self.tables(), imported)
        self.assertEqual(Compatriot.objects.count(), len(self.NAMES))

    def test_a_word_leaves_with_the_last_name_holding_it(self):
        unit = self.u["bac_giang"]
        people = [compatriot(unit, name) for name in self.NAMES]
        people[1].full_name = "Khúc Thừa Mỹ"  # "hao" was only this name's
        people[1].save()
        vocabulary, names = self.tables()
        self.assertNotIn("hao", vocabulary)
        self.assertLessEqual({"khuc", "thua", "my", "du"}, vocabulary)
        self.assertEqual((names.get("khuc thua hao"), names["khuc thua my"]), (None, 1))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM diaspora_compatriot WHERE id = %s", [people[0].pk])  # "du" goes
            cursor.execute("DELETE FROM diaspora_compatriot WHERE id = %s", [people[3].pk])  # a namesake stays
        vocabulary, names = self.tables()
        self.assertNotIn("du", vocabulary)
        self.assertLessEqual({"khuc", "thua", "ngo", "quyen"}, vocabulary)
        self.assertEqual(names["ngo quyen"], 1)

    def test_the_keys_of_a_word_are_the_word_and_the_word_less_each_letter(self):
        """The keys index holds what ``search_word_keys`` gives; the function's body may change
        (migration 0018) only if every word keeps its keys."""
        words = ["a", "an", "hung", "nguyen", "2026", "thuong", "abcdefghijklmnopqrstuvwxyz0123456789"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT w, search_word_keys(w) FROM unnest(%s::text[]) AS w", [words])
            keys = dict(cursor.fetchall())
        expected = {w: [w] + [w[:i] + w[i + 1 :] for i in range(len(w))] for w in words}
        self.assertEqual(keys, expected)
        self.assertEqual(keys["hung"], ["hung", "ung", "hng", "hug", "hun"])
