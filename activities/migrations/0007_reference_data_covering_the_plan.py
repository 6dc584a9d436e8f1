"""Reference data that covers the plan (issue 12): Act and Policy categories and their
indicators, an "Other result (describe)" text indicator in every category, provisional KSR 8-13
titles (entries whose wording is ours are marked provisional), and the group of each
non-standard indicator imported before proposals belonged to a group."""

from django.db import migrations


def load(apps, schema_editor):
    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


def assign_proposals(apps, schema_editor):
    """A non-standard indicator used by one group only becomes that group's proposal (others
    stay without a group: offered to nobody, kept on their results)."""
    indicator_model = apps.get_model("activities", "Indicator")
    result_model = apps.get_model("activities", "Result")
    groups: dict[int, set[int]] = {}
    for indicator_id, group_id in result_model.objects.filter(
        indicator__standard=False, indicator__proposed_by__isnull=True
    ).values_list("indicator_id", "activity__report__group_id"):
        groups.setdefault(indicator_id, set()).add(group_id)
    for indicator_id, group_ids in groups.items():
        if len(group_ids) == 1:
            indicator_model.objects.filter(pk=indicator_id).update(proposed_by_id=group_ids.pop())


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_indicator_catalogue"),
        ("targets", "0004_ksr_provisional_title"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(assign_proposals, migrations.RunPython.noop),
    ]
