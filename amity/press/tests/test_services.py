"""Articles, their reading and the decisions on facts, as the services do them."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils.translation import override

from amity.activities.models import Activity
from amity.aid.models import AidItem
from amity.audit.models import ObjectChange
from amity.awards.models import Award
from amity.awards.tests.factories import DecisionFactory
from amity.diaspora.legacy import from_unicode
from amity.plans.models import Plan
from amity.plans.tests.factories import DirectiveFactory
from amity.press import intake, services
from amity.press.choices import FactStatus, Target
from amity.press.models import Article, Fact
from amity.press.reader import MAX_CHARS
from amity.registry.models import Organisation
from amity.registry.tests.factories import PersonFactory
from amity.union.models import Congress, StatedFigure
from amity.union.tests.factories import metric
from amity.units.testing import make_unit_tree, make_user

from .factories import ZH_TEXT, blank_pdf


def create(user, unit, **data):
    return services.article_create(
        actor=user,
        data={"unit": unit, "title": "Tin", "text": ZH_TEXT, "published_on": datetime.date(2023, 12, 3), **data},
    )


class ArticleReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("press-bg", unit=cls.u["bac_giang"])

    def test_creating_an_article_detects_its_language_and_proposes_its_facts(self):
        article = create(self.user, self.u["bac_giang"])
        self.assertEqual(article.language, "zh")
        facts = {(f.kind, f.text): f for f in article.facts.all()}
        money = facts[("money", "950万美元")]
        self.assertEqual(money.value["amount"], "9500000")
        self.assertEqual(article.text[money.start : money.end], "950万美元")
        union = facts[("organisation", "北江省友好组织联合会")]
        self.assertEqual(union.value["unit_id"], self.u["bac_giang"].pk)  # matched to the unit across scripts
        self.assertTrue(all(f.status == FactStatus.PROPOSED for f in facts.values()))

    def test_rereading_keeps_decisions_and_proposes_nothing_decided_again(self):
        article = create(self.user, self.u["bac_giang"])
        money = article.facts.get(kind="money")
        period = article.facts.get(kind="period")
        services.fact_reject(actor=self.user, fact=period)
        services.fact_accept(actor=self.user, fact=money, target=Target.NOTE)
        count_before = article.facts.count()
        edited = "Tin mới. " + article.text
        services.article_update(actor=self.user, instance=article, data={"text": edited})
        self.assertEqual(article.facts.count(), count_before)
        money.refresh_from_db()
        self.assertEqual((money.status, edited[money.start : money.end]), (FactStatus.ACCEPTED, "950万美元"))
        self.assertEqual(article.facts.get(kind="period").status, FactStatus.REJECTED)
        self.assertEqual(services.article_read(actor=self.user, article=article)["new"], 0)

    def test_accepting_a_date_makes_an_activity_with_the_article_as_source(self):
        article = create(self.user, self.u["bac_giang"])
        date_fact = article.facts.get(kind="date")
        services.fact_accept(
            actor=self.user, fact=date_fact, target=Target.ACTIVITY, data={"title": "Gặp đoàn Nhật Bản"}
        )
        activity = Activity.objects.get(title="Gặp đoàn Nhật Bản")
        self.assertEqual(activity.start_date, datetime.date(2023, 12, 2))
        self.assertEqual((activity.start_date_precision, activity.start_date_inferred), ("day", False))
        self.assertEqual(activity.unit, self.u["bac_giang"])
        self.assertEqual(list(activity.press_articles.all()), [article])
        date_fact.refresh_from_db()
        self.assertEqual((date_fact.record_model, date_fact.record_id), ("activities.activity", activity.pk))
        self.assertTrue(ObjectChange.objects.filter(object_id=activity.pk, content_type__model="activity").exists())

    def test_a_month_and_an_inferred_year_stay_so_in_the_activity(self):
        article = create(
            self.user,
            self.u["bac_giang"],
            text="Tháng 5/2022 và sáng 14-9 đoàn công tác thăm Nhật Bản.",
            published_on=datetime.date(2022, 9, 20),
        )
        month, day = article.facts.filter(kind="date").order_by("start")
        for fact, title in ((month, "Tháng năm"), (day, "Sáng 14-9")):
            services.fact_accept(actor=self.user, fact=fact, target=Target.ACTIVITY, data={"title": title})
        may, september = Activity.objects.get(title="Tháng năm"), Activity.objects.get(title="Sáng 14-9")
        self.assertEqual(
            (may.start_date, may.start_date_precision, may.start_date_inferred),
            (datetime.date(2022, 5, 1), "month", False),
        )
        self.assertEqual(
            (september.start_date, september.start_date_precision, september.start_date_inferred),
            (datetime.date(2022, 9, 14), "day", True),
        )

    def test_money_becomes_a_stated_figure_for_the_period_read_before_it_and_a_term_a_congress(self):
        article = create(self.user, self.u["bac_giang"], url="https://baobacgiang.vn/tin")
        money = article.facts.get(kind="money")
        services.fact_accept(
            actor=self.user, fact=money, target=Target.STATED_FIGURE, data={"metric": metric("aid_mobilised")}
        )
        figure = StatedFigure.objects.get(pk=Fact.objects.get(pk=money.pk).record_id)
        self.assertEqual((figure.value, figure.currency, figure.qualifier), (Decimal("9500000"), "USD", "exact"))
        self.assertEqual(
            (figure.period_start, figure.period_end), (datetime.date(2018, 1, 1), datetime.date(2023, 1, 1))
        )
        self.assertEqual((figure.period_start_precision, figure.period_end_precision), ("year", "year"))
        self.assertEqual(
            (figure.source_kind, figure.source_url, figure.unit),
            ("article", "https://baobacgiang.vn/tin", self.u["bac_giang"]),
        )
        count = article.facts.get(kind="count")
        with self.assertRaises(ValidationError):  # no metric: nothing written, still proposed
            services.fact_accept(actor=self.user, fact=count, target=Target.STATED_FIGURE)
        self.assertEqual(Fact.objects.get(pk=count.pk).status, FactStatus.PROPOSED)
        term = article.facts.get(kind="period")
        services.fact_accept(
            actor=self.user,
            fact=term,
            target=Target.CONGRESS,
            corrected={"start_year": 2018, "end_year": 2023, "ordinal": 5},
        )
        congress = Congress.objects.get(unit=self.u["bac_giang"])
        self.assertEqual(
            (congress.ordinal, congress.term_start, congress.term_end),
            (5, datetime.date(2018, 1, 1), datetime.date(2023, 12, 31)),
        )
        self.assertEqual(congress.held_on, datetime.date(2023, 12, 2))  # the date read before the term

    def test_corrected_then_accepted_into_an_existing_partner(self):
        partner = Organisation.objects.create(unit=self.u["bac_giang"], kind="other", name="Đối tác")
        article = create(self.user, self.u["bac_giang"])
        fact = article.facts.get(kind="organisation")
        services.fact_accept(actor=self.user, fact=fact, target=Target.PARTNER, record=partner)
        self.assertIn(partner, article.partners.all())
        money = article.facts.get(kind="money")
        services.fact_accept(
            actor=self.user, fact=money, target=Target.NOTE, corrected={"amount": "9 600 000", "currency": "usd"}
        )
        money.refresh_from_db()
        self.assertEqual(money.current_value["amount"], "9600000")
        self.assertEqual(money.current_value["currency"], "USD")
        with self.assertRaises(ValidationError):
            services.fact_reject(actor=self.user, fact=money)  # already decided

    def test_a_wrong_correction_writes_nothing(self):
        article = create(self.user, self.u["bac_giang"])
        money = article.facts.get(kind="money")
        with self.assertRaises(ValidationError):
            services.fact_accept(
                actor=self.user, fact=money, target=Target.NOTE, corrected={"amount": "many", "currency": "USD"}
            )
        money.refresh_from_db()
        self.assertEqual((money.status, money.corrected), (FactStatus.PROPOSED, None))


VI_TEXT = (
    "Ngày 14/3/2024, Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang tiếp nhận 2,5 tỷ đồng của tổ chức Plan. "
    "Kế hoạch số 210-KH/TU ngày 15-3-2023 của Tỉnh ủy được triển khai. "
    "Dịp này, Bằng khen của Chủ tịch UBND tỉnh được trao cho ông Tanaka."
)


class NewRecordTests(TestCase):
    """Accepting a fact into a new aid item, plan or award, through each module's service."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("press-new", unit=cls.u["bac_giang"])
        cls.directive = DirectiveFactory(unit=cls.u["bac_giang"])
        cls.decision = DecisionFactory(unit=cls.u["bac_giang"])
        cls.friend = PersonFactory(unit=cls.u["bac_giang"], kind="foreign_friend")

    def setUp(self):
        self.article = create(
            self.user, self.u["bac_giang"], text=VI_TEXT, published_on=datetime.date(2024, 3, 20), title="Tin Bắc Giang"
        )

    def test_money_becomes_an_aid_item_with_its_commitment_and_the_article_linked(self):
        money = self.article.facts.get(kind="money")
        self.assertEqual(
            services.fact_record_initial(money, Target.AID_ITEM)["committed_on"], datetime.date(2024, 3, 14)
        )  # the date read before the amount
        services.fact_accept(
            actor=self.user,
            fact=money,
            target=Target.AID_ITEM,
            corrected={"amount": "2 600 000 000", "currency": "vnd"},
            data={"title_vi": "Hỗ trợ của Plan", "kind": "project", "committed_on": datetime.date(2024, 3, 14)},
        )
        money.refresh_from_db()
        item = AidItem.objects.get(pk=money.record_id)
        commitment = item.transactions.get()
        self.assertEqual(
            (item.title_vi, item.unit, commitment.kind, commitment.amount, commitment.currency, commitment.date),
            (
                "Hỗ trợ của Plan",
                self.u["bac_giang"],
                "commitment",
                Decimal("2600000000"),
                "VND",
                datetime.date(2024, 3, 14),
            ),
        )  # the corrected amount, not the one read
        self.assertEqual(list(item.press_articles.all()), [self.article])
        self.assertEqual((money.status, money.record_model), (FactStatus.ACCEPTED, "aid.aiditem"))
        self.assertEqual(self.article.text[money.start : money.end], "2,5 tỷ đồng")  # the span as read stays linked
        changes = ObjectChange.objects.filter(content_type__model__in=["aiditem", "aidtransaction"])
        self.assertEqual({c.actor_id for c in changes}, {self.user.pk})
        self.assertEqual(services.article_read(actor=self.user, article=self.article)["new"], 0)
        self.assertEqual(self.article.facts.filter(kind="money").count(), 1)  # not proposed again

    def test_a_document_number_becomes_a_plan_dated_as_the_text_says(self):
        document = self.article.facts.get(kind="document")
        initial = services.fact_record_initial(document, Target.PLAN)
        self.assertEqual((initial["number"], initial["issued_on"]), ("210-KH/TU", datetime.date(2023, 3, 15)))
        services.fact_accept(
            actor=self.user,
            fact=document,
            target=Target.PLAN,
            data={"directive": self.directive, "issuing_body": "Tỉnh ủy Bắc Giang"},
        )
        plan = Plan.objects.get(pk=Fact.objects.get(pk=document.pk).record_id)
        self.assertEqual(
            (plan.number, plan.issued_on, plan.title, plan.unit, plan.directive),
            ("210-KH/TU", datetime.date(2023, 3, 15), "Tin Bắc Giang", self.u["bac_giang"], self.directive),
        )
        self.assertEqual(list(plan.press_articles.all()), [self.article])

    def test_a_plan_without_what_it_implements_writes_nothing(self):
        document = self.article.facts.get(kind="document")
        with self.assertRaises(ValidationError) as caught:
            services.fact_accept(actor=self.user, fact=document, target=Target.PLAN, data={})
        self.assertIn("directive", caught.exception.message_dict)
        self.assertFalse(Plan.objects.filter(number="210-KH/TU").exists())
        self.assertEqual(Fact.objects.get(pk=document.pk).status, FactStatus.PROPOSED)

    def test_an_award_read_becomes_a_recipient_of_a_decision_cited_with_its_sentence(self):
        award = self.article.facts.get(kind="award")
        services.fact_accept(
            actor=self.user, fact=award, target=Target.AWARD, data={"decision": self.decision, "person": self.friend}
        )
        record = Award.objects.get(pk=Fact.objects.get(pk=award.pk).record_id)
        self.assertEqual((record.decision, record.person, record.origin), (self.decision, self.friend, "foreign"))
        self.assertIn("Bằng khen của Chủ tịch UBND tỉnh được trao cho ông Tanaka", record.citation)
        self.assertEqual(list(record.press_articles.all()), [self.article])

    def test_a_fact_of_another_kind_does_not_become_these_records(self):
        date_fact = self.article.facts.filter(kind="date").first()
        for target in (Target.AID_ITEM, Target.PLAN, Target.AWARD):
            with self.subTest(target=target), self.assertRaises(ValidationError):
                services.fact_accept(actor=self.user, fact=date_fact, target=target, data={})
        self.assertEqual(Fact.objects.get(pk=date_fact.pk).status, FactStatus.PROPOSED)


class BadInputTests(TestCase):
    def setUp(self):
        english = override("en")
        english.__enter__()
        self.addCleanup(english.__exit__, None, None, None)

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("press-bad", unit=cls.u["hai_phong"])

    def assert_refused(self, field, fragment, call):
        with self.assertRaises(ValidationError) as caught:
            call()
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(fragment, " ".join(caught.exception.message_dict[field]))
        self.assertFalse(Article.all_objects.exists())
        self.assertFalse(Fact.objects.exists())

    def test_empty_and_too_long_texts_are_refused_with_the_limit(self):
        self.assert_refused("text", "no text", lambda: create(self.user, self.u["hai_phong"], text="   \n "))
        five_mb = "Liên hiệp 37 tỷ đồng. " * (5 * 1024 * 1024 // 24)
        self.assert_refused("text", f"{MAX_CHARS:,}", lambda: create(self.user, self.u["hai_phong"], text=five_mb))

    def test_a_file_over_five_megabytes_is_refused_before_it_is_read(self):
        upload = SimpleUploadedFile("big.txt", b"Lien hiep 37 ty dong. " * (5 * 1024 * 1024 // 22 + 1))
        with self.assertRaises(ValidationError) as caught:
            intake.from_upload(upload)
        self.assertEqual(caught.exception.message_dict["file"], ["big.txt is 5.0 MB; files up to 5 MB are accepted."])
        self.assertEqual(upload.tell(), 0)  # refused on its size, not read

    def test_a_file_within_five_megabytes_but_too_long_or_empty_is_refused_naming_it(self):
        long_file = SimpleUploadedFile("long.txt", "Liên hiệp 37 tỷ đồng. ".encode() * 20_000)  # 460 000 characters
        for upload, fragment in ((long_file, f"{MAX_CHARS:,}"), (SimpleUploadedFile("empty.txt", b""), "no text")):
            with self.subTest(name=upload.name), self.assertRaises(ValidationError) as caught:
                intake.from_upload(upload)
            message = " ".join(caught.exception.message_dict["file"])
            self.assertIn(upload.name, message)
            self.assertIn(fragment, message)

    def test_html_sent_as_text_is_stored_cleaned_of_scripts_and_event_attributes(self):
        article = create(
            self.user,
            self.u["hai_phong"],
            text="<h1 onclick='steal()'>Tin moi</h1><script>alert(1)</script><b onmouseover=x()>Hai Phong 950 USD</b>",
        )
        self.assertEqual(article.text, "Tin moi\n\nHai Phong 950 USD")
        self.assertEqual(article.facts.get(kind="money").text, "950 USD")

    def test_mixed_scripts_are_stored_whole_and_each_script_is_read(self):
        text = "Hội hữu nghị Việt – Nga nhận 14,5 млн долларов США và 950万美元 từ Союз организаций дружбы."
        article = create(self.user, self.u["hai_phong"], text=text, language="")
        self.assertEqual((article.text, article.language), (text, "vi"))
        amounts = sorted(f.value["amount"] for f in article.facts.filter(kind="money"))
        self.assertEqual(amounts, ["14500000", "9500000"])

    def test_upload_refusals_say_what_and_where(self):
        cases = [
            ("bao.txt", b"\x00\x01\x02binary\x00" * 50, "not a text file"),
            ("scan.pdf", blank_pdf(), "no text layer"),
            ("fake.pdf", b"not a pdf at all", "cannot be read as a PDF"),
            ("fake.docx", b"not a zip", "not a Word"),
            ("photo.jpg", b"\xff\xd8", "only .txt"),
        ]
        for name, content, fragment in cases:
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                intake.from_upload(SimpleUploadedFile(name, content))
            message = " ".join(caught.exception.message_dict["file"])
            self.assertIn(name, message)
            self.assertIn(fragment, message)

    def test_word_and_pdf_with_text_are_read(self):
        import io

        import docx
        from reportlab.pdfgen import canvas

        document = docx.Document()
        document.add_paragraph("Hai Phong 950 USD")
        document.add_paragraph("Plan No. 210-KH/TU")
        buffer = io.BytesIO()
        document.save(buffer)
        read = intake.from_upload(SimpleUploadedFile("tin.docx", buffer.getvalue()))
        self.assertEqual((read.text, read.source_format), ("Hai Phong 950 USD\n\nPlan No. 210-KH/TU", "docx"))
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer)
        pdf.drawString(72, 720, "USD 9.5 million in 2018-2023")
        pdf.save()
        read = intake.from_upload(SimpleUploadedFile("tin.pdf", buffer.getvalue()))
        self.assertEqual((read.text, read.source_format), ("USD 9.5 million in 2018-2023", "pdf"))

    def test_legacy_vietnamese_encodings_are_read(self):
        sentence = "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang vận động 37 tỷ đồng"
        for content in (
            sentence.encode("utf-8"),
            sentence.encode("utf-16"),
            from_unicode(sentence, "tcvn3").encode("cp1252"),
            from_unicode(sentence, "vni").encode("cp1252"),
        ):
            with self.subTest(content=content[:20]):
                self.assertEqual(intake.from_upload(SimpleUploadedFile("a.txt", content)).text, sentence)

    def test_windows_1258_is_read(self):
        sentence = "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang: Việt Nam – Nhật Bản"
        content = _cp1258(sentence)
        self.assertEqual(intake.from_upload(SimpleUploadedFile("a.txt", content)).text, sentence)

    def test_html_is_stored_without_scripts_events_or_furniture(self):
        page = (
            b"<html><head><script>alert(1)</script><style>p{}</style></head><body><nav>Menu Trang chu</nav>"
            b"<h1 onclick='steal()'>Tin moi</h1><p onmouseover=\"x()\">Hai Phong 950 USD</p><footer>Ban quyen</footer>"
            b"<img src=x onerror=alert(2)></body></html>"
        )
        text = intake.from_upload(SimpleUploadedFile("page.html", page)).text
        self.assertEqual(text, "Tin moi\n\nHai Phong 950 USD")
        pasted = intake.from_paste("<p>Tin <script>alert(1)</script><b onclick='x()'>moi</b></p>").text
        self.assertEqual(pasted, "Tin moi")


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps â ê ô ơ ư ă đ whole and writes the five tones as combining marks."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(p for p in parts if p in tones)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones)) + tone)
    return "".join(out).encode("cp1258")
