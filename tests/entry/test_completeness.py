from ssc_reports.entry.completeness import report_checklist, report_checklists
from tests import factories


def _complete_report(report):
    group = report.group
    group.mission = "Our mission"
    group.save()
    factories.make_officer(group=group)
    report.projected_impact = "Impact"
    report.save()
    target = factories.make_target(group=group, code="T-001")
    factories.set_status(report=report, target=target)
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity)
    return target


def test_report_checklist_lists_missing_items_per_section(report):
    checklist = report_checklist(report)

    assert {check.key: check.missing for check in checklist} == {
        "group": ["The mission statement is empty.", "No officer is listed."],
        "impact": ["The projected impact is empty."],
        "targets": ["No target for the quadrennium."],
        "activities": ["No activity is recorded."],
        "photos": [],
        "acknowledgements": [],
    }
    assert checklist.complete is False
    assert checklist.missing_count == 5


def test_report_checklist_complete_report(report):
    _complete_report(report)

    checklist = report_checklist(report)

    assert checklist.complete is True
    assert checklist.missing_count == 0


def test_report_checklist_target_without_status_and_activity_without_results(report):
    target = _complete_report(report)
    factories.make_target(group=report.group, code="T-002")
    factories.make_target(group=report.group, code="T-003", retired=True)
    factories.make_activity(report=report, target=target, category_name="Green Status Assessment")

    checklist = report_checklist(report)

    assert checklist["targets"].missing == ["T-002 has no status for 2024-2025."]
    assert checklist["activities"].missing == ["T-001 / Green Status Assessment has no result."]


def test_report_checklist_ignores_statuses_of_other_periods(report):
    target = _complete_report(report)
    other_target = factories.make_target(group=report.group, code="T-002")
    older = factories.make_report(
        group=report.group, period=factories.make_period(label="2023-2024")
    )
    factories.set_status(report=older, target=other_target)
    assert target.code == "T-001"

    assert report_checklist(report)["targets"].missing == ["T-002 has no status for 2024-2025."]


def test_report_checklists_constant_queries(period, django_assert_num_queries):
    reports = []
    for _ in range(5):
        report = factories.make_report(period=period)
        target = factories.make_target(group=report.group, code="T-001")
        activity = factories.make_activity(report=report, target=target)
        factories.make_result(activity=activity)
        reports.append(report)
    from ssc_reports.models import Report

    loaded = list(
        Report.objects.filter(pk__in=[r.pk for r in reports]).select_related("group", "period")
    )

    with django_assert_num_queries(4):
        checklists = report_checklists(loaded)

    assert len(checklists) == 5
    assert all(c["activities"].complete for c in checklists.values())
