import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Article


class ArticleTable(tables.Table):
    title = tables.Column(linkify=True)
    proposed = tables.Column(verbose_name=_("facts to confirm"), orderable=True)

    class Meta:
        model = Article
        fields = ["published_on", "title", "outlet", "language", "author", "tags", "unit", "proposed"]
        attrs = {"class": "table table-sm table-striped"}
