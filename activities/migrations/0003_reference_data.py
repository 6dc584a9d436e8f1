from django.db import migrations


def load(apps, schema_editor):
    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_initial"),
        ("targets", "0001_initial"),
        ("ssc_reports", "0002_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
