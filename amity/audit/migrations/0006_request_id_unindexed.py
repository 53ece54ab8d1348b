"""The change log's request id without its index, which nothing reads: no screen, filter or query
looks changes up by their request, and every change-log row wrote it (an aid import of 5,000 rows
25,000 entries, a compatriot import of 100,000 rows 100,000). Dropped by name: altering the field
would make SQLite rebuild the change log's table."""

from django.db import migrations, models


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    table = apps.get_model("audit", "ObjectChange")._meta.db_table
    with connection.cursor() as cursor:
        for name, index in connection.introspection.get_constraints(cursor, table).items():
            plain = index["index"] and not index["unique"] and not index["primary_key"]
            if plain and index["columns"] == ["request_id"]:
                schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def add_index(apps, schema_editor):
    model = apps.get_model("audit", "ObjectChange")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("request_id")]))


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0005_change_log_keys_without_constraints"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_index, add_index)],
            state_operations=[
                migrations.AlterField(
                    model_name="objectchange",
                    name="request_id",
                    field=models.UUIDField(verbose_name="request id"),
                ),
            ],
        ),
    ]
