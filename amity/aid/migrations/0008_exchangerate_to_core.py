# The rate table moves to the foundation (core.ExchangeRate): every app converts amounts with it.
# Its rows stay where they are; the table takes core's name and core's 0003 takes the model over,
# with the content type, so the change log, permissions and the admin keep pointing at it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0007_lookup_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="exchangerate", table="core_exchangerate")],
            state_operations=[migrations.DeleteModel(name="ExchangeRate")],
        ),
    ]
