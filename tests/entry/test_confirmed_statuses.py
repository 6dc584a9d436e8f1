"""This year's statuses are confirmed: carried-over statuses read "from last year" until an
officer confirms (one click) or changes them; the targets section is complete only then."""

import pytest
from django.urls import reverse

from ssc_reports.entry import services
from ssc_reports.entry.completeness import report_checklist
from ssc_reports.models import Report
from targets.models import TargetStatus
from tests import factories


@pytest.fixture
def new_period_report(group, officer, period):
    """Last year's report with two statuses; this year's report started from it."""
    last = factories.make_report(
        group=group,
        period=factories.make_period(label="2023-2024"),
        status="approved",
        approved_pdf="approved/last-year.pdf",  # its final PDF is made (else groups lock)
    )
    t1 = factories.make_target(group=group, code="T-001")
    t2 = factories.make_target(group=group, code="T-002")
    factories.set_status(report=last, target=t1, status="on_track")
    factories.set_status(report=last, target=t2, status="achieved")
    return services.start_report(group=group, period=period, by=officer)


def _targets_url(report):
    return reverse("reports:targets", args=[report.group.acronym, report.period.label])


def test_carried_statuses_are_not_confirmed(new_period_report):
    assert sorted(
        TargetStatus.objects.filter(report=new_period_report).values_list(
            "target__code", "status", "confirmed"
        )
    ) == [("T-001", "on_track", False), ("T-002", "achieved", False)]


def test_new_period_targets_section_incomplete_until_confirmed(new_period_report, officer):
    check = report_checklist(new_period_report)["targets"]

    assert check.missing == [
        "T-001: the status from last year is not confirmed for 2024-2025.",
        "T-002: the status from last year is not confirmed for 2024-2025.",
    ]

    services.confirm_target_statuses(report=new_period_report, by=officer)

    assert report_checklist(new_period_report)["targets"].complete


def test_changing_a_carried_status_confirms_it(new_period_report, officer):
    t1 = new_period_report.group.targets.get(code="T-001")

    services.set_target_statuses(
        report=new_period_report, changes={t1.pk: ("on_track", "achieved")}, by=officer
    )

    assert report_checklist(new_period_report)["targets"].missing == [
        "T-002: the status from last year is not confirmed for 2024-2025."
    ]


def test_targets_page_shows_from_last_year_and_one_click_confirms_all(
    client, new_period_report, officer
):
    client.force_login(officer)

    html = client.get(_targets_url(new_period_report)).content.decode()

    assert html.count("from last year, not confirmed") == 2
    assert "2 statuses are carried over from last year" in html
    assert "Confirm all statuses from last year" in html

    response = client.post(
        reverse("reports:targets_confirm", args=["TSG", "2024-2025"]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "2 statuses from last year confirmed for 2024-2025."
    ]
    html = response.content.decode()
    assert "from last year, not confirmed" not in html
    assert set(
        TargetStatus.objects.filter(report=new_period_report).values_list("confirmed", flat=True)
    ) == {True}
    confirmations = TargetStatus.history.filter(
        report_id=new_period_report.pk, confirmed=True
    ).values_list("history_user", flat=True)
    assert list(confirmations) == [officer.pk, officer.pk]


def test_overview_shows_targets_incomplete_in_a_new_period(client, new_period_report, officer):
    client.force_login(officer)

    html = client.get(reverse("reports:detail", args=["TSG", "2024-2025"])).content.decode()

    assert "T-001: the status from last year is not confirmed for 2024-2025." in html


def test_confirm_is_refused_on_a_submitted_report(client, new_period_report, officer):
    Report.objects.filter(pk=new_period_report.pk).update(status="submitted")
    client.force_login(officer)

    response = client.post(reverse("reports:targets_confirm", args=["TSG", "2024-2025"]))

    assert response.status_code == 403
    assert not TargetStatus.objects.filter(confirmed=True).filter(report=new_period_report).exists()
