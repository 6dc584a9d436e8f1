"""The catalogue's history keeps what happened as a key and its parameters, written in the
reader's language when shown (activities.change_texts). Rows written before keep their English
sentence and rows, shown as they are (summary_key empty): nothing to convert."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_category_quadrennium"),
    ]

    operations = [
        migrations.AddField(
            model_name="cataloguechange",
            name="summary_key",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="cataloguechange",
            name="summary_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
