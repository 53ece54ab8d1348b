"""Agreements are found by their title and place of signing however many the union keeps: each row's
folded search column, filled in batches, with its trigram index on PostgreSQL
(``core.search_columns``)."""

from django.db import migrations, models

from amity.core import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_organisation_name_order"),
        ("core", "0001_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        search_columns.fill("registry", "agreement", "title", "signed_at"),
        search_columns.trigram_index("registry_agreement"),
    ]
