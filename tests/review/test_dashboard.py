import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from ssc_reports.entry import services
from ssc_reports.entry.progress import refresh_report_progress
from ssc_reports.models import DeadlineExtension, Report, ReportEvent
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
    return {row.acronym: row for row in response.context["rows"]}


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

    assert [row.acronym for row in response.context["rows"]] == expected


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

    assert [row.acronym for row in response.context["rows"]] == ["DSG", "NSG"]
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


class TableRows(HTMLParser):
    """The dashboard table's body rows: per row its attributes, and per cell its text and the
    (tag, attributes) of the elements inside."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[dict] = []
        self._in_body = self._in_cell = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append({"attrs": attrs, "cells": []})
        elif self._in_body and tag == "td":
            self.rows[-1]["cells"].append({"text": "", "elements": []})
            self._in_cell = True
        elif self._in_cell:
            self.rows[-1]["cells"][-1]["elements"].append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1]["cells"][-1]["text"] += data

    def texts(self) -> list[list[str]]:
        return [[cell["text"] for cell in row["cells"]] for row in self.rows]


def _two_rows():
    """A started, returned, extended and overdue report of a group whose name and acronym
    need escaping, and a group that has not started."""
    period = factories.make_period(label="2024-2025")  # deadline 31 May 2025: past
    report = factories.make_report(
        group=factories.make_group(acronym="F&T 1", name="Frogs & <Toads>"), period=period
    )
    ReportEvent.objects.create(report=report, old_status="submitted", new_status="returned")
    DeadlineExtension.objects.create(report=report, until=datetime.date(2025, 7, 15))
    factories.make_group(acronym="NSG", name="Not Started Group", kind=Group.Kind.TASK_FORCE)
    Report.objects.filter(pk=report.pk).update(
        last_edited_at=datetime.datetime(2025, 1, 3, 7, 5, tzinfo=datetime.UTC),
        completeness=40,
        missing=[
            {"key": "no_activity", "params": {}},
            {"key": "status_missing", "params": {"code": "T-002", "period": "2024-2025"}},
        ],
    )
    return report


def test_dashboard_rows_read_as_written(staff_client, db):
    _two_rows()

    response = staff_client.get(DASHBOARD)

    rows = TableRows(response.content.decode())
    assert [row["attrs"] for row in rows.rows] == [
        {"data-group": "F&T 1", "data-status": "draft"},
        {"data-group": "NSG", "data-status": "not_started"},
    ]
    assert rows.texts() == [
        [
            "Frogs & <Toads> F&T 1",
            "Specialist Group",
            "Draft",
            "3 January 2025, 07:05",
            "40%",
            "15 July 2025 extended",
            "1",
            "Overdue",
        ],
        [
            "Not Started Group NSG",
            "Task Force",
            "Not started",
            "—",
            "0%",
            "31 May 2025",
            "0",
            "Overdue",
        ],
    ]
    started, not_started = (row["cells"] for row in rows.rows)
    review = reverse("staff:review", args=["F&T 1", "2024-2025"])
    assert review == "/staff/review/F&T%201/2024-2025/"
    assert started[0]["elements"] == [
        ("a", {"href": review}),
        ("span", {"class": "text-muted small"}),
    ]
    assert not_started[0]["elements"] == [("span", {"class": "text-muted small"})]  # no link
    assert started[2]["elements"] == [("span", {"class": "badge badge-report-draft"})]
    assert started[4]["elements"] == [
        ("span", {"title": "Missing: No activity is recorded., T-002 has no status for 2024-2025."})
    ]
    assert not_started[4]["elements"] == [
        ("span", {"title": "Missing: the report has not been started"})
    ]
    assert started[5]["elements"] == [("span", {"class": "badge text-bg-warning"})]
    assert not_started[5]["elements"] == []
    assert started[7]["elements"] == [("span", {"class": "badge text-bg-danger"})]
    assert not_started[7]["elements"] == [("span", {"class": "badge text-bg-danger"})]


def test_dashboard_rows_speak_the_staff_members_language(staff_client, db):
    _two_rows()

    response = staff_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="fr")

    texts = TableRows(response.content.decode()).texts()
    assert [row[1:4] + row[5:] for row in texts] == [
        [
            "Groupe de spécialistes",
            "Brouillon",
            "3 janvier 2025 07:05",
            "15 juillet 2025 prolongé",
            "1",
            "En retard",
        ],
        ["Groupe de travail", "Non commencé", "—", "31 mai 2025", "0", "En retard"],
    ]
    cells = [row["cells"] for row in TableRows(response.content.decode()).rows]
    assert [row[4]["elements"] for row in cells] == [
        [
            (
                "span",
                {
                    "title": "Manquant : Aucune activité n’est enregistrée., "
                    "T-002 n’a pas de statut pour 2024-2025."
                },
            )
        ],
        [("span", {"title": "Manquant : le rapport n’a pas été commencé"})],
    ]
    Report.objects.update(missing=[])
    response = staff_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="fr")
    cells = [row["cells"] for row in TableRows(response.content.decode()).rows]
    assert cells[0][4]["elements"] == [("span", {"title": "Complet"})]


def test_dashboard_rows_in_spanish(staff_client, db):
    _two_rows()

    response = staff_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="es")

    texts = TableRows(response.content.decode()).texts()
    assert [row[3] + "|" + row[5] for row in texts] == [
        "3 de enero de 2025 a las 07:05|15 de julio de 2025 ampliado",
        "—|31 de mayo de 2025",
    ]
    cells = [row["cells"] for row in TableRows(response.content.decode()).rows]
    assert cells[0][4]["elements"] == [
        (
            "span",
            {
                "title": "Falta: No hay ninguna actividad registrada., "
                "T-002 no tiene estado para 2024-2025."
            },
        )
    ]


def test_dashboard_shows_a_sentence_stored_before_the_keys_as_it_is(staff_client, db):
    report = _two_rows()
    Report.objects.filter(pk=report.pk).update(
        missing=["An old sentence.", {"key": "text", "params": {"text": "Kept as it was."}}]
    )

    response = staff_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="fr")

    cells = [row["cells"] for row in TableRows(response.content.decode()).rows]
    assert cells[0][4]["elements"] == [
        ("span", {"title": "Manquant : An old sentence., Kept as it was."})
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["APX", "RLX"]), ("fr", ["RLX", "APX"])],  # Action… < Red…; Autorité… < Partenariat…
)
def test_dashboard_sorts_kinds_by_their_label_in_the_readers_language(
    staff_client, period, language, expected
):
    factories.make_group(acronym="APX", name="A", kind=Group.Kind.ACTION_PARTNERSHIP)
    factories.make_group(acronym="RLX", name="B", kind=Group.Kind.RED_LIST_AUTHORITY)

    response = staff_client.get(DASHBOARD + "?sort=kind", HTTP_ACCEPT_LANGUAGE=language)

    assert [row.acronym for row in response.context["rows"]] == expected
