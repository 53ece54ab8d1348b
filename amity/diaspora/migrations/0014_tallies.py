"""The roll-up of the compatriots and contributions by owning unit (``diaspora.tallies``), and the
triggers that keep it never stale: every insert, delete and counted change (unit, country, home
place, association, deletion; unit, purpose, currency, day, amount) of a compatriot or a
contribution marks its unit's roll-up stale (``TallyState.fresh``) in the writing transaction,
and any change of an exchange rate marks every unit's. Statement triggers over the changed rows
on PostgreSQL, row triggers on SQLite. Every unit owning records gets its state row (stale): the
roll-up is filled by ``manage.py diaspora_tallies`` or the task worker."""

import django.db.models.deletion
from django.db import migrations, models

STATE = "diaspora_tallystate"
#: (table, the columns whose change changes the figures)
COUNTED = {
    "diaspora_compatriot": ("unit_id", "country_id", "home_unit_id", "organisation_id", "deleted_at"),
    "diaspora_contribution": ("unit_id", "purpose", "currency", "received_on", "amount", "deleted_at"),
}
#: the units of ``{rows}`` (a query of ``unit_id``) marked stale, their state rows locked
MARK = f"""INSERT INTO {STATE} (unit_id, fresh) SELECT DISTINCT unit_id, false FROM ({{rows}}) r ORDER BY unit_id
    ON CONFLICT (unit_id) DO UPDATE SET fresh = false"""


def postgresql(table: str, columns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in columns)
    function = f"{table}_tally_stale"
    moved = f"SELECT o.unit_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}"
    create = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {MARK.format(rows="SELECT unit_id FROM new_rows")};
            ELSIF TG_OP = 'DELETE' THEN
                {MARK.format(rows="SELECT unit_id FROM old_rows")};
            ELSE
                {MARK.format(rows=f"{moved} UNION SELECT n.unit_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}")};
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {table}_tally_added AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_tally_changed AFTER UPDATE ON {table}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_tally_removed AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_tally_{t} ON {table}" for t in ("added", "changed", "removed")]
    return create, [*drop, f"DROP FUNCTION IF EXISTS {function}()"]


def sqlite(table: str, columns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    def mark(side: str) -> str:
        return f"INSERT INTO {STATE} (unit_id, fresh) VALUES ({side}.unit_id, 0) ON CONFLICT (unit_id) DO UPDATE SET fresh = 0;"

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    create = [
        f"CREATE TRIGGER {table}_tally_added AFTER INSERT ON {table} BEGIN {mark('NEW')} END",
        f"""CREATE TRIGGER {table}_tally_changed AFTER UPDATE ON {table} WHEN {changed}
            BEGIN {mark("OLD")} {mark("NEW")} END""",
        f"CREATE TRIGGER {table}_tally_removed AFTER DELETE ON {table} BEGIN {mark('OLD')} END",
    ]
    return create, [f"DROP TRIGGER IF EXISTS {table}_tally_{t}" for t in ("added", "changed", "removed")]


def rates(vendor: str) -> tuple[list[str], list[str]]:
    """Any change of an exchange rate marks every unit's roll-up stale (its sums are converted)."""
    if vendor == "postgresql":
        create = [
            f"""CREATE OR REPLACE FUNCTION core_exchangerate_tally_stale() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE {STATE} SET fresh = false; RETURN NULL; END $$""",
            """CREATE TRIGGER core_exchangerate_tally_stale AFTER INSERT OR UPDATE OR DELETE ON core_exchangerate
                FOR EACH STATEMENT EXECUTE FUNCTION core_exchangerate_tally_stale()""",
        ]
        drop = [
            "DROP TRIGGER IF EXISTS core_exchangerate_tally_stale ON core_exchangerate",
            "DROP FUNCTION IF EXISTS core_exchangerate_tally_stale()",
        ]
        return create, drop
    create = [
        f"CREATE TRIGGER core_exchangerate_tally_{op.lower()} AFTER {op} ON core_exchangerate "
        f"BEGIN UPDATE {STATE} SET fresh = 0; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]
    return create, [f"DROP TRIGGER IF EXISTS core_exchangerate_tally_{op}" for op in ("insert", "update", "delete")]


def statements(vendor: str) -> tuple[list[str], list[str]]:
    create, drop = rates(vendor)
    for table, columns in COUNTED.items():
        more, less = (postgresql if vendor == "postgresql" else sqlite)(table, columns)
        create, drop = [*create, *more], [*drop, *less]
    return create, drop


def create(apps, schema_editor):
    made, _dropped = statements(schema_editor.connection.vendor)
    for statement in made:
        schema_editor.execute(statement)
    for table in COUNTED:
        schema_editor.execute(
            f"INSERT INTO {STATE} (unit_id, fresh) SELECT DISTINCT unit_id, false FROM {table} WHERE true "
            "ON CONFLICT (unit_id) DO NOTHING"
        )


def drop(apps, schema_editor):
    _made, dropped = statements(schema_editor.connection.vendor)
    for statement in dropped:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_exchangerate"),
        ("diaspora", "0013_distinct_names"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TallyState",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
                ("fresh", models.BooleanField(default=False, verbose_name="up to date")),
                ("queued", models.DateTimeField(blank=True, null=True, verbose_name="refresh queued")),
                ("refreshed", models.DateTimeField(blank=True, null=True, verbose_name="refreshed")),
            ],
            options={
                "verbose_name": "roll-up state",
                "verbose_name_plural": "roll-up states",
                "ordering": ["unit"],
            },
        ),
        migrations.CreateModel(
            name="CompatriotTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "dimension",
                    models.CharField(
                        choices=[("country", "country"), ("home", "home place"), ("organisation", "association")],
                        max_length=12,
                        verbose_name="counted by",
                    ),
                ),
                ("key", models.IntegerField(blank=True, null=True, verbose_name="key")),
                ("count", models.PositiveIntegerField(verbose_name="compatriots")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "compatriot count",
                "verbose_name_plural": "compatriot counts",
                "ordering": ["unit", "dimension", "key"],
                "indexes": [models.Index(fields=["dimension", "unit"], name="diaspora_tally_by_unit")],
            },
        ),
        migrations.CreateModel(
            name="ContributionTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("target", models.CharField(max_length=3, verbose_name="converted into")),
                ("month", models.DateField(help_text="Its first day.", verbose_name="month")),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("covid_vaccine", "COVID-19 prevention and vaccine fund"),
                            ("scholarship", "Scholarships"),
                            ("disaster_relief", "Disaster relief"),
                            ("charity", "Social and humanitarian charity"),
                            ("investment", "Investment and business"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="purpose",
                    ),
                ),
                ("currency", models.CharField(max_length=3, verbose_name="currency")),
                ("unrated", models.BooleanField(verbose_name="without a rate")),
                ("count", models.PositiveIntegerField(verbose_name="contributions")),
                ("cents", models.BigIntegerField(verbose_name="converted amount in cents")),
                ("raw_cents", models.BigIntegerField(verbose_name="amount in cents")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "contribution sum",
                "verbose_name_plural": "contribution sums",
                "ordering": ["unit", "target", "month"],
                "indexes": [models.Index(fields=["target", "unit", "month"], name="diaspora_tally_month")],
            },
        ),
        migrations.CreateModel(
            name="ContributionTallyRate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("target", models.CharField(max_length=3, verbose_name="converted into")),
                ("month", models.DateField(verbose_name="month")),
                (
                    "rate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.exchangerate",
                        verbose_name="rate",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "rate of a contribution sum",
                "verbose_name_plural": "rates of contribution sums",
                "ordering": ["unit", "target", "month"],
                "indexes": [models.Index(fields=["target", "unit", "month"], name="diaspora_tally_rate_month")],
            },
        ),
        migrations.RunPython(create, drop),
    ]
