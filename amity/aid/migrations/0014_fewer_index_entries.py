"""Fewer index entries for each transaction and link an import writes (a 5,000-row file: 30,000).
The transactions' donor is indexed only where set: none of an import's is, and a donor is looked up
by its value (which the partial index answers). The sector, location and beneficiary-group links
lose their index on the item alone, which their unique (item, other) index answers as well. The
indexes are dropped by name: altering the fields would make SQLite rebuild the tables, and the
transactions' roll-up trigger names its table."""

from django.db import migrations, models

M2M_FIELDS = ("sectors", "locations", "beneficiary_groups")


def _plain_indexes(schema_editor, table: str, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, index in constraints.items()
        if index["index"] and not index["unique"] and not index["primary_key"] and index["columns"] == [column]
    ]


def _indexed(apps):
    """(model, field) of each index dropped: the transactions' donor, each link table's item."""
    transaction = apps.get_model("aid", "AidTransaction")
    yield transaction, transaction._meta.get_field("donor")
    for name in M2M_FIELDS:
        through = apps.get_model("aid", "AidItem")._meta.get_field(name).remote_field.through
        yield through, through._meta.get_field("aiditem")


def drop_indexes(apps, schema_editor):
    for model, field in _indexed(apps):
        for name in _plain_indexes(schema_editor, model._meta.db_table, field.column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def add_indexes(apps, schema_editor):
    for model, field in _indexed(apps):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0013_merge_list_indexes_and_unindexed_keys"),
        ("registry", "0003_organisation_kind_unit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, add_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="aidtransaction",
                    name="donor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="registry.organisation",
                        verbose_name="donor",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="aidtransaction",
            index=models.Index(
                condition=models.Q(("donor__isnull", False)), fields=["donor"], name="aid_transaction_donor"
            ),
        ),
    ]
