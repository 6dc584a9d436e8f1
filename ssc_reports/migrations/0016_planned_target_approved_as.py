"""Reopening an approved plan (issue 13, part 3): each planned target remembers the group's
target its approval made (`approved_as`), so a second approval updates that target instead of
adding another. Plans approved before this migration are linked to their targets by code (the
approval copied the code, in the plan's quadrennium, for the plan's group), each change with
its history row (no user: the migration)."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

HISTORY_FIELDS = ["plan_id", "code", "component", "title", "ksr_id", "carried_from_id", "version"]


def link_approved_targets(apps, schema_editor):
    PlannedTarget = apps.get_model("ssc_reports", "PlannedTarget")
    Historical = apps.get_model("ssc_reports", "HistoricalPlannedTarget")
    Target = apps.get_model("targets", "Target")
    now = timezone.now()
    for planned in PlannedTarget.objects.filter(plan__status="approved").select_related(
        "plan__planning"
    ):
        target = (
            Target.objects.filter(
                group_id=planned.plan.group_id,
                quadrennium_id=planned.plan.planning.quadrennium_id,
                code=planned.code,
            )
            .values_list("pk", flat=True)
            .first()
        )
        if target is None:
            continue
        planned.approved_as_id = target
        planned.save(update_fields=["approved_as"])
        Historical.objects.create(
            id=planned.pk,
            approved_as_id=target,
            history_date=now,
            history_type="~",
            history_change_reason="linked to its approved target",
            **{name: getattr(planned, name) for name in HISTORY_FIELDS},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ssc_reports", "0015_report_missing_keys"),
        ("targets", "0005_target_main_ksr_and_carried_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplannedtarget",
            name="approved_as",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The group's target the plan's approval made of this one; a later approval (of a reopened plan) updates it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="targets.target",
            ),
        ),
        migrations.AddField(
            model_name="plannedtarget",
            name="approved_as",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                help_text="The group's target the plan's approval made of this one; a later approval (of a reopened plan) updates it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="approved_from",
                to="targets.target",
            ),
        ),
        migrations.RunPython(link_approved_targets, migrations.RunPython.noop),
    ]
