"""Year rows beside the month rows of the contributions' roll-up: a figure over whole years sums a
twelfth of the rows, read by target, kind of row and month; the rates used, looked up rate by
rate. Every unit's roll-up is marked stale, to be rebuilt with them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_exchangerate'),
        ('diaspora', '0014_tallies'),
        ('units', '0001_initial'),
    ]

    operations = [
        # the rows are rebuilt with their years' rows by the next refresh; until then, counted live
        migrations.RunSQL("UPDATE diaspora_tallystate SET fresh = false", migrations.RunSQL.noop),
        migrations.RemoveIndex(
            model_name='contributiontally',
            name='diaspora_tally_month',
        ),
        migrations.RemoveIndex(
            model_name='contributiontallyrate',
            name='diaspora_tally_rate_month',
        ),
        migrations.AddField(
            model_name='contributiontally',
            name='yearly',
            field=models.BooleanField(default=False, verbose_name="the year's sum"),
        ),
        migrations.AddField(
            model_name='contributiontallyrate',
            name='yearly',
            field=models.BooleanField(default=False, verbose_name="the year's sum"),
        ),
        migrations.AlterField(
            model_name='contributiontallyrate',
            name='rate',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.exchangerate', verbose_name='rate'),
        ),
        migrations.AddIndex(
            model_name='contributiontally',
            index=models.Index(fields=['target', 'yearly', 'month'], name='diaspora_tally_period'),
        ),
        migrations.AddIndex(
            model_name='contributiontallyrate',
            index=models.Index(fields=['rate', 'target', 'yearly', 'month'], name='diaspora_tally_rate_used'),
        ),
    ]
