import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from ssc_reports.entry import services
from ssc_reports.entry.progress import refresh_report_progress
from ssc_reports.models import Report, ReportEvent
from ssc_reports.review.dashboard import PAGE_SIZE
from ssc_reports.review.lock import grant_extension
from tests import factories

DASHBOARD = "/staff/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _stored():
    """The factories write without the services: store their reports' progress as the
    services would (ssc_reports.entry.progress)."""
    refresh_report_progress(everything=True)


def _rows(response):
    return {row.group.acronym: row for row in response.context["rows"]}


def _network(period):
    """Four groups in four states: not started, draft, submitted (returned once), approved."""
    kinds = Group.Kind
    factories.make_group(acronym="NSG", name="Not Started Group", kind=kinds.TASK_FORCE)
    draft = factories.make_report(
        group=factories.make_group(acronym="DSG", name="Draft Group"), period=period
    )
    submitted = factories.make_report(
        group=factories.make_group(acronym="SSG", name="Submitted Group"),
        period=period,
        status=Report.Status.SUBMITTED,
    )
    ReportEvent.objects.create(report=submitted, old_status="submitted", new_status="returned")
    approved = factories.make_report(
        group=factories.make_group(
            acronym="ASG", name="Approved Group", kind=kinds.RED_LIST_AUTHORITY
        ),
        period=period,
        status=Report.Status.APPROVED,
    )
    return draft, submitted, approved


def test_dashboard_lists_every_group_with_status_and_returns(staff_client, period):
    _network(period)

    response = staff_client.get(DASHBOARD)

    rows = _rows(response)
    assert list(rows) == ["ASG", "DSG", "NSG", "SSG"]  # by name
    assert {k: r.status for k, r in rows.items()} == {
        "ASG": "approved",
        "DSG": "draft",
        "NSG": "not_started",
        "SSG": "submitted",
    }
    assert rows["SSG"].returns == 1
    assert rows["DSG"].returns == 0
    assert rows["NSG"].status_label == "Not started"
    html = response.content.decode()
    assert reverse("staff:review", args=["DSG", "2024-2025"]) in html


def test_dashboard_totals_per_status(staff_client, period):
    _network(period)

    response = staff_client.get(DASHBOARD + "?status=draft")

    assert response.context["totals"] == [
        ("not_started", "Not started", 1),
        ("draft", "Draft", 1),
        ("submitted", "Submitted", 1),
        ("returned", "Returned", 0),
        ("approved", "Approved", 1),
    ]
    assert list(_rows(response)) == ["DSG"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=task_force", ["NSG"]),
        ("kind=red_list_authority", ["ASG"]),
        ("status=not_started", ["NSG"]),
        ("status=submitted", ["SSG"]),
        ("q=draft", ["DSG"]),
        ("q=asg", ["ASG"]),
        ("sort=-group", ["SSG", "NSG", "DSG", "ASG"]),
        ("sort=status", ["NSG", "DSG", "SSG", "ASG"]),
        ("sort=-returns", ["SSG", "ASG", "DSG", "NSG"]),
    ],
)
def test_dashboard_filters_search_and_sorting(staff_client, period, query, expected):
    _network(period)

    response = staff_client.get(f"{DASHBOARD}?{query}")

    assert [row.group.acronym for row in response.context["rows"]] == expected


def test_dashboard_overdue_flag_and_filter(staff_client, db):
    past = factories.make_period(deadline=timezone.localdate() - datetime.timedelta(days=3))
    draft, submitted, approved = _network(past)
    late_but_extended = factories.make_report(
        group=factories.make_group(acronym="ESG", name="Extended Group"), period=past
    )
    grant_extension(
        report=late_but_extended,
        by=factories.make_user(staff=True),
        until=timezone.localdate() + datetime.timedelta(days=5),
    )

    response = staff_client.get(DASHBOARD + "?overdue=yes")

    assert [row.group.acronym for row in response.context["rows"]] == ["DSG", "NSG"]
    all_rows = _rows(staff_client.get(DASHBOARD))
    assert all_rows["ESG"].overdue is False
    assert all_rows["ESG"].extended is True
    assert all_rows["ESG"].deadline == timezone.localdate() + datetime.timedelta(days=5)
    assert all_rows["SSG"].overdue is False
    assert response.context["overdue_total"] == 2


def test_dashboard_completeness_from_the_checklist(staff_client, complete_report, period):
    empty = factories.make_report(group=factories.make_group(acronym="ESG"), period=period)
    _stored()

    rows = _rows(staff_client.get(DASHBOARD))

    assert rows["TSG"].completeness == 100
    assert rows["TSG"].missing == []
    assert rows[empty.group.acronym].completeness == 0
    assert "The mission statement is empty." in rows["ESG"].missing


def test_dashboard_last_edit_follows_content_changes(staff_client, complete_report):
    _stored()
    before = _rows(staff_client.get(DASHBOARD))["TSG"].last_edit
    activity = complete_report.activities.get()
    result = activity.results.get()
    result.description = "Changed"
    services.save_with_version(instance=activity, version=activity.version, save=result.save)

    after = _rows(staff_client.get(DASHBOARD))["TSG"].last_edit

    assert after > before
    assert after == result.history.first().history_date


def _many_groups(period, n):
    for i in range(n):
        group = factories.make_group(acronym=f"N{i:03d}")
        if i % 4:
            report = factories.make_report(group=group, period=period)
            target = factories.make_target(group=group, code="T-001")
            factories.set_status(report=report, target=target)
            activity = factories.make_activity(report=report, target=target)
            factories.make_result(activity=activity, number=i + 1)
            ReportEvent.objects.create(report=report, old_status="submitted", new_status="returned")


@pytest.mark.parametrize("groups", [1, 200])
def test_dashboard_queries_are_bounded(staff_client, period, groups, django_assert_max_num_queries):
    _many_groups(period, groups)

    with django_assert_max_num_queries(16):
        response = staff_client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(response.context["rows"]) == min(groups, PAGE_SIZE)
    assert response.context["page"].paginator.count == groups


def test_dashboard_without_periods_invites_to_open_one(staff_client):
    response = staff_client.get(DASHBOARD)
    assert response.status_code == 200
    assert "No reporting period yet." in response.content.decode()


def test_dashboard_unknown_period_is_404(staff_client, period):
    assert staff_client.get(DASHBOARD + "?period=1999-2000").status_code == 404


def test_staff_pages_answer_404_to_officers(client, officer, report):
    client.force_login(officer)
    for url in [DASHBOARD, "/staff/review/TSG/2024-2025/", "/staff/periods/", "/staff/groups/"]:
        assert client.get(url).status_code == 404, url


def test_staff_pages_send_anonymous_to_log_in(client, report):
    response = client.get("/staff/review/TSG/2024-2025/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/staff/review/TSG/2024-2025/"


def test_dashboard_last_edit_counts_group_information(staff_client, complete_report):
    group = complete_report.group
    group.website = "https://example.org"
    services.save_with_version(instance=group, version=group.version, save=group.save)

    last_edit = _rows(staff_client.get(DASHBOARD))["TSG"].last_edit

    assert last_edit == group.history.first().history_date
