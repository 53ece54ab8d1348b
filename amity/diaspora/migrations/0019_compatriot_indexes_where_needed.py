"""The compatriots' indexes that an insert writes to and no read needs: the name's second btree
(``varchar_pattern_ops``, for LIKE 'prefix%', which nothing asks of this column; the name order
and the search's look-up by name read the plain one), and the association's and the merge's
entries for the rows that have neither (most of them; every look-up by either is = or IN, which
a partial index on the rows that have one serves).

The fields' old indexes are dropped by name and the new ones added, the fields altered in the
state only: altering them in the database would make SQLite copy the table into a new one, which
drops the roll-up's triggers on it (migration 0014)."""

import django.db.models.deletion
from django.db import migrations, models


#: the indexes Django made for the fields (the pattern one on PostgreSQL only)
DROP_OLD = [
    f"DROP INDEX IF EXISTS {name}"
    for name in (
        "diaspora_compatriot_search_name_bfa94875",
        "diaspora_compatriot_search_name_bfa94875_like",
        "diaspora_compatriot_organisation_id_c2bf2318",
        "diaspora_compatriot_merged_into_id_49599bd7",
    )
]

#: the same indexes made again when the migration is reversed (the pattern one on PostgreSQL only)
MAKE_OLD = {
    "diaspora_compatriot_search_name_bfa94875": "(search_name)",
    "diaspora_compatriot_organisation_id_c2bf2318": "(organisation_id)",
    "diaspora_compatriot_merged_into_id_49599bd7": "(merged_into_id)",
}


def make_old_indexes(apps, schema_editor):
    indexes = dict(MAKE_OLD)
    if schema_editor.connection.vendor == "postgresql":
        indexes["diaspora_compatriot_search_name_bfa94875_like"] = "(search_name varchar_pattern_ops)"
    for name, columns in indexes.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON diaspora_compatriot {columns}")


def drop_old_indexes(apps, schema_editor):
    for statement in DROP_OLD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('diaspora', '0018_vocabulary_cheaper_to_keep'),
        ('geo', '0001_initial'),
        ('registry', '0003_organisation_kind_unit'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='compatriot',
                    name='merged_into',
                    field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_from', to='diaspora.compatriot', verbose_name='merged into'),
                ),
                migrations.AlterField(
                    model_name='compatriot',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='compatriots', to='registry.organisation', verbose_name='association abroad'),
                ),
                migrations.AlterField(
                    model_name='compatriot',
                    name='search_name',
                    field=models.CharField(editable=False, max_length=400),
                ),
            ],
            database_operations=[migrations.RunPython(drop_old_indexes, make_old_indexes)],
        ),
        migrations.AddIndex(
            model_name='compatriot',
            index=models.Index(fields=['search_name'], name='diaspora_compatriot_by_name'),
        ),
        migrations.AddIndex(
            model_name='compatriot',
            index=models.Index(condition=models.Q(('organisation__isnull', False)), fields=['organisation'], name='diaspora_compatriot_member'),
        ),
        migrations.AddIndex(
            model_name='compatriot',
            index=models.Index(condition=models.Q(('merged_into__isnull', False)), fields=['merged_into'], name='diaspora_compatriot_merged'),
        ),
    ]
