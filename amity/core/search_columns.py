"""The migration steps of a folded search column (``core.models.SearchNameMixin``) added to a table
that already holds years of records: the rows filled in batches (one UPDATE per batch, not one save
per row), and, on PostgreSQL, the GIN trigram index ``core.matching`` reads the column through.
No btree: the column is searched by its words, never by its whole value or in its order."""

from django.db import migrations

from .text import search_key

#: Rows read and written back at once.
BATCH = 1000


def fill(app_label: str, model_name: str, *sources: str) -> migrations.RunPython:
    """Fill ``search_name`` of every row (deleted ones too) from its ``sources`` fields, as
    ``SearchNameMixin.save`` would."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        length = model._meta.get_field("search_name").max_length
        rows = model._base_manager.using(schema_editor.connection.alias).order_by("pk").only("pk", *sources)
        last = 0
        while batch := list(rows.filter(pk__gt=last)[:BATCH]):
            for row in batch:
                row.search_name = search_key(*(getattr(row, name) for name in sources), length=length)
            model._base_manager.using(schema_editor.connection.alias).bulk_update(batch, ["search_name"])
            last = batch[-1].pk

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


def trigram_index(table: str) -> migrations.RunPython:
    """The GIN trigram index of ``table``'s ``search_name`` (PostgreSQL only; SQLite scans)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_name_trgm ON {table} USING gin (search_name gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_name_trgm")

    return migrations.RunPython(create, drop)
