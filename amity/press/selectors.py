"""Reads of the press module, always restricted to the user's units."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from amity.core.text import fold

from .choices import FactStatus
from .models import Article, Fact


def article_list(*, user, action: str = "view") -> QuerySet[Article]:
    return (
        Article.objects.restrict(user, action)
        .select_related("unit")
        .annotate(proposed=Count("facts", filter=Q(facts__status=FactStatus.PROPOSED)))
        .order_by("-published_on", "-pk")
    )


def access_article(*, user, pk, action: str = "view") -> Article:
    """The article if the user may act on it in its unit, else 404."""
    return get_object_or_404(Article.objects.restrict(user, action).select_related("unit"), pk=pk)


def article_search(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Every word of the query in the title, outlet, author, tags or text: Vietnamese without
    diacritics ("lien hiep", "duc" for "Đức"), Chinese and Russian words as written."""
    for word in query.split():
        folded = fold(word)
        queryset = queryset.filter(Q(search_text__contains=folded) | Q(search_text__contains=word.lower()))
    return queryset


def fact_list(*, user, article: Article) -> QuerySet[Fact]:
    return Fact.objects.restrict(user, "view").filter(article=article).select_related("decided_by")


def access_fact(*, user, pk, action: str = "change") -> Fact:
    return get_object_or_404(Fact.objects.restrict(user, action).select_related("article", "article__unit"), pk=pk)


def highlighted(article: Article, facts) -> list[dict]:
    """The text cut into pieces, each either plain or one fact's span, for the detail page
    (overlapping facts: the earlier one wins the overlap)."""
    pieces = []
    position = 0
    for fact in sorted(facts, key=lambda f: (f.start, -f.end)):
        if fact.start < position or fact.end > len(article.text):
            continue
        if fact.start > position:
            pieces.append({"text": article.text[position : fact.start], "fact": None})
        pieces.append({"text": article.text[fact.start : fact.end], "fact": fact})
        position = fact.end
    pieces.append({"text": article.text[position:], "fact": None})
    return pieces


def articles_about(*, user, record) -> QuerySet[Article]:
    """Articles linked to ``record`` (an activity, partner, aid item, award or plan) that the user may see."""
    related = {
        "activity": "activities",
        "organisation": "partners",
        "aiditem": "aid_items",
        "award": "awards",
        "plan": "plans",
    }
    field = related[record._meta.model_name]
    return Article.objects.restrict(user, "view").filter(**{field: record}).order_by("-published_on", "-pk")
