"""Each quadrennium owns its activity categories (and, through them, its indicators): the
existing categories belong to the existing quadrennium (the reference data's, 2021-2025), and a
category's name is unique per component within its quadrennium."""

import django.db.models.deletion
from django.db import migrations, models


def assign_existing(apps, schema_editor):
    quadrennium_model = apps.get_model("targets", "Quadrennium")
    category_model = apps.get_model("activities", "ActivityCategory")
    if not category_model.objects.exists():
        return
    quadrennium = quadrennium_model.objects.order_by("start").first()
    category_model.objects.update(quadrennium=quadrennium)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0007_reference_data_covering_the_plan"),
        ("targets", "0004_ksr_provisional_title"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="activitycategory", name="category_unique_name"),
        migrations.AddField(
            model_name="activitycategory",
            name="quadrennium",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activity_categories",
                to="targets.quadrennium",
            ),
        ),
        migrations.RunPython(assign_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activitycategory",
            name="quadrennium",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activity_categories",
                to="targets.quadrennium",
            ),
        ),
        migrations.AddConstraint(
            model_name="activitycategory",
            constraint=models.UniqueConstraint(
                fields=("quadrennium", "component", "name"), name="category_unique_name"
            ),
        ),
    ]
