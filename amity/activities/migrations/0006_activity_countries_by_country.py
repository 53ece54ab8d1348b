from django.db import migrations

# The calendar asks, country by country, whether any live activity names it (``calendar_items.
# partner_countries``): an index on (country, activity) answers each question at its first row, where
# the join table's own indexes made PostgreSQL read every activity's countries (200,000 at national scale).
INDEX = "activities_activity_countries_by_country"


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_activity_started_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON activities_activity_countries (country_id, activity_id)",
            f"DROP INDEX {INDEX}",
        ),
    ]
