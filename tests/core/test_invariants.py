import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Activity, Result
from ssc_reports.models import Report
from targets.models import Target, TargetStatus
from tests import factories


def test_reference_data_is_loaded_by_migration(db):
    from activities.models import ActivityCategory, Indicator
    from targets.models import KSR, Region

    assert KSR.objects.filter(quadrennium__label="2021-2025").count() == 13
    assert list(Region.objects.values_list("code", flat=True)) == [
        "global", "africa", "america", "asia", "europe", "oceania", "antarctica",
    ]  # fmt: skip
    assert ActivityCategory.objects.count() == 10  # 7 from the seeds, Policy and two for Act
    # 9 from the seeds, 5 provisional ones, and "Other result (describe)" in every category
    assert Indicator.objects.filter(standard=True).count() == 9 + 5 + 10
    assert factories.ksr(6).component == "assess"
    assert factories.ksr(6).text.startswith("Expand the coverage, quality and content")


def test_target_code_unique_per_group_and_quadrennium(group):
    factories.make_target(group=group, code="T-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_target(group=group, code="T-001")
    other = factories.make_group()
    assert factories.make_target(group=other, code="T-001").code == "T-001"


def test_target_code_format_checked_by_full_clean(group):
    target = Target(group=group, quadrennium=factories.quadrennium(), code="T-1", title="x")
    with pytest.raises(ValidationError) as info:
        target.full_clean()
    assert "code" in info.value.message_dict


def test_one_report_per_group_and_period(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(group=report.group, period=report.period)
    duplicate = Report(group=report.group, period=report.period)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_result_refuses_both_number_and_text(report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    indicator = factories.indicator("Number of new global Red List assessments completed")
    for bad in ({"value_number": 1, "value_text": "x"}, {"value_number": None, "value_text": None},
                {"value_number": None, "value_text": ""}):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            Result.objects.create(activity=activity, indicator=indicator, **bad)
        with pytest.raises(ValidationError):
            Result(activity=activity, indicator=indicator, **bad).full_clean()
    assert Result.objects.count() == 0


def test_activity_target_of_another_group_refused_by_database(report):
    foreign_target = factories.make_target(group=factories.make_group(), code="T-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_activity(report=report, target=foreign_target)
    activity = Activity(
        report=report,
        target=foreign_target,
        category=factories.category("Red List"),
        ksr=factories.ksr(6),
    )
    with pytest.raises(ValidationError) as info:
        activity.full_clean()
    assert "target" in info.value.message_dict
    assert Activity.objects.count() == 0


def test_activity_cannot_be_moved_to_another_groups_target(report):
    own = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=own)
    foreign_target = factories.make_target(group=factories.make_group(), code="T-002")
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(target=foreign_target)


def test_target_status_of_another_group_refused_by_database(report):
    foreign_target = factories.make_target(group=factories.make_group(), code="T-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetStatus.objects.create(report=report, target=foreign_target, status="on_track")


def test_period_start_after_end_refused(db):
    import datetime

    from ssc_reports.models import ReportingPeriod

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            quadrennium=factories.quadrennium(),
            label="2030-2031",
            start=datetime.date(2031, 1, 1),
            end=datetime.date(2030, 1, 1),
        )
