"""Demo articles: the main paragraphs of the five seed articles (kept in ``labelled/``), each in
its union, with the facts read out of them waiting to be confirmed."""

from amity.core.demo import DemoContext, upsert

from . import services
from .evaluation import load_labelled
from .models import Article

ORDER = 95
SEEDS = {
    "seed-000": ("bac_giang", "北江省：提高新形势下民间外交工作的效果", "越南人民报网"),
    "seed-001": ("vufo", "发挥民间外交作用", "越南友好组织联合会网站"),
    "seed-002": (
        "ha_tinh",
        "Ха Тинь укрепляет партийное руководство, повышает эффективность народной дипломатии",
        "Vietnam.vn",
    ),
    "seed-003": ("hai_phong", "海防市友好组织联合会：民间外交工作取得许多积极成果", "越南友好组织联合会网站"),
    "seed-004": ("phu_tho", "富寿省着力加强民间外交和形象推广工作", "越通社"),
}


def load(ctx: DemoContext) -> None:
    for document in load_labelled():
        if document.id not in SEEDS:
            continue
        unit_key, title, outlet = SEEDS[document.id]
        article = upsert(
            Article,
            lookup={"unit": ctx.units[unit_key], "title": title},
            values={
                "outlet": outlet,
                "language": document.language,
                "published_on": document.published,
                "text": document.text,
                "tags": "demo",
            },
        )
        if not article.facts.exists():
            Article.objects.filter(pk=article.pk).update(search_text=services.search_text_of(article))
            services.article_read(actor=ctx.actor, article=article)
