from django.db import migrations

from amity.aid import seeds


def seed(apps, schema_editor):
    seeds.beneficiary_groups_seed(apps.get_model("aid", "BeneficiaryGroup"))
    seeds.workflows_seed(
        apps.get_model("aid", "Workflow"), apps.get_model("aid", "WorkflowStep"), apps.get_model("aid", "WorkflowTransition")
    )


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
