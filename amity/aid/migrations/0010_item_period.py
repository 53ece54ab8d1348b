"""The aid figures' items of a period read from an index of the day that places them (decision, else start)."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aid', '0009_item_sums'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='aiditem',
            index=models.Index(django.db.models.functions.comparison.Coalesce('decision_date', 'start_date'), condition=models.Q(('deleted_at__isnull', True)), name='aid_item_period'),
        ),
    ]
