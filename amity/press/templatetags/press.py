from django import template

from ..selectors import articles_about

register = template.Library()


@register.inclusion_tag("press/articles_about.html", takes_context=True)
def press_articles(context, record):
    """The articles reporting ``record`` that the user may see, for the record's own page."""
    return {"articles": articles_about(user=context["request"].user, record=record)}
