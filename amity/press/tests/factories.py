"""Articles for the press tests; the text is one of the seeds' or a short one in the given language."""

import datetime
import io
from pathlib import Path

import factory

from amity.press.models import Article, Fact
from amity.units.tests.factories import UnitFactory

SEEDS = Path(__file__).resolve().parents[1] / "labelled"

ZH_TEXT = (
    "2023年12月2日，北江省友好组织联合会主席黄文明会见了日本代表团。"
    "2018年-2023年期间，该省共争取外国非政府援助项目52个，援助总额达950万美元。"
)


def blank_pdf() -> bytes:
    """A PDF of one blank page: what a scanner gives, with no text layer."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Bài báo {n}")
    outlet = "Báo Bắc Giang"
    language = "zh"
    published_on = datetime.date(2023, 12, 3)
    text = ZH_TEXT
    search_text = ""


class FactFactory(factory.django.DjangoModelFactory):
    """A count read from an article, proposed for review."""

    class Meta:
        model = Fact

    article = factory.SubFactory(ArticleFactory)
    kind = "count"
    start = 0
    end = 20
    text = "52 dự án"
    value = factory.LazyFunction(lambda: {"number": 52})
    fingerprint = factory.Sequence(lambda n: f"fact-{n}")
