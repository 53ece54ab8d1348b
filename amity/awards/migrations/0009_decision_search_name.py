"""Award decisions are found by number and issuing body however many the union keeps (and their awards
with them): each row's folded search column, filled in batches, with its trigram index on PostgreSQL
(``core.search_columns``)."""

from django.db import migrations, models

from amity.core import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0008_award_live_decision_index"),
        ("core", "0001_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=320),
            preserve_default=False,
        ),
        search_columns.fill("awards", "decision", "number", "issuing_body"),
        search_columns.trigram_index("awards_decision"),
    ]
