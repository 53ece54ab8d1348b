"""On SQLite, a deleted compatriot or contribution marks its unit's roll-up stale only if the unit
has a state row (an update, no longer an insert). A unit without a state row is counted live
already, so nothing is lost; and emptying the database (a test's flush, which deletes the tables
in any order) no longer leaves a state row for a unit deleted in the same transaction, which its
foreign key refused at commit. PostgreSQL's statement triggers are not fired by a flush's
TRUNCATE and are unchanged."""

from django.db import migrations

STATE = "diaspora_tallystate"
TABLES = ("diaspora_compatriot", "diaspora_contribution")


def removed_trigger(table: str, body: str) -> str:
    return f"CREATE TRIGGER {table}_tally_removed AFTER DELETE ON {table} BEGIN {body} END"


def known_units_only(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tally_removed")
        schema_editor.execute(removed_trigger(table, f"UPDATE {STATE} SET fresh = 0 WHERE unit_id = OLD.unit_id;"))


def every_unit(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tally_removed")
        schema_editor.execute(
            removed_trigger(
                table,
                f"INSERT INTO {STATE} (unit_id, fresh) VALUES (OLD.unit_id, 0) "
                "ON CONFLICT (unit_id) DO UPDATE SET fresh = 0;",
            )
        )


class Migration(migrations.Migration):
    dependencies = [("diaspora", "0015_tally_years")]

    operations = [migrations.RunPython(known_units_only, every_unit)]
