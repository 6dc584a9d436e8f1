import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Result
from ssc_reports.network.exports import RESULT_COLUMNS, STATUS_COLUMNS
from ssc_reports.richtext import plain_text
from targets.models import TargetStatus
from tests import factories

# Groups by kind (GroupKind order) then name; inside a report, activities by component,
# then category alphabetically, then target code.
GROUP_ORDER = ["ASG", "BSG", "DSG", "RLA", "CSS"]
CATEGORY_ORDER = ["Red List", "Research activities", "Capacity building", "Membership"]
KIND = {
    "ASG": "Specialist Group",
    "BSG": "Specialist Group",
    "DSG": "Specialist Group",
    "RLA": "Red List Authority",
    "CSS": "Center for Species Survival",
}


def quoted(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def expected_result_rows(network, acronyms):
    rows = []
    for acronym in acronyms:
        report = network.reports[acronym]
        for category in CATEGORY_ORDER:
            for result in (
                Result.objects.filter(activity__report=report, activity__category__name=category)
                .select_related("activity__target", "activity__ksr", "indicator")
                .order_by("order", "pk")
            ):
                target = result.activity.target
                status = TargetStatus.objects.get(report=report, target=target)
                regions = ", ".join(r.name for r in target.regions.order_by("order", "name"))
                rows.append(
                    [
                        acronym,
                        report.group.name,
                        KIND[acronym],
                        report.get_status_display(),
                        target.code,
                        target.title,
                        target.get_component_display(),
                        regions,
                        category,
                        result.activity.ksr.number,
                        "yes" if result.activity.ssc_grant_awarded else "no",
                        result.indicator.text,
                        "yes" if result.indicator.standard else "no",
                        result.value if result.value_number is not None else None,
                        quoted(result.value_text or ""),
                        quoted(plain_text(result.description, with_urls=True)),
                        status.get_status_display(),
                    ]
                )
    return rows


def expected_status_rows(network, acronyms):
    rows = []
    for acronym in acronyms:
        report = network.reports[acronym]
        for code in ["T-002", "T-001"]:  # assess before network
            status = TargetStatus.objects.get(report=report, target__code=code)
            regions = ", ".join(r.name for r in status.target.regions.order_by("order", "name"))
            rows.append(
                [
                    acronym,
                    report.group.name,
                    KIND[acronym],
                    report.get_status_display(),
                    code,
                    status.target.get_component_display(),
                    status.target.title,
                    regions,
                    status.get_status_display(),
                ]
            )
    return rows


def as_csv_text(rows):
    return [["" if cell is None else str(cell) for cell in row] for row in rows]


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


def test_results_csv_every_row_matches_database(client, staff_user, network):
    client.force_login(staff_user)
    response = client.get(reverse("network:export_results", args=["2024-2025", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ssc-results-2024-2025.csv"'
    rows = read_csv(response)
    assert rows[0] == RESULT_COLUMNS
    assert rows[1:] == as_csv_text(expected_result_rows(network, GROUP_ORDER))
    assert len(rows) == 1 + 6 * 5


def test_results_xlsx_every_row_matches_database(client, staff_user, network):
    client.force_login(staff_user)
    response = client.get(reverse("network:export_results", args=["2024-2025", "xlsx"]))
    assert response.status_code == 200
    rows, sheet = read_xlsx(response)
    assert rows[0] == RESULT_COLUMNS
    expected = expected_result_rows(network, GROUP_ORDER)
    # Empty strings come back from XLSX as None.
    assert rows[1:] == [[None if cell == "" else cell for cell in row] for row in expected]
    # Numbers stay numbers: 2.5 x 1 people trained in the first specialist group (ASG, #2).
    assert [row[13] for row in rows[1:7]] == [20, 2, None, 5.0, 2, 102]


def test_results_export_quotes_formula_like_text(client, staff_user, network):
    client.force_login(staff_user)
    rows = read_csv(client.get(reverse("network:export_results", args=["2024-2025", "csv"])))
    first_group = rows[1:7]
    assert first_group[1][15] == '\'=HYPERLINK("http://evil.example") and more'
    assert first_group[2][14] == "'+Ongoing work on *Ursus*"
    assert first_group[2][15] == "'@mention text"
    assert first_group[3][15] == "'-minus"
    response = client.get(reverse("network:export_results", args=["2024-2025", "xlsx"]))
    _, sheet = read_xlsx(response)
    formulas = [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []


def test_results_export_filtered_by_kind_and_status(client, staff_user, network):
    client.force_login(staff_user)
    url = reverse("network:export_results", args=["2024-2025", "csv"])
    rows = read_csv(client.get(url, {"kind": "red_list_authority"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["RLA"]))
    rows = read_csv(client.get(url, {"status": "approved"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["ASG", "BSG", "RLA"]))
    rows = read_csv(client.get(url, {"status": "approved", "kind": "specialist_group"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["ASG", "BSG"]))
    # An unknown filter value is ignored rather than silently exporting nothing.
    rows = read_csv(client.get(url, {"status": "nonsense"}))
    assert len(rows) == 1 + 6 * 5


def test_results_export_filtered_by_overdue_and_search_like_the_dashboard(
    client, staff_user, network
):
    client.force_login(staff_user)
    url = reverse("network:export_results", args=["2024-2025", "csv"])
    rows = read_csv(client.get(url, {"q": "bear"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["BSG"]))
    rows = read_csv(client.get(url, {"q": "rla"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["RLA"]))
    # The deadline (31 May 2025) has passed: only the draft is overdue.
    rows = read_csv(client.get(url, {"overdue": "yes"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["DSG"]))
    rows = read_csv(client.get(url, {"overdue": "no", "kind": "specialist_group"}))
    assert rows[1:] == as_csv_text(expected_result_rows(network, ["ASG", "BSG"]))


def test_statuses_csv_and_xlsx_every_row_matches_database(client, staff_user, network):
    client.force_login(staff_user)
    response = client.get(reverse("network:export_statuses", args=["2024-2025", "csv"]))
    rows = read_csv(response)
    expected = expected_status_rows(network, GROUP_ORDER)
    assert rows[0] == STATUS_COLUMNS
    assert rows[1:] == as_csv_text(expected)
    assert [row[7] for row in rows[1:4]] == ["Asia", "", "Global, Africa"]
    response = client.get(reverse("network:export_statuses", args=["2024-2025", "xlsx"]))
    xrows, _ = read_xlsx(response)
    assert xrows[0] == STATUS_COLUMNS
    assert xrows[1:] == [[None if cell == "" else cell for cell in row] for row in expected]


def test_statuses_export_filtered_by_status(client, staff_user, network):
    client.force_login(staff_user)
    url = reverse("network:export_statuses", args=["2024-2025", "csv"])
    rows = read_csv(client.get(url, {"status": "submitted"}))
    assert rows[1:] == as_csv_text(expected_status_rows(network, ["CSS"]))


def test_export_unknown_format_or_period_is_404(client, staff_user, network):
    client.force_login(staff_user)
    assert (
        client.get(reverse("network:export_results", args=["2024-2025", "ods"])).status_code == 404
    )
    assert (
        client.get(reverse("network:export_results", args=["1999-2000", "csv"])).status_code == 404
    )


def test_exports_are_staff_only(client, officer, network):
    url = reverse("network:export_results", args=["2024-2025", "csv"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(officer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("network:exports", args=["2024-2025"])).status_code == 404


@pytest.mark.parametrize("size", [1, 60])
def test_results_export_bounded_queries(client, staff_user, django_assert_max_num_queries, size):
    period = factories.make_period()
    group = factories.make_group(acronym="BIG")
    report = factories.make_report(group=group, period=period, status="approved")
    for n in range(size):
        target = factories.make_target(
            group=group, code=f"T-{n + 1:03d}", regions=("global", "asia")
        )
        factories.set_status(report=report, target=target)
        activity = factories.make_activity(report=report, target=target)
        for _ in range(200 // 60 + 1 if size > 1 else 1):
            factories.make_result(activity=activity, number=3)
    client.force_login(staff_user)
    for name in ("network:export_results", "network:export_statuses"):
        for fmt in ("csv", "xlsx"):
            with django_assert_max_num_queries(10):
                assert client.get(reverse(name, args=["2024-2025", fmt])).status_code == 200
        with django_assert_max_num_queries(20):  # the dashboard's rows, then the export
            response = client.get(reverse(name, args=["2024-2025", "csv"]), {"overdue": "no"})
        assert len(read_csv(response)) > 1


def test_results_export_cells_are_plain_text_with_the_target_columns(client, staff_user):
    period = factories.make_period()
    group = factories.make_group(acronym="MSG", name="IUCN SSC Marks Specialist Group")
    report = factories.make_report(group=group, period=period, status="approved")
    target = factories.make_target(
        group=group, code="T-001", title="Assess *Ursus* bears", regions=("global", "asia")
    )
    activity = factories.make_activity(report=report, target=target, ssc_grant_awarded=True)
    factories.make_result(
        activity=activity,
        number=4,
        description="Surveyed *Ursus arctos* with **four** teams:\n\n- north\n- [south](https://example.org/s)",
    )
    client.force_login(staff_user)

    rows = read_csv(client.get(reverse("network:export_results", args=["2024-2025", "csv"])))

    row = dict(zip(rows[0], rows[1], strict=True))
    assert {key: row[key] for key in ("Target", "Regions", "SSC grant", "Description")} == {
        "Target": "Assess *Ursus* bears",
        "Regions": "Global, Asia",
        "SSC grant": "yes",
        "Description": "Surveyed Ursus arctos with four teams:\n- north\n- south (https://example.org/s)",
    }


def test_results_xlsx_has_a_frozen_filtered_bold_header_and_fitted_columns(
    client, staff_user, network
):
    client.force_login(staff_user)
    response = client.get(reverse("network:export_results", args=["2024-2025", "xlsx"]))
    rows, sheet = read_xlsx(response)

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{len(rows)}"
    assert [cell.font.b for cell in sheet[1]] == [True] * len(RESULT_COLUMNS)
    widths = {
        column: sheet.column_dimensions[letter].width
        for column, letter in zip(RESULT_COLUMNS, "ABCDEFGHIJKLMNOPQ", strict=True)
    }
    longest_name = max(len(row[1]) for row in rows)
    assert widths["Group name"] == min(60, longest_name + 2)
    assert widths["KSR"] == 6  # "KSR" and one-digit numbers: the minimum
    assert widths["Indicator"] <= 60
    assert all(6 <= width <= 60 for width in widths.values())
