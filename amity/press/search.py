"""The press module's part of the global search box."""

from django.utils.translation import gettext_lazy as _

from . import selectors

LIMIT = 25


def search(*, user, query: str) -> list[dict]:
    articles = selectors.article_search(selectors.article_list(user=user), query)
    return [{"title": _("Press articles"), "results": list(articles[:LIMIT])}]
