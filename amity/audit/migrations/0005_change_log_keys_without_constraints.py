"""The change log's user, unit and record type without database constraints (see the model): each
change-log row cost PostgreSQL three foreign-key queries at commit, a 100,000-row import 300,000 of
them. The keys' indexes stay; Django still sets a deleted user's or unit's key to null and refuses
to delete a record type with changes. Only the constraints are dropped: no table is rewritten."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_alter_objectchange_source'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='objectchange',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AlterField(
            model_name='objectchange',
            name='content_type',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type'),
        ),
        migrations.AlterField(
            model_name='objectchange',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='units.unit', verbose_name='unit'),
        ),
    ]
