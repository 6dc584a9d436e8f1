"""The staff dashboard's table in pages of 50: sorting by each column over all rows, in the
database, page after page; page links that keep the filters and the sort; totals over every
group whatever the page or filter."""

import datetime
import random
import re

import pytest
from django.utils import timezone, translation

from groups.models import Group
from ssc_reports.entry.progress import refresh_report_progress
from ssc_reports.models import DeadlineExtension, Report, ReportEvent
from ssc_reports.review.dashboard import PAGE_SIZE, SORTS
from tests import factories

DASHBOARD = "/staff/"
STATUS_ORDER = ["not_started", "draft", "submitted", "returned", "approved"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def network(db):
    """120 groups of every kind: 30 without a report, the others in every status, with their
    stored progress, deadline extensions and returns varied (and ties in each column)."""
    rng = random.Random(17)
    today = timezone.localdate()
    period = factories.make_period(deadline=today - datetime.timedelta(days=2))
    kinds = list(Group.Kind.values)
    statuses = [s for s in STATUS_ORDER if s != "not_started"]
    moment = timezone.now()
    for i in range(120):
        group = factories.make_group(
            acronym=f"G{i:03d}", name=f"Group {rng.randrange(10**6):06d} {i}", kind=kinds[i % 5]
        )
        if i % 4 == 0:
            continue
        report = factories.make_report(group=group, period=period, status=rng.choice(statuses))
        for _ in range(rng.randrange(3)):
            ReportEvent.objects.create(report=report, old_status="submitted", new_status="returned")
        if i % 7 == 0:
            DeadlineExtension.objects.create(
                report=report, until=today + datetime.timedelta(days=rng.randrange(1, 4))
            )
    refresh_report_progress(everything=True)
    for report in Report.objects.all():  # vary the stored columns the table sorts by
        Report.objects.filter(pk=report.pk).update(
            completeness=rng.choice([0, 25, 50, 75, 100]),
            last_edited_at=moment - datetime.timedelta(hours=rng.randrange(50)),
        )
    return period


def _rows(period):
    """Every group's row as the dashboard should show it, computed in Python."""
    today = timezone.localdate()
    reports = {
        r.group_id: r
        for r in Report.objects.filter(period=period).select_related("deadline_extension")
    }
    returns = {}
    for event in ReportEvent.objects.filter(new_status="returned"):
        returns[event.report_id] = returns.get(event.report_id, 0) + 1
    kind_labels = dict(Group.Kind.choices)
    lowest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    rows = []
    for group in Group.objects.all():
        report = reports.get(group.pk)
        extension = getattr(report, "deadline_extension", None) if report else None
        status = report.status if report else "not_started"
        deadline = extension.until if extension else period.submission_deadline
        rows.append(
            {
                "acronym": group.acronym,
                "kind_value": group.kind,
                "overdue": status not in ("submitted", "approved") and today > deadline,
                "group": group.name.casefold(),
                "acronym_key": group.acronym.casefold(),
                "kind": kind_labels[group.kind],
                "status": STATUS_ORDER.index(status),
                "last_edit": (report.last_edited_at if report else None) or lowest,
                "completeness": report.completeness if report else 0,
                "deadline": deadline,
                "returns": returns.get(report.pk, 0) if report else 0,
                "pk": group.pk,
            }
        )
    return rows


def _expected(period, sort, where=lambda row: True):
    """The acronyms in the order the dashboard shows for `sort`: ties in name order."""
    field = sort.lstrip("-")
    field = "acronym_key" if field == "acronym" else field
    by_name = sorted(filter(where, _rows(period)), key=lambda row: (row["group"], row["pk"]))
    ordered = sorted(by_name, key=lambda row: row[field], reverse=sort.startswith("-"))
    return [row["acronym"] for row in ordered]


def _all_pages(client, query):
    shown, page = [], 1
    while True:
        response = client.get(f"{DASHBOARD}?{query}&page={page}")
        assert response.status_code == 200
        shown += [row.acronym for row in response.context["rows"]]
        if not response.context["page"].has_next():
            return shown, response
        page += 1


@pytest.mark.parametrize("sort", [key for name in SORTS for key in (name, f"-{name}")])
def test_sorting_by_each_column_is_right_across_pages(staff_client, network, sort):
    shown, last = _all_pages(staff_client, f"sort={sort}")

    assert shown == _expected(network, sort)
    assert last.context["page"].number == 5  # 120 groups, 25 a page
    assert len(last.context["rows"]) == 120 - 4 * PAGE_SIZE


def test_page_links_keep_filters_and_sort(staff_client, network):
    query = "period=2024-2025&kind=specialist_group&overdue=no&q=group&sort=-completeness"
    expected = _expected(
        network,
        "-completeness",
        lambda row: row["kind_value"] == "specialist_group" and not row["overdue"],
    )
    assert 0 < len(expected) <= PAGE_SIZE

    response = staff_client.get(f"{DASHBOARD}?{query}")

    assert [row.acronym for row in response.context["rows"]] == expected
    assert response.context["page"].paginator.count == len(expected)
    assert "dashboard-pages" not in response.content.decode()  # one page: no page links

    everything = "period=2024-2025&q=group&sort=-completeness"
    response = staff_client.get(f"{DASHBOARD}?{everything}&page=2")
    html = response.content.decode()
    links = re.findall(r'href="\?([^"]*page=\d+)"', html)
    assert links  # previous, 1 to 5, next
    for link in links:
        assert link.replace("&amp;", "&").startswith(everything + "&page="), link
    assert [row.acronym for row in response.context["rows"]] == _expected(network, "-completeness")[
        PAGE_SIZE : 2 * PAGE_SIZE
    ]


def test_page_two_holds_the_rest_in_order(staff_client, network):
    first = staff_client.get(f"{DASHBOARD}?sort=group")
    second = staff_client.get(f"{DASHBOARD}?sort=group&page=2")

    html = first.content.decode()
    assert 'href="?sort=group&amp;page=2"' in html
    assert 'aria-current="page">1<' in html
    names = [row.acronym for row in first.context["rows"]]
    names += [row.acronym for row in second.context["rows"]]
    assert names == _expected(network, "group")[: 2 * PAGE_SIZE]
    # The sort links start again at page 1 and keep the other parameters.
    assert 'href="?sort=-group"' in second.content.decode()  # page dropped
    assert '<th scope="col" aria-sort="ascending"><a href=' in html
    assert "aria-sort" not in re.sub(r"<th [^>]*>", "", html)


def test_totals_count_every_group_whatever_the_page_and_filter(staff_client, network):
    response = staff_client.get(f"{DASHBOARD}?status=draft&page=2")

    expected = dict.fromkeys(STATUS_ORDER, 0)
    expected["not_started"] = 30
    for status in Report.objects.values_list("status", flat=True):
        expected[status] += 1
    assert {key: n for key, _label, n in response.context["totals"]} == expected
    assert response.context["total"] == 120
    assert response.context["page"].number == 1  # 22 drafts: one page; page 2 shows the last
    assert {row.status for row in response.context["rows"]} == {"draft"}
    overdue = [row for row in _rows(network) if row["overdue"]]
    assert response.context["overdue_total"] == len(overdue) > 0


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", ""])
def test_a_page_number_out_of_range_shows_a_real_page(staff_client, network, page):
    response = staff_client.get(f"{DASHBOARD}?page={page}")

    assert response.status_code == 200
    assert response.context["page"].number in (1, 5)
    assert len(response.context["rows"]) in (PAGE_SIZE, 20)


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("en", datetime.datetime(2025, 1, 3, 7, 5, tzinfo=datetime.UTC),
         "3 January 2025, 08:05|3 January 2025"),
        ("fr", datetime.datetime(2025, 1, 3, 7, 5, tzinfo=datetime.UTC),
         "3 janvier 2025 08:05|3 janvier 2025"),
        ("fr", datetime.datetime(2024, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
         "1 janvier 2025 00:59|31 décembre 2024"),
        ("es", datetime.datetime(2025, 9, 30, 0, 0, tzinfo=datetime.UTC),
         "30 de septiembre de 2025 a las 02:00|30 de septiembre de 2025"),
        ("es", datetime.datetime(2024, 2, 1, 0, 0, tzinfo=datetime.UTC),
         "1 de febrero de 2024 a las 01:00|1 de febrero de 2024"),
    ],
)  # fmt: skip
def test_row_dates_read_as_the_date_filter_writes_them(language, moment, expected, settings):
    """The active language's DATETIME_FORMAT and DATE_FORMAT, as the `date` filter writes
    them, in local time."""
    from django.template import Context, Template

    from ssc_reports.review.dashboard import DateTexts

    template = Template('{{ moment|date:"DATETIME_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}')
    settings.TIME_ZONE = "Europe/Paris"  # local time, not UTC
    with timezone.override("Europe/Paris"), translation.override(language):
        texts = DateTexts()
        shown = template.render(Context({"moment": moment, "day": moment.date()}))
        assert f"{texts.moment(moment)}|{texts.day(moment.date())}" == shown == expected
    assert DateTexts().moment(None) == DateTexts().day(None) == ""


def test_row_dates_write_letters_of_other_formats_as_the_filter_does():
    from django.utils.dateformat import format as date_format

    from ssc_reports.review.dashboard import CompiledFormat

    moment = datetime.datetime(2025, 3, 4, 9, 7, tzinfo=datetime.UTC)
    patterns = (r"D, d/m/y G:i \a\t N E M n l", "Y-m-d", r"\\j j", r"d\\m x", r"j \d\e F")
    for pattern in patterns:
        assert CompiledFormat(pattern)(moment) == date_format(moment, pattern)
