"""Trigram indexes on the folded names that ``core.matching`` searches, on PostgreSQL only
(compatriots have theirs in diaspora 0002). SQLite has no such index: the matching there scores a
bounded set of candidates. Raw SQL, outside the model state, so both databases share one model."""

from django.db import migrations

TABLES = ("registry_organisation", "registry_person", "aid_aiditem", "activities_activity", "geo_adminunit")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_name_trgm ON {table} USING gin (search_name gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("aid", "0004_importjob_times"),
        ("activities", "0002_reminder_language"),
        ("geo", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
