"""Press articles are found by title, outlet and tags however many the union keeps: each row's folded
search column, filled in batches, with its trigram index on PostgreSQL (``core.search_columns``)."""

from django.db import migrations, models

from amity.core import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("core", "0001_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=1200),
            preserve_default=False,
        ),
        search_columns.fill("press", "article", "title", "outlet", "tags"),
        search_columns.trigram_index("press_article"),
    ]
