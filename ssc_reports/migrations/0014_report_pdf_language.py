"""The language of a report's stand-alone PDF (issue 15). On SQLite, adding a column rebuilds
the table, which drops indexes the models do not declare: the history table's "last edit"
index of 0008 is made again (IF NOT EXISTS: a no-op on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0005_user_preference"),
        ("ssc_reports", "0013_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreport",
            name="pdf_language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "Français"), ("es", "Español")],
                default="en",
                help_text="The language of the stand-alone PDF's headings and labels; what the group wrote stays as written. SSC publishes in English.",
                max_length=8,
                verbose_name="language of the PDF",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="pdf_language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "Français"), ("es", "Español")],
                default="en",
                help_text="The language of the stand-alone PDF's headings and labels; what the group wrote stays as written. SSC publishes in English.",
                max_length=8,
                verbose_name="language of the PDF",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("pdf_language__in", ["en", "fr", "es"])),
                name="report_pdf_language_valid",
            ),
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS ssc_hist_report_last_edit "
                "ON ssc_reports_historicalreport (id, history_date)"
            ),
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
