"""Staff exports of a period: every result and every target status, as CSV or XLSX.

One row per result (or per target status), in the one sort order of ssc_reports.ordering:
groups by kind (GroupKind order) then name, then activities by component, category and target
code, then results in their order. Filters mirror the staff dashboard: group kind and report
status. Text cells that a spreadsheet would read as a formula (starting with = + - @, or a tab
or carriage return) are prefixed with a single quote (CSV/formula injection). Rich text (a
result's description) is written as plain text, without its Markdown marks
(`richtext.plain_text`). The XLSX has a bold, frozen header row with filters and columns as
wide as their content (up to MAX_COLUMN_WIDTH characters).
"""

import csv
import functools
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.functional import Promise

from activities.models import Activity, Result
from groups.models import GroupKind
from ssc_reports.models import Report
from ssc_reports.ordering import activity_sort_key, target_sort_key
from ssc_reports.review.dashboard import dashboard_groups, filter_groups
from ssc_reports.richtext import plain_text
from targets.models import Component, Status, Target, TargetStatus

KIND_ORDER = {value: index for index, value in enumerate(GroupKind.values)}
KIND_LABELS = dict(GroupKind.choices)
COMPONENT_LABELS = dict(Component.choices)
STATUS_LABELS = dict(Status.choices)
REPORT_STATUS_LABELS = dict(Report.Status.choices)

RESULT_COLUMNS = [
    "Group",
    "Group name",
    "Kind",
    "Report status",
    "Target code",
    "Target",
    "Component",
    "Regions",
    "Category",
    "KSR",
    "SSC grant",
    "Indicator",
    "Standard indicator",
    "Value",
    "Text",
    "Description",
    "Target status",
]

STATUS_COLUMNS = [
    "Group",
    "Group name",
    "Kind",
    "Report status",
    "Target code",
    "Component",
    "Target",
    "Regions",
    "Status",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value a spreadsheet never evaluates: text that looks like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportFilter:
    """The staff dashboard's filters, with its parameter names: group kind, report status,
    overdue ("yes"/"no") and a search in the group's name or acronym (empty = all)."""

    kind: str = ""
    status: str = ""
    overdue: str = ""
    q: str = ""

    KEYS = ("kind", "status", "overdue", "q")

    @classmethod
    def from_query(cls, query) -> "ExportFilter":
        kind = query.get("kind", "")
        status = query.get("status", "")
        overdue = query.get("overdue", "")
        return cls(
            kind=kind if kind in GroupKind.values else "",
            status=status if status in Report.Status.values else "",
            overdue=overdue if overdue in ("yes", "no") else "",
            q=query.get("q", "").strip()[:100],
        )

    def reports(self, period):
        """The period's reports of the groups the dashboard shows with these filters (one
        query: the dashboard's, on the reports' stored columns, deadline extensions
        included in "overdue")."""
        groups = filter_groups(
            dashboard_groups(period),
            kind=self.kind,
            status=self.status,
            overdue=self.overdue,
            q=self.q,
        )
        return Report.objects.filter(period=period, group__in=groups.values("pk"))


def report_sort_key(report) -> tuple:
    return (KIND_ORDER.get(report.group.kind, len(KIND_ORDER)), report.group.name.casefold())


def _number(value: Decimal | None):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def _english(rows_function):
    """Exports are data: their labels (kinds, statuses, components) are in English, as text,
    whatever the language of the staff member who downloads them."""

    @functools.wraps(rows_function)
    def wrapper(*args, **kwargs):
        with translation.override("en"):
            return [
                [str(v) if isinstance(v, Promise) else v for v in row]
                for row in rows_function(*args, **kwargs)
            ]

    return wrapper


@_english
def result_rows(period, export_filter: ExportFilter = ExportFilter()) -> list[list]:
    """Every result of the period's (filtered) reports, one list per row (5 queries)."""
    reports = {
        report.pk: report
        for report in export_filter.reports(period).select_related("group").order_by()
    }
    activities = list(
        Activity.objects.filter(report_id__in=reports)
        .select_related("target", "category", "ksr")
        .order_by()
    )
    statuses = {
        (row["report_id"], row["target_id"]): row["status"]
        for row in TargetStatus.objects.filter(report_id__in=reports)
        .order_by()
        .values("report_id", "target_id", "status")
    }
    results_by_activity: dict[int, list] = {}
    for result in (
        Result.objects.filter(activity__report_id__in=reports)
        .select_related("indicator")
        .order_by("order", "pk")
    ):
        results_by_activity.setdefault(result.activity_id, []).append(result)
    regions = _region_names({activity.target_id for activity in activities})

    activities.sort(key=lambda a: (report_sort_key(reports[a.report_id]), activity_sort_key(a)))
    rows = []
    for activity in activities:
        report = reports[activity.report_id]
        group = report.group
        status = statuses.get((report.pk, activity.target_id), "")
        for result in results_by_activity.get(activity.pk, []):
            rows.append(
                [
                    group.acronym,
                    group.name,
                    KIND_LABELS.get(group.kind, group.kind),
                    REPORT_STATUS_LABELS.get(report.status, report.status),
                    activity.target.code,
                    activity.target.title,
                    COMPONENT_LABELS[activity.target.component],
                    ", ".join(regions.get(activity.target_id, [])),
                    activity.category.name,
                    activity.ksr.number,
                    "yes" if activity.ssc_grant_awarded else "no",
                    result.indicator.text,
                    "yes" if result.indicator.standard else "no",
                    _number(result.value_number),
                    result.value_text or "",
                    plain_text(result.description, with_urls=True),
                    STATUS_LABELS.get(status, status),
                ]
            )
    return rows


def _region_names(target_ids) -> dict[int, list[str]]:
    """The names of each target's regions, in the regions' order (one query)."""
    regions: dict[int, list[str]] = {}
    for link in (
        Target.regions.through.objects.filter(target_id__in=target_ids)
        .select_related("region")
        .order_by("region__order", "region__name")
    ):
        regions.setdefault(link.target_id, []).append(link.region.name)
    return regions


@_english
def status_rows(period, export_filter: ExportFilter = ExportFilter()) -> list[list]:
    """Every target status of the period's (filtered) reports, one list per row (3 queries)."""
    reports = {
        report.pk: report
        for report in export_filter.reports(period).select_related("group").order_by()
    }
    statuses = list(
        TargetStatus.objects.filter(report_id__in=reports).select_related("target").order_by()
    )
    regions = _region_names({s.target_id for s in statuses})

    statuses.sort(key=lambda s: (report_sort_key(reports[s.report_id]), target_sort_key(s.target)))
    rows = []
    for status in statuses:
        report = reports[status.report_id]
        group = report.group
        rows.append(
            [
                group.acronym,
                group.name,
                KIND_LABELS.get(group.kind, group.kind),
                REPORT_STATUS_LABELS.get(report.status, report.status),
                status.target.code,
                COMPONENT_LABELS[status.target.component],
                status.target.title,
                ", ".join(regions.get(status.target_id, [])),
                STATUS_LABELS.get(status.status, status.status),
            ]
        )
    return rows


def to_csv(columns: list[str], rows: list[list]) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheets detect the encoding), injection-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 60


def column_widths(columns: list[str], rows: list[list]) -> list[int]:
    """Each column as wide as its longest line (header included), in characters, plus a
    margin, between MIN_COLUMN_WIDTH and MAX_COLUMN_WIDTH (long texts wrap in the cell)."""
    widths = [len(column) for column in columns]
    for row in rows:
        for index, cell in enumerate(row):
            if cell is not None and cell != "":
                longest = max(len(line) for line in str(cell).split("\n"))
                widths[index] = max(widths[index], longest)
    return [min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2)) for width in widths]


def to_xlsx(columns: list[str], rows: list[list], *, title: str) -> bytes:
    """One-sheet XLSX; numbers stay numbers, text never becomes a formula. The header row is
    bold and frozen, with filters on every column; columns are as wide as their content."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    # A write-only sheet takes its layout before its first row.
    for index, width in enumerate(column_widths(columns, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, str) and "\n" in value:
                cell = WriteOnlyCell(sheet, value=value)
                cell.alignment = wrap
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
