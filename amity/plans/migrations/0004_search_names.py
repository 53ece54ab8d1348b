"""Directives, plans, task groups and tasks are found by number and title however many the union keeps:
each row's folded search column, filled in batches, with its trigram index on PostgreSQL
(``core.search_columns``)."""

from django.db import migrations, models

from amity.core import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_directive_unit"),
        ("core", "0001_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="directive",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        search_columns.fill("plans", "directive", "number", "title"),
        search_columns.trigram_index("plans_directive"),
        migrations.AddField(
            model_name="plan",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=600),
            preserve_default=False,
        ),
        search_columns.fill("plans", "plan", "number", "title"),
        search_columns.trigram_index("plans_plan"),
        migrations.AddField(
            model_name="taskgroup",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        search_columns.fill("plans", "taskgroup", "title"),
        search_columns.trigram_index("plans_taskgroup"),
        migrations.AddField(
            model_name="task",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        search_columns.fill("plans", "task", "title"),
        search_columns.trigram_index("plans_task"),
    ]
