"""The staff dashboard's table: every group with its report for a period, filtered, sorted,
counted and paginated in the database.

Each report's last edit and completeness are stored on its row (ssc_reports.entry.progress,
kept by every write service), so one query over the groups, joined with their report of the
period, gives every column: nothing is computed per report in Python, and the page's work
does not grow with the network or with the years of history. A page makes the same number of
queries for 1 or 200 groups: the totals (one aggregate), the count and the rows of the page.
The filtered exports (ssc_reports.network.exports) use the same query."""

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from groups.models import Group, GroupKind
from ssc_reports.entry.completeness import missing_text
from ssc_reports.listing.tables import PAGE_SIZE as PAGE_SIZE  # the page the tests read
from ssc_reports.listing.tables import page_of, rank, rank_by_label, search, sort_rows
from ssc_reports.models import Report, ReportEvent, ReportingPeriod

NOT_STARTED = "not_started"
NOT_STARTED_MISSING = [_("the report has not been started")]
STATUS_CHOICES = [(NOT_STARTED, _("Not started")), *Report.Status.choices]
STATUS_LABELS = dict(STATUS_CHOICES)
KIND_CHOICES = GroupKind.choices
KIND_LABELS = dict(KIND_CHOICES)
SUBMITTED = (Report.Status.SUBMITTED, Report.Status.APPROVED)


# Sort key -> (expression, where None sorts: "first" or "last" when ascending). Ties are in
# group name order, whichever the direction.
SORTS = {
    "group": (Lower("name"), "first"),
    "acronym": (Lower("acronym"), "first"),
    "kind": (rank_by_label("kind", KIND_LABELS), "first"),  # in the reader's language: sort_groups
    "status": (rank("report_status", list(STATUS_LABELS)), "first"),
    "last_edit": (F("last_edit"), "first"),  # never edited: oldest
    "completeness": (F("complete"), "first"),
    "deadline": (F("deadline"), "last"),  # no deadline: latest
    "returns": (F("returns"), "first"),
}


ROW_FIELDS = (
    "name",
    "acronym",
    "kind",
    "report_pk",
    "report_status",
    "last_edit",
    "complete",
    "missing_items",
    "deadline",
    "returns",
    "overdue",
)


@dataclass(slots=True)
class DashboardRow:
    name: str
    acronym: str
    report_id: int | None
    status: str
    status_label: str
    kind_label: str
    last_edit: datetime.datetime | None
    last_edit_text: str
    completeness: int  # percent
    missing: list[str]
    missing_text: str
    deadline: datetime.date | None
    deadline_text: str
    extended: bool
    overdue: bool
    returns: int
    review_url: str
    html: SafeString  # the table's row


def dashboard_groups(period: ReportingPeriod, *, today: datetime.date | None = None) -> QuerySet:
    """Every group, annotated with its report of `period` (or its absence): report_pk,
    report_status ("not_started" without a report), last_edit, complete (percent),
    missing_items, deadline (the report's extension, else the period's), returns (how many
    times it was returned) and overdue (not submitted and past its deadline)."""
    today = today or timezone.localdate()
    returns = (
        ReportEvent.objects.filter(
            report_id=OuterRef("report_pk"), new_status=Report.Status.RETURNED
        )
        .order_by()
        .values("report_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Group.objects.annotate(
            period_report=FilteredRelation("reports", condition=Q(reports__period=period))
        )
        .annotate(
            report_pk=F("period_report__id"),
            report_status=Coalesce(F("period_report__status"), Value(NOT_STARTED)),
            last_edit=F("period_report__last_edited_at"),
            complete=Coalesce(F("period_report__completeness"), Value(0)),
            missing_items=F("period_report__missing"),
            deadline=Coalesce(
                F("period_report__deadline_extension__until"),
                Value(period.submission_deadline, output_field=DateField()),
            ),
            returns=Coalesce(Subquery(returns, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            overdue=Case(
                When(Q(deadline__lt=today) & ~Q(report_status__in=SUBMITTED), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def filter_groups(groups: QuerySet, *, kind="", status="", overdue="", q="") -> QuerySet:
    """The dashboard's filters: group kind, status ("not_started" included), overdue ("yes"
    or "no"; anything else: all) and a search in the group's name or acronym."""
    if kind:
        groups = groups.filter(kind=kind)
    if status:
        groups = groups.filter(report_status=status)
    if overdue in ("yes", "no"):
        groups = groups.filter(overdue=overdue == "yes")
    return search(groups, q)


def sort_groups(groups: QuerySet, *, sort: str = "group") -> QuerySet:
    """`sort` is a key of SORTS, "-" first for descending; unknown keys sort by group. Kinds
    sort by their label in the active language (ranked per request, not at import)."""
    sorts = {**SORTS, "kind": (rank_by_label("kind", KIND_LABELS), "first")}
    return sort_rows(groups, sorts, sort, default="group")


def status_totals(groups: QuerySet) -> tuple[list[tuple[str, str, int]], int, int]:
    """Over every group (one query, grouped by status and overdue): (status, label, count)
    per status, the number overdue and the number of groups."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    overdue_total = 0
    for row in groups.order_by().values("report_status", "overdue").annotate(n=Count("pk")):
        counts[row["report_status"]] += row["n"]
        overdue_total += row["n"] if row["overdue"] else 0
    totals = [(key, label, counts[key]) for key, label in STATUS_LABELS.items()]
    return totals, overdue_total, sum(counts.values())


def dashboard_page(groups: QuerySet, period: ReportingPeriod, *, page=1) -> Page:
    """One page of the sorted, filtered groups (a count and one query), as DashboardRows."""
    paginated = page_of(groups.values(*ROW_FIELDS), page)
    write = RowWriter(period)
    paginated.object_list = [write.row(group) for group in paginated]
    return paginated


def _month_names(names) -> dict[int, str]:
    return {number: str(name) for number, name in names.items()}


class CompiledFormat:
    """A date format string of Django's `date` filter (its letters and backslash escapes),
    read once; writing a value then costs a few string joins. The letters the dashboard's
    languages use (day, month, year, hour, minute) are written here with the month names
    looked up once; any other letter is left to django.utils.dateformat."""

    def __init__(self, format_string: str):
        months = _month_names(MONTHS)
        alt = _month_names(MONTHS_ALT)
        short = {number: name.title() for number, name in _month_names(MONTHS_3).items()}
        ap = _month_names(MONTHS_AP)
        letters = {
            "j": lambda v: str(v.day),
            "d": lambda v: f"{v.day:02d}",
            "n": lambda v: str(v.month),
            "m": lambda v: f"{v.month:02d}",
            "F": lambda v: months[v.month],
            "E": lambda v: alt[v.month],
            "M": lambda v: short[v.month],
            "N": lambda v: ap[v.month],
            "Y": lambda v: f"{v.year:04d}",
            "y": lambda v: f"{v.year % 100:02d}",
            "H": lambda v: f"{v.hour:02d}",
            "G": lambda v: str(v.hour),
            "i": lambda v: f"{v.minute:02d}",
        }
        self.parts: list = []  # str (written as it is) or a function of the value
        # Read as dateformat.format reads it: a format letter not after a backslash, and the
        # text between letters with its backslash escapes removed.
        for index, piece in enumerate(re_formatchars.split(format_string)):
            if index % 2:
                self.parts.append(
                    letters.get(piece) or (lambda v, piece=piece: dateformat.format(v, piece))
                )
            elif piece:
                self.parts.append(re_escaped.sub(r"\1", piece))

    def __call__(self, value) -> str:
        return "".join(part if isinstance(part, str) else part(value) for part in self.parts)


class DateTexts:
    """Dates as the template filters `date:"DATE_FORMAT"` and `date:"DATETIME_FORMAT"` write
    them in the active language ("30 November 2026", "30 novembre 2026", "30 de noviembre de
    2026"; moments in local time), at a fraction of the filter's cost per call: the formats,
    the month names and the time zone are looked up once per page."""

    def __init__(self):
        self.day_format = CompiledFormat(get_format("DATE_FORMAT"))
        self.moment_format = CompiledFormat(get_format("DATETIME_FORMAT"))
        self.zone = timezone.get_current_timezone()

    def day(self, value: datetime.date | None) -> str:
        return self.day_format(value) if value else ""

    def moment(self, value: datetime.datetime | None) -> str:
        if value is None:
            return ""
        return self.moment_format(value.astimezone(self.zone))


# What quote() leaves of an acronym in the review page's path: reverse()'s safe characters
# without "/", which would split the path segment.
ACRONYM_SAFE = RFC3986_SUBDELIMS + "~:@"
ACRONYM_SLOT = "__acronym__"


class RowWriter:
    """A page's DashboardRows, each with its table row as HTML. The row is written here
    rather than by the template engine, and every translation, the review page's URL and the
    dates' names are looked up once per page, not per row: a page of 25 rows then costs
    about what a page of one does (tests/benchmarks/bench_dashboard.py). What a report lacks is
    stored as keys (ssc_reports.entry.completeness.MissingItem): each key met on the page is
    translated once."""

    def __init__(self, period: ReportingPeriod):
        self.deadline = period.submission_deadline
        self.dates = DateTexts()
        self.statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
        self.kinds = {key: str(label) for key, label in KIND_LABELS.items()}
        self.not_started = [str(item) for item in NOT_STARTED_MISSING]
        self.missing = str(_("Missing: %(missing)s"))
        self.missing_texts: dict[str, str] = {}  # key -> its text, translated once per page
        self.complete = str(_("Complete"))
        self.review_url = reverse(
            "staff:review", kwargs={"acronym": ACRONYM_SLOT, "period": period.label}
        )
        # (xgettext does not read inside f-strings: the texts are looked up first)
        extended, overdue, on_time = escape(_("extended")), escape(_("Overdue")), escape(_("no"))
        self.extended = f' <span class="badge text-bg-warning">{extended}</span>'
        self.overdue = f'<span class="badge text-bg-danger">{overdue}</span>'
        self.on_time = f'<span class="visually-hidden">{on_time}</span>'

    def row(self, group: dict) -> DashboardRow:
        started = group["report_pk"] is not None
        missing = (
            [missing_text(item, self.missing_texts) for item in group["missing_items"] or ()]
            if started
            else self.not_started
        )
        status = group["report_status"]
        acronym = group["acronym"]
        review_url = (
            self.review_url.replace(ACRONYM_SLOT, quote(acronym, safe=ACRONYM_SAFE))
            if started
            else ""
        )
        row = DashboardRow(
            name=group["name"],
            acronym=acronym,
            report_id=group["report_pk"],
            status=status,
            status_label=self.statuses[status],
            kind_label=self.kinds.get(group["kind"], group["kind"]),
            last_edit=group["last_edit"],
            last_edit_text=self.dates.moment(group["last_edit"]),
            completeness=group["complete"],
            missing=missing,
            missing_text=(
                self.missing % {"missing": ", ".join(missing)} if missing else self.complete
            ),
            deadline=group["deadline"],
            deadline_text=self.dates.day(group["deadline"]),
            extended=group["deadline"] != self.deadline,
            overdue=group["overdue"],
            returns=group["returns"],
            review_url=review_url,
            html=SafeString(),
        )
        row.html = self.html(row)
        return row

    def html(self, row: DashboardRow) -> SafeString:
        name = escape(row.name)
        if row.review_url:
            name = f'<a href="{escape(row.review_url)}">{name}</a>'
        status = escape(row.status)
        return mark_safe(  # noqa: S308 - every value is escaped above or here
            f'<tr data-group="{escape(row.acronym)}" data-status="{status}">'
            f'<td>{name} <span class="text-muted small">{escape(row.acronym)}</span></td>'
            f'<td class="small">{escape(row.kind_label)}</td>'
            f'<td><span class="badge badge-report-{status}">{escape(row.status_label)}</span></td>'
            f'<td class="small">{escape(row.last_edit_text or "—")}</td>'
            f'<td><span title="{escape(row.missing_text)}">{row.completeness:d}%</span></td>'
            f'<td class="small">{escape(row.deadline_text or "—")}'
            f"{self.extended if row.extended else ''}</td>"
            f"<td>{row.returns:d}</td>"
            f"<td>{self.overdue if row.overdue else self.on_time}</td></tr>"
        )
