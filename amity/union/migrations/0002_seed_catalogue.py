from django.db import migrations

from amity.union import catalogue


def seed(apps, schema_editor):
    catalogue.metrics_seed(apps.get_model("union", "Metric"))
    catalogue.national_terms_seed(apps.get_model("union", "NationalTerm"))


class Migration(migrations.Migration):
    dependencies = [("union", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
