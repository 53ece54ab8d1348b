"""Year rows beside the month rows of the contributions' roll-up: a figure over whole years sums a
twelfth of the rows. Every unit's roll-up is marked stale, to be rebuilt with them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('diaspora', '0014_tallies'),
    ]

    operations = [
        # the rows are rebuilt with their years' rows by the next refresh; until then, counted live
        migrations.RunSQL("UPDATE diaspora_tallystate SET fresh = false", migrations.RunSQL.noop),
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
    ]
