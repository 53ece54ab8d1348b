"""Articles for the press tests; the text is one of the seeds' or a short one in the given language."""

import datetime
from pathlib import Path

import factory

from amity.press.models import Article

SEEDS = Path(__file__).resolve().parents[1] / "labelled"

ZH_TEXT = (
    "2023年12月2日，北江省友好组织联合会主席黄文明会见了日本代表团。"
    "2018年-2023年期间，该省共争取外国非政府援助项目52个，援助总额达950万美元。"
)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Bài báo {n}")
    outlet = "Báo Bắc Giang"
    language = "zh"
    published_on = datetime.date(2023, 12, 3)
    text = ZH_TEXT
    search_text = ""
