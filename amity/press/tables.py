import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.tables import Table

from .models import Article


class ArticleTable(Table):
    title = tables.Column(linkify=True)
    proposed = tables.Column(verbose_name=_("facts to confirm"), orderable=True)

    class Meta:
        model = Article
        fields = ["published_on", "title", "outlet", "language", "author", "tags", "unit", "proposed"]
        attrs = {"class": "table table-sm table-striped"}
