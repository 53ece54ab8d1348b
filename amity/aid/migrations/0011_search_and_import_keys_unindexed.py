"""The items' search names and the transactions' import keys without their btrees, which nothing reads
(the search goes by words, an import key among one item's transactions); on PostgreSQL two of each.
The indexes are dropped by name: altering the fields would make SQLite rebuild the items' table,
which the transactions' roll-up trigger names."""

from django.db import migrations, models

FIELDS = (("aiditem", "search_name"), ("aidtransaction", "import_key"))


def drop_btrees(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for model_name, column in FIELDS:
            table = apps.get_model("aid", model_name)._meta.db_table
            for name, index in connection.introspection.get_constraints(cursor, table).items():
                plain = index["index"] and not index["unique"] and not index["primary_key"]
                if plain and index["columns"] == [column] and index.get("type") != "gin":  # the trigram index stays
                    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def add_btrees(apps, schema_editor):
    for model_name, column in FIELDS:
        model = apps.get_model("aid", model_name)
        field = model._meta.get_field(column)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        like = getattr(schema_editor, "_create_like_index_sql", lambda model, field: None)(model, field)
        if like is not None:
            schema_editor.execute(like)


class Migration(migrations.Migration):

    dependencies = [
        ('aid', '0010_item_period'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_btrees, add_btrees)],
            state_operations=[
                migrations.AlterField(
                    model_name='aiditem',
                    name='search_name',
                    field=models.CharField(editable=False, max_length=900),
                ),
                migrations.AlterField(
                    model_name='aidtransaction',
                    name='import_key',
                    field=models.CharField(blank=True, editable=False, max_length=120),
                ),
            ],
        ),
    ]
