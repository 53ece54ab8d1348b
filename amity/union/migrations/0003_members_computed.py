from django.db import migrations


def link(apps, schema_editor):
    """The catalogue's "members" is computed from the registry's member associations, beside what
    the unions state."""
    apps.get_model("union", "Metric")._base_manager.filter(code="members", computed="").update(computed="members")


def unlink(apps, schema_editor):
    apps.get_model("union", "Metric")._base_manager.filter(code="members", computed="members").update(computed="")


class Migration(migrations.Migration):
    dependencies = [("union", "0002_seed_catalogue")]

    operations = [migrations.RunPython(link, unlink)]
