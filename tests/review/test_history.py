from decimal import Decimal

from activities.models import Activity, Result
from groups.models import Group
from ssc_reports.models import Report
from ssc_reports.review.history import report_timeline
from ssc_reports.review.snapshots import (
    changes_since_previous_submission,
    diff_snapshots,
    snapshot_report,
)
from ssc_reports.review.workflow import return_report, submit_report
from targets.models import Target, TargetStatus
from tests import factories


def _flat(diff):
    """[(part, item kind, item label, field, before, after)] of a diff."""
    return [
        (part.part, item.kind, item.label, change.field, change.before, change.after)
        for part in diff
        for item in part.items
        for change in item.changes
    ]


def test_history_records_every_content_model(complete_report, officer):
    assert Report.history.filter(id=complete_report.pk).exists()
    assert Group.history.filter(id=complete_report.group_id).exists()
    # Created, then its regions set.
    assert list(Target.history.order_by("history_id").values_list("history_type", flat=True)) == [
        "+",
        "~",
    ]
    assert TargetStatus.history.count() == 1
    assert Activity.history.count() == 1
    assert Result.history.count() == 1
    factories.make_photo(report=complete_report)
    assert complete_report.photos.get().history.count() == 1


def test_history_records_who_changed_what(client, complete_report, officer):
    result = Result.objects.get()
    result._history_user = officer
    result.value_number = Decimal("15")
    result.save()

    latest = result.history.first()
    previous = latest.prev_record
    delta = latest.diff_against(previous)
    assert latest.history_user == officer
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("value_number", Decimal("12.000"), Decimal("15.000"))
    ]


def test_diff_since_previous_submission_is_exact(submitted_report, staff_user, officer):
    return_report(report=submitted_report, by=staff_user, reason="Fix the result.")
    result = Result.objects.get()
    result.value_number = Decimal("15")
    result.description = "Fifteen assessments."
    result.save()
    target = Target.objects.get(code="T-001")
    TargetStatus.objects.filter(target=target).update(status="achieved")
    new_target = factories.make_target(group=submitted_report.group, code="T-002", title="New")
    factories.set_status(report=submitted_report, target=new_target, status="not_initiated")
    submitted_report.refresh_from_db()
    submitted_report.projected_impact = "Every species assessed twice."
    submitted_report.save()
    submit_report(report=submitted_report, by=officer)

    diff = changes_since_previous_submission(Report.objects.get(pk=submitted_report.pk))

    activity_label = "T-001 / Red List (KSR 6)"
    indicator = result.indicator.text
    assert _flat(diff) == [
        (
            "report",
            "changed",
            "2024-2025",
            "projected_impact",
            "Every species assessed.",
            "Every species assessed twice.",
        ),
        ("targets", "changed", "T-001", "status", "On track", "Achieved"),
        ("targets", "added", "T-002", "code", None, "T-002"),
        ("targets", "added", "T-002", "component", None, "Assess"),
        ("targets", "added", "T-002", "title", None, "New"),
        ("targets", "added", "T-002", "regions", None, ["Global"]),
        ("targets", "added", "T-002", "retired", None, False),
        ("targets", "added", "T-002", "status", None, "Not initiated"),
        ("results", "changed", f"{activity_label}: {indicator}", "value", 12, 15),
        (
            "results",
            "changed",
            f"{activity_label}: {indicator}",
            "description",
            "Twelve assessments.",
            "Fifteen assessments.",
        ),
    ]


def test_diff_is_none_for_a_first_submission(submitted_report):
    assert changes_since_previous_submission(submitted_report) is None


def test_diff_is_empty_when_resubmitted_unchanged(submitted_report, staff_user, officer):
    return_report(report=submitted_report, by=staff_user, reason="Check again.")
    submit_report(report=submitted_report, by=officer)

    assert changes_since_previous_submission(Report.objects.get(pk=submitted_report.pk)) == []


def test_diff_lists_removed_items(complete_report):
    before = snapshot_report(complete_report)
    Activity.objects.get().delete()

    diff = diff_snapshots(before, snapshot_report(complete_report))

    assert [(p.part, [(i.kind, i.label) for i in p.items]) for p in diff] == [
        ("activities", [("removed", "T-001 / Red List (KSR 6)")]),
        (
            "results",
            [("removed", f"T-001 / Red List (KSR 6): {Result.history.first().indicator.text}")],
        ),
    ]


def test_snapshot_report_queries_are_bounded(complete_report, django_assert_max_num_queries):
    group = complete_report.group
    for n in range(2, 40):
        target = factories.make_target(group=group, code=f"T-{n:03d}")
        factories.set_status(report=complete_report, target=target)
        activity = factories.make_activity(report=complete_report, target=target)
        factories.make_result(activity=activity, number=n)
    with django_assert_max_num_queries(9):
        snapshot = snapshot_report(complete_report)
    assert len(snapshot["targets"]) == 39
    assert len(snapshot["results"]) == 39


def test_report_timeline_shows_changes_and_transitions(submitted_report, staff_user, officer):
    return_report(report=submitted_report, by=staff_user, reason="Fix the number.")
    result = Result.objects.get()
    result._history_user = officer
    result.value_number = Decimal("15")
    result.save()

    entries = report_timeline(submitted_report)

    newest = entries[0]
    assert (newest.kind, newest.who, newest.what) == (
        "changed",
        officer,
        f"Result: {result.indicator.text}",
    )
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("Result (a number)", "12", "15")
    ]
    transitions = [(e.what, e.who, e.reason) for e in entries if e.kind == "transition"]
    assert transitions == [
        ("Submitted → Returned", staff_user, "Fix the number."),
        ("Draft → Submitted", officer, ""),
    ]
    created = {e.what for e in entries if e.kind == "created"}
    assert {
        "Report",
        "Target T-001",
        "Status of target T-001",
        "Activity T-001 / Red List",
    } <= created


def test_timeline_page_for_officer_and_staff(client, submitted_report, officer, staff_user):
    client.force_login(officer)
    response = client.get("/review/TSG/2024-2025/timeline/")
    assert response.status_code == 200
    assert "Draft → Submitted" in response.content.decode()
    client.force_login(staff_user)
    assert client.get("/review/TSG/2024-2025/timeline/").status_code == 200


def test_timeline_page_queries_are_bounded(
    client, complete_report, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(25) as small:
        client.get("/review/TSG/2024-2025/timeline/")
    for n in range(2, 30):
        target = factories.make_target(group=complete_report.group, code=f"T-{n:03d}")
        factories.set_status(report=complete_report, target=target)
        activity = factories.make_activity(report=complete_report, target=target)
        factories.make_result(activity=activity, number=n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/review/TSG/2024-2025/timeline/")
    assert response.content.decode().count("Status of target") == 29
