"""Each report's stored progress (last edit, completeness, what is missing), read by the staff
dashboard and the filtered exports; filled here for the reports that exist.

The fill runs the application's own `refresh_report_progress` on purpose: the progress has one
definition (ssc_reports.entry.progress), and a copy here would drift from it. It reads the
tables of the other apps, hence the dependencies on their latest migrations at the time."""

from django.db import migrations, models

from ssc_reports.entry.progress import refresh_report_progress


def fill_progress(apps, schema_editor):
    if not apps.get_model("ssc_reports", "Report").objects.exists():
        return
    refresh_report_progress(everything=True)


class Migration(migrations.Migration):
    dependencies = [
        ("ssc_reports", "0011_period_introduction"),
        ("activities", "0007_reference_data_covering_the_plan"),
        ("groups", "0004_history_of_memberships"),
        ("targets", "0004_ksr_provisional_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="completeness",
            field=models.PositiveSmallIntegerField(
                default=0,
                editable=False,
                help_text="Percent of the pre-submit checklist's required sections that are "
                "complete.",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="last_edited_at",
            field=models.DateTimeField(
                blank=True, editable=False, help_text="The latest edit of its content.", null=True
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="missing",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="What those sections still lack.",
            ),
        ),
        migrations.RunPython(fill_progress, migrations.RunPython.noop),
    ]
