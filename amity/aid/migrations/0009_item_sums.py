"""The roll-up of each aid item's converted sums (``aid.sums``), and the triggers that keep it never
stale: every insert, delete and counted change (item, kind, day, amount, currency, deletion) of a
transaction marks its item's unit stale (``AidSumState.fresh``) in the writing transaction; so does
an item added, moved to another unit (both units), deleted or restored; and any change of an
exchange rate marks every unit. Statement triggers over the changed rows on PostgreSQL, row
triggers on SQLite. Every unit owning items gets its state row (stale): the roll-up is filled by
``manage.py aid_sums`` or the task worker. The donors, sectors, places and groups of an item are
read from their links at each reading, so their writes leave the sums as they are."""

import django.db.models.deletion
from django.db import migrations, models

STATE = "aid_aidsumstate"
ITEMS = "aid_aiditem"
TRANSACTIONS = "aid_aidtransaction"
#: the transaction's columns whose change changes its item's sums
COUNTED = ("item_id", "kind", "date", "amount", "currency", "deleted_at")
#: the units of ``{rows}`` (a query of ``unit_id``) marked stale, their state rows locked in order
MARK = f"""INSERT INTO {STATE} (unit_id, fresh) SELECT DISTINCT unit_id, false FROM ({{rows}}) r ORDER BY unit_id
    ON CONFLICT (unit_id) DO UPDATE SET fresh = false"""


def postgresql_trigger(table: str, function: str, inserted: str, deleted: str, changed: str) -> tuple[list, list]:
    """Statement triggers on ``table`` marking the units of the rows ``inserted``, ``deleted`` and
    ``changed`` (queries over ``new_rows`` and ``old_rows``)."""
    create = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {MARK.format(rows=inserted)};
            ELSIF TG_OP = 'DELETE' THEN
                {MARK.format(rows=deleted)};
            ELSE
                {MARK.format(rows=changed)};
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {table}_sums_added AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_sums_changed AFTER UPDATE ON {table}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_sums_removed AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_sums_{t} ON {table}" for t in ("added", "changed", "removed")]
    return create, [*drop, f"DROP FUNCTION IF EXISTS {function}()"]


def postgresql() -> tuple[list, list]:
    moved = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in COUNTED)
    both = "old_rows o JOIN new_rows n ON n.id = o.id"
    transactions = postgresql_trigger(
        TRANSACTIONS,
        "aid_aidtransaction_sums_stale",
        f"SELECT i.unit_id FROM new_rows t JOIN {ITEMS} i ON i.id = t.item_id",
        f"SELECT i.unit_id FROM old_rows t JOIN {ITEMS} i ON i.id = t.item_id",
        f"""SELECT i.unit_id FROM {both} JOIN {ITEMS} i ON i.id = o.item_id WHERE {moved}
            UNION SELECT i.unit_id FROM {both} JOIN {ITEMS} i ON i.id = n.item_id WHERE {moved}""",
    )
    changed = "o.unit_id IS DISTINCT FROM n.unit_id OR o.deleted_at IS DISTINCT FROM n.deleted_at"
    items = postgresql_trigger(
        ITEMS,
        "aid_aiditem_sums_stale",
        "SELECT unit_id FROM new_rows",
        "SELECT unit_id FROM old_rows",
        f"SELECT o.unit_id FROM {both} WHERE {changed} UNION SELECT n.unit_id FROM {both} WHERE {changed}",
    )
    rates = (
        [
            f"""CREATE OR REPLACE FUNCTION core_exchangerate_sums_stale() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE {STATE} SET fresh = false; RETURN NULL; END $$""",
            """CREATE TRIGGER core_exchangerate_sums_stale AFTER INSERT OR UPDATE OR DELETE ON core_exchangerate
                FOR EACH STATEMENT EXECUTE FUNCTION core_exchangerate_sums_stale()""",
        ],
        [
            "DROP TRIGGER IF EXISTS core_exchangerate_sums_stale ON core_exchangerate",
            "DROP FUNCTION IF EXISTS core_exchangerate_sums_stale()",
        ],
    )
    return [*rates[0], *transactions[0], *items[0]], [*rates[1], *transactions[1], *items[1]]


def sqlite() -> tuple[list, list]:
    """Row triggers. A deletion marks a unit only if it has a state row (an update): a unit without
    one is read live already, and emptying the database (a test's flush) leaves no state row for a
    unit deleted in the same transaction."""

    def mark(item: str) -> str:
        return (
            f"INSERT INTO {STATE} (unit_id, fresh) SELECT unit_id, 0 FROM {ITEMS} WHERE id = {item} "
            "ON CONFLICT (unit_id) DO UPDATE SET fresh = 0;"
        )

    def mark_unit(unit: str) -> str:
        return f"INSERT INTO {STATE} (unit_id, fresh) VALUES ({unit}, 0) ON CONFLICT (unit_id) DO UPDATE SET fresh = 0;"

    def unmark_removed(unit: str) -> str:
        return f"UPDATE {STATE} SET fresh = 0 WHERE unit_id = {unit};"

    moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED)
    create = [
        f"CREATE TRIGGER {TRANSACTIONS}_sums_added AFTER INSERT ON {TRANSACTIONS} BEGIN {mark('NEW.item_id')} END",
        f"""CREATE TRIGGER {TRANSACTIONS}_sums_changed AFTER UPDATE ON {TRANSACTIONS} WHEN {moved}
            BEGIN {mark("OLD.item_id")} {mark("NEW.item_id")} END""",
        f"""CREATE TRIGGER {TRANSACTIONS}_sums_removed AFTER DELETE ON {TRANSACTIONS}
            BEGIN {unmark_removed(f"(SELECT unit_id FROM {ITEMS} WHERE id = OLD.item_id)")} END""",
        f"CREATE TRIGGER {ITEMS}_sums_added AFTER INSERT ON {ITEMS} BEGIN {mark_unit('NEW.unit_id')} END",
        f"""CREATE TRIGGER {ITEMS}_sums_changed AFTER UPDATE ON {ITEMS}
            WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.deleted_at IS NOT NEW.deleted_at
            BEGIN {mark_unit("OLD.unit_id")} {mark_unit("NEW.unit_id")} END""",
        f"CREATE TRIGGER {ITEMS}_sums_removed AFTER DELETE ON {ITEMS} BEGIN {unmark_removed('OLD.unit_id')} END",
    ]
    create += [
        f"CREATE TRIGGER core_exchangerate_sums_{op.lower()} AFTER {op} ON core_exchangerate "
        f"BEGIN UPDATE {STATE} SET fresh = 0; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {table}_sums_{t}"
        for table in (TRANSACTIONS, ITEMS)
        for t in ("added", "changed", "removed")
    ]
    drop += [f"DROP TRIGGER IF EXISTS core_exchangerate_sums_{op}" for op in ("insert", "update", "delete")]
    return create, drop


def create(apps, schema_editor):
    made, _dropped = postgresql() if schema_editor.connection.vendor == "postgresql" else sqlite()
    for statement in made:
        schema_editor.execute(statement)
    schema_editor.execute(
        f"INSERT INTO {STATE} (unit_id, fresh) SELECT DISTINCT unit_id, false FROM {ITEMS} WHERE true "
        "ON CONFLICT (unit_id) DO NOTHING"
    )


def drop(apps, schema_editor):
    _made, dropped = postgresql() if schema_editor.connection.vendor == "postgresql" else sqlite()
    for statement in dropped:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('aid', '0008_exchangerate_to_core'),
        ('core', '0003_exchangerate'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AidSumState',
            fields=[
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='units.unit', verbose_name='unit')),
                ('fresh', models.BooleanField(default=False, verbose_name='up to date')),
                ('queued', models.DateTimeField(blank=True, null=True, verbose_name='refresh queued')),
                ('refreshed', models.DateTimeField(blank=True, null=True, verbose_name='refreshed')),
            ],
            options={
                'verbose_name': 'state of the aid sums',
                'verbose_name_plural': 'states of the aid sums',
                'ordering': ['unit'],
            },
        ),
        migrations.CreateModel(
            name='AidItemSum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(max_length=3, verbose_name='converted into')),
                ('unrated', models.PositiveIntegerField(verbose_name='transactions without a rate')),
                ('committed', models.BigIntegerField(verbose_name='committed, in cents')),
                ('disbursed', models.BigIntegerField(verbose_name='disbursed, in cents')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='aid.aiditem', verbose_name='aid item')),
                ('rate', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.exchangerate', verbose_name='rate')),
            ],
            options={
                'verbose_name': 'converted sum of an aid item',
                'verbose_name_plural': 'converted sums of aid items',
                'ordering': ['item', 'target'],
                'indexes': [models.Index(fields=['target', 'item'], name='aid_itemsum_target_item')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
