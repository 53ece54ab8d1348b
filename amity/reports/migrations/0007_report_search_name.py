"""Reports are found by number and title however many the union keeps: each row's folded search column,
filled in batches, with its trigram index on PostgreSQL (``core.search_columns``)."""

from django.db import migrations, models

from amity.core import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_report_currency"),
        ("core", "0001_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        search_columns.fill("reports", "report", "number", "title"),
        search_columns.trigram_index("reports_report"),
    ]
