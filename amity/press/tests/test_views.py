"""Screens and API of the press module: lists, search, detail with highlighted facts, the
confirming screen, the read endpoint and the command, and who may see what."""

import datetime
import io
import json
import re
import tempfile

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import override
from rest_framework.test import APIClient

from amity.activities.models import Activity
from amity.aid.models import AidItem
from amity.core.roles import Role
from amity.diaspora.legacy import from_unicode
from amity.press import services
from amity.press.choices import FactStatus
from amity.press.models import Article, Fact
from amity.units.testing import ScopeMatrixMixin, make_unit_tree, make_user

from .factories import ZH_TEXT, ArticleFactory, blank_pdf

VI_TEXT = "Đoàn đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang thăm Đức, vận động 37 tỷ đồng."
RU_TEXT = "Союз организаций дружбы провинции Хатинь получил 14,5 млн долларов США."


class ArticleScopeTests(ScopeMatrixMixin, TestCase):
    model = Article
    ui, api = "press:article", "press-api:article"

    @classmethod
    def make(cls, unit, label):
        return ArticleFactory(unit=unit, title=label)


class ArticleScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("press-editor", unit=cls.u["bac_giang"])
        cls.other = make_user("press-hp", unit=cls.u["hai_phong"])
        make = lambda title, text: services.article_create(  # noqa: E731
            actor=cls.editor, data={"unit": cls.u["bac_giang"], "title": title, "text": text}
        )
        cls.vi, cls.zh, cls.ru = make("Tin tiếng Việt", VI_TEXT), make("中文", ZH_TEXT), make("Русский", RU_TEXT)

    def setUp(self):
        self.client.force_login(self.editor)

    def titles(self, query):
        response = self.client.get(reverse("press:article_list"), {"q": query})
        return {a.title for a in response.context["table"].data}

    def test_search_ignores_vietnamese_marks_and_finds_chinese_and_russian_words(self):
        self.assertEqual(self.titles("lien hiep duc"), {"Tin tiếng Việt"})  # "Đức" without its marks
        self.assertEqual(self.titles("Liên HIỆP"), {"Tin tiếng Việt"})
        self.assertEqual(self.titles("友好组织"), {"中文"})
        self.assertEqual(self.titles("дружбы"), {"Русский"})
        self.assertEqual(self.titles("Hatinh-nowhere"), set())
        self.client.force_login(self.other)
        self.assertEqual(self.titles("lien hiep"), set())  # another province's articles stay hidden

    def test_global_search_lists_articles(self):
        response = self.client.get(reverse("search"), {"q": "lien hiep"})
        self.assertContains(response, "Tin tiếng Việt")  # a word of its text

    def test_global_search_finds_a_title_typed_with_a_typo_first(self):
        services.article_create(
            actor=self.editor,
            data={"unit": self.u["bac_giang"], "title": "Bắc Giang đón đoàn Kinderhilfe", "text": "Đoàn thăm tỉnh."},
        )
        response = self.client.get(reverse("search"), {"q": "Kinderhlfe bac giang"})
        found = [r for g in response.context["groups"] for r in g["results"] if isinstance(r, Article)]
        self.assertEqual([a.title for a in found][:1], ["Bắc Giang đón đoàn Kinderhilfe"])

    def test_detail_highlights_each_fact_and_escapes_the_text(self):
        # stored before the services cleaned HTML (or by hand): the page still shows it as text
        article = ArticleFactory(unit=self.u["bac_giang"], language="vi", text="<script>alert(1)</script> 37 tỷ đồng")
        services.article_read(actor=self.editor, article=article)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, 'data-kind="money"')
        self.assertContains(response, ">37 tỷ đồng</mark>")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(
            response, "&lt;script&gt;alert(1)&lt;/script&gt;", count=1
        )  # the text once, not its search form

    def test_confirm_screen_accepts_a_date_into_an_activity_then_the_activity_lists_the_article(self):
        url = reverse("press:article_facts", args=[self.zh.pk])
        response = self.client.get(url)
        self.assertContains(response, "950万美元")
        self.assertContains(response, "<kbd>j</kbd> / <kbd>↓</kbd> dữ kiện tiếp theo")  # the keys, with their legend
        date_fact = self.zh.facts.get(kind="date")
        self.client.post(
            reverse("press:fact_decide", args=[date_fact.pk]), {"decision": "accept", "target": "activity"}
        )
        date_fact.refresh_from_db()
        activity = Activity.objects.get(pk=date_fact.record_id)
        self.assertEqual(activity.start_date, datetime.date(2023, 12, 2))
        page = self.client.get(activity.get_absolute_url())
        self.assertContains(page, self.zh.get_absolute_url())
        money = self.zh.facts.get(kind="money")
        self.client.post(reverse("press:fact_decide", args=[money.pk]), {"decision": "reject"})
        money.refresh_from_db()
        self.assertEqual(money.status, FactStatus.REJECTED)

    def test_accepting_money_into_a_new_aid_item_asks_the_rest_on_the_aid_form_prefilled(self):
        money = self.vi.facts.get(kind="money")
        answer = self.client.post(
            reverse("press:fact_decide", args=[money.pk]),
            {"decision": "accept", "target": "aid_item", "corrected": '{"amount": "38000000000", "currency": "VND"}'},
        )
        form_url = answer["Location"]
        self.assertTrue(form_url.startswith(reverse("press:fact_record", args=[money.pk])))
        page = self.client.get(form_url)
        self.assertEqual(page.context["form"].initial["title_vi"], "Tin tiếng Việt")
        self.assertContains(page, "37 tỷ đồng")
        self.assertContains(page, "38000000000")  # the correction comes along
        garbled = self.client.post(
            form_url,
            {"target": "aid_item", "corrected": "{38", "unit": self.u["bac_giang"].pk, "kind": "project",
             "title_vi": "Vận động", "committed_on": "2024-03-14"},
        )  # fmt: skip
        self.assertTrue(garbled.context["form"].non_field_errors())  # the correction is not JSON: said, not dropped
        missing = self.client.post(form_url, {"target": "aid_item", "unit": self.u["bac_giang"].pk, "kind": "project"})
        self.assertIn("title_vi", missing.context["form"].errors)
        self.assertIn("committed_on", missing.context["form"].errors)
        self.assertEqual(Fact.objects.get(pk=money.pk).status, FactStatus.PROPOSED)  # nothing written
        done = self.client.post(
            form_url,
            {
                "target": "aid_item",
                "corrected": '{"amount": "38000000000", "currency": "VND"}',
                "unit": self.u["bac_giang"].pk,
                "kind": "project",
                "title_vi": "Vận động của đoàn",
                "committed_on": "2024-03-14",
            },
        )
        self.assertRedirects(
            done, reverse("press:article_facts", args=[self.vi.pk]) + f"#fact-{money.pk}", fetch_redirect_response=False
        )
        money.refresh_from_db()
        item = AidItem.objects.get(pk=money.record_id)
        self.assertEqual(item.transactions.get().amount, 38_000_000_000)
        self.assertEqual(money.corrected["amount"], "38000000000")
        self.assertContains(self.client.get(item.get_absolute_url()), self.vi.get_absolute_url())

    def test_the_api_accepts_money_into_a_new_aid_item_taking_what_it_leaves_out_from_the_fact(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        money = self.vi.facts.get(kind="money")
        url = reverse("press-api:fact-accept", args=[money.pk])
        refused = client.post(url, {"target": "aid_item", "fields": {"kind": "no such kind"}}, format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("kind", refused.json())
        self.assertEqual(Fact.objects.get(pk=money.pk).status, FactStatus.PROPOSED)
        answer = client.post(
            url, {"target": "aid_item", "fields": {"kind": "project", "committed_on": "2024-03-14"}}, format="json"
        )
        self.assertEqual(answer.status_code, 200, answer.content)
        item = AidItem.objects.get(pk=answer.json()["record_id"])
        self.assertEqual((item.title_vi, item.unit), ("Tin tiếng Việt", self.u["bac_giang"]))  # from the article
        self.assertEqual(item.transactions.get().amount, 37_000_000_000)

    def test_the_new_record_form_is_only_for_targets_the_fact_may_become(self):
        date_fact = self.vi.facts.filter(kind="organisation").first()
        url = reverse("press:fact_record", args=[date_fact.pk])
        self.assertEqual(self.client.get(url, {"target": "aid_item"}).status_code, 404)
        self.client.force_login(self.other)
        money = self.vi.facts.get(kind="money")
        self.assertEqual(
            self.client.get(reverse("press:fact_record", args=[money.pk]), {"target": "aid_item"}).status_code, 404
        )

    def test_another_province_cannot_decide_on_facts(self):
        self.client.force_login(self.other)
        fact = self.zh.facts.first()
        response = self.client.post(reverse("press:fact_decide", args=[fact.pk]), {"decision": "reject"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(reverse("press:article_facts", args=[self.zh.pk])).status_code, 404)
        fact.refresh_from_db()
        self.assertEqual(fact.status, FactStatus.PROPOSED)

    def test_the_form_names_related_records_by_typing_not_from_lists_of_all_of_them(self):
        page = self.client.get(reverse("press:article_add")).content.decode()
        related = ("partners", "activities", "aid_items", "awards", "plans")
        selects = dict(re.findall(r'<select name="(\w+)"([^>]*)>', page))
        selects = {name: attrs for name, attrs in selects.items() if name in related}
        self.assertEqual(sorted(selects), sorted(related))
        self.assertEqual([name for name, attrs in selects.items() if "data-autocomplete" not in attrs], [])

    def test_upload_through_the_form(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        page = "<html><body><script>x()</script><p>Hải Phòng nhận 950 USD</p></body></html>".encode()
        response = self.client.post(
            reverse("press:article_add"),
            {"unit": self.u["bac_giang"].pk, "title": "Trang web", "file": SimpleUploadedFile("tin.html", page)},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        article = Article.objects.get(title="Trang web")
        self.assertEqual(
            (article.text, article.source_format, article.language), ("Hải Phòng nhận 950 USD", "html", "vi")
        )
        bad = self.client.post(
            reverse("press:article_add"),
            {"unit": self.u["bac_giang"].pk, "title": "Nhị phân", "file": SimpleUploadedFile("tin.txt", b"\x00" * 100)},
        )
        self.assertContains(bad, "tin.txt: đây không phải tệp văn bản (chứa dữ liệu nhị phân)", status_code=400)
        self.assertFalse(Article.objects.filter(title="Nhị phân").exists())
        scanned = self.client.post(
            reverse("press:article_add"),
            {"unit": self.u["bac_giang"].pk, "title": "Bản quét", "file": SimpleUploadedFile("scan.pdf", blank_pdf())},
        )
        self.assertContains(scanned, "scan.pdf:", status_code=400)
        self.assertFalse(Article.objects.filter(title="Bản quét").exists())


class ReadEndpointAndCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("press-api", unit=cls.u["bac_giang"], role=Role.VIEWER)

    def test_read_endpoint_answers_the_proposals_as_json(self):
        client = APIClient()
        client.force_authenticate(self.user)
        response = client.post(reverse("press-api:read"), {"text": ZH_TEXT, "language": "auto"}, format="json")
        self.assertEqual(response.status_code, 200)
        money = [f for f in response.json() if f["kind"] == "money"]
        self.assertEqual(money, [{"kind": "money", "start": ZH_TEXT.index("950"), "end": ZH_TEXT.index("950") + 6,
                                  "text": "950万美元", "value": {"amount": "9500000", "currency": "USD", "qualifier": None}}])  # fmt: skip
        union = next(f for f in response.json() if f["kind"] == "organisation")
        self.assertEqual(union["value"]["unit_id"], self.u["bac_giang"].pk)
        self.assertEqual(client.post(reverse("press-api:read"), {"text": " "}, format="json").status_code, 400)
        self.assertFalse(Article.objects.exists())

    def test_bad_input_through_the_api_and_the_command_says_what_and_writes_nothing(self):
        client = APIClient()
        client.force_authenticate(self.user)
        too_long = client.post(reverse("press-api:read"), {"text": "37 tỷ đồng. " * 20_000}, format="json")
        self.assertEqual(too_long.status_code, 400)
        self.assertIn("200000", " ".join(too_long.json()["text"]))  # the limit, in characters
        # a body over the server's upload limit is refused as JSON that says so, not an HTML page
        too_big = client.post(reverse("press-api:read"), {"text": "đ" * 1_400_000}, format="json")
        self.assertEqual(too_big.status_code, 413)
        self.assertIn("2.5 MB", too_big.json()["detail"])
        editor = make_user("press-api-editor", unit=self.u["bac_giang"])
        client.force_authenticate(editor)
        page = "<p onclick='x()'>Hải Phòng nhận 950 USD<script>alert(1)</script></p>"
        made = client.post(
            reverse("press-api:article-list"),
            {"unit": self.u["bac_giang"].pk, "title": "API", "text": page},
            format="json",
        )
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(Article.objects.get(title="API").text, "Hải Phòng nhận 950 USD")
        empty = client.post(
            reverse("press-api:article-list"),
            {"unit": self.u["bac_giang"].pk, "title": "Rỗng", "text": " "},
            format="json",
        )
        self.assertEqual(empty.status_code, 400)
        self.assertFalse(Article.objects.filter(title="Rỗng").exists())
        with tempfile.TemporaryDirectory() as directory:
            binary, legacy = f"{directory}/tin.txt", f"{directory}/tcvn3.txt"
            with open(binary, "wb") as handle:
                handle.write(b"\x00\x01binary" * 100)
            with open(legacy, "wb") as handle:
                handle.write(from_unicode("Hải Phòng vận động 37 tỷ đồng", "tcvn3").encode("cp1252"))
            with self.assertRaisesMessage(CommandError, "tin.txt: this is not a text file"):
                with override("en"):
                    call_command("press_read", binary, stdout=io.StringIO())
            out = io.StringIO()
            call_command("press_read", legacy, stdout=out)
        self.assertIn("37 tỷ đồng", [f["text"] for f in json.loads(out.getvalue())])

    def test_command_prints_json(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as handle:
            handle.write(ZH_TEXT)
            handle.flush()
            out = io.StringIO()
            call_command("press_read", handle.name, "--language", "auto", stdout=out)
        facts = json.loads(out.getvalue())
        self.assertIn({"kind": "period", "start": ZH_TEXT.index("2018"), "end": ZH_TEXT.index("2018") + 11,
                       "text": "2018年-2023年", "value": {"start_year": 2018, "end_year": 2023}}, facts)  # fmt: skip
