"""The press module's part of the global search box: articles whose title, outlet or tags match
the query as every other record's name does (no diacritics needed, typos tolerated, ranked), then
those whose text holds every word of it."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import SEARCH_LIMIT, match_records

from . import selectors


def search(*, user, query: str) -> list[dict]:
    articles = selectors.article_list(user=user)
    by_name = match_records(articles, query, limit=SEARCH_LIMIT)
    found = {article.pk for article in by_name}
    in_text = [a for a in selectors.article_search(articles, query)[:SEARCH_LIMIT] if a.pk not in found]
    return [{"title": _("Press articles"), "results": (by_name + in_text)[:SEARCH_LIMIT]}]
