"""Trigram and unaccent support for typo-tolerant name search, on PostgreSQL only.

SQLite has no such extensions; the selectors fall back to a scan with rapidfuzz there. The
index is created with raw SQL (not in the model state) so that both databases share one model.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS diaspora_compatriot_name_trgm "
        "ON diaspora_compatriot USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS diaspora_compatriot_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("diaspora", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
