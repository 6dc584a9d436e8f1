"""Staff pages for the whole network: exports, analytics, and the compiled SSC Species Report.

Everything here is staff-only; anyone else gets 404 (anonymous users are sent to the login page
by LoginRequiredMiddleware first).
"""

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from activities.models import Indicator
from groups.models import GroupKind
from ssc_reports import analytics, exports
from ssc_reports.models import Report, ReportingPeriod
from ssc_reports.network_charts import bar_chart
from ssc_reports.permissions import is_staff

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def _period(label: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.select_related("quadrennium"), label=label)


def _scope(request) -> str:
    scope = request.GET.get("scope", analytics.SCOPE_SUBMITTED)
    return scope if scope in analytics.SCOPES else analytics.SCOPE_SUBMITTED


@staff_only
def index(request):
    periods = ReportingPeriod.objects.all()
    return render(request, "network/index.html", {"periods": periods})


@staff_only
def exports_page(request, period):
    period = _period(period)
    export_filter = exports.ExportFilter.from_query(request.GET)
    query = urlencode({k: v for k, v in vars(export_filter).items() if v})
    reports = list(
        Report.objects.filter(period=period).select_related("group").order_by("group__name")
    )
    reports.sort(key=exports.report_sort_key)
    return render(
        request,
        "network/exports.html",
        {
            "period": period,
            "filter": export_filter,
            "query": query,
            "kinds": GroupKind.choices,
            "statuses": Report.Status.choices,
            "reports": reports,
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request, period, fmt, *, name, columns, rows_function):
    period = _period(period)
    export_filter = exports.ExportFilter.from_query(request.GET)
    rows = rows_function(period, export_filter)
    filename = f"ssc-{name}-{period.label}.{fmt}"
    if fmt == "csv":
        return _download(exports.to_csv(columns, rows), filename, "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return _download(exports.to_xlsx(columns, rows, title=name), filename, XLSX_TYPE)
    raise Http404("Unknown format.")


@staff_only
def export_results(request, period, fmt):
    return _export(
        request,
        period,
        fmt,
        name="results",
        columns=exports.RESULT_COLUMNS,
        rows_function=exports.result_rows,
    )


@staff_only
def export_statuses(request, period, fmt):
    return _export(
        request,
        period,
        fmt,
        name="target-statuses",
        columns=exports.STATUS_COLUMNS,
        rows_function=exports.status_rows,
    )


@staff_only
def analytics_page(request, period):
    period = _period(period)
    scope = _scope(request)
    figures = analytics.network_figures(period, scope)
    charts = []
    for item in figures.indicators:
        charts.append(
            {
                "figures": item,
                "sections": [
                    {
                        "dimension": dimension,
                        "label": analytics.DIMENSION_LABELS[dimension],
                        "buckets": item.breakdown(dimension),
                        "chart": bar_chart(
                            [(b.label, b.value) for b in item.breakdown(dimension)],
                            title=f"{item.indicator.text} by "
                            f"{analytics.DIMENSION_LABELS[dimension].lower()}",
                        ),
                    }
                    for dimension in analytics.DIMENSIONS
                ],
            }
        )
    return render(
        request,
        "network/analytics.html",
        {
            "period": period,
            "scope": scope,
            "scopes": analytics.SCOPE_LABELS,
            "figures": figures,
            "standard": [c for c in charts if c["figures"].indicator.standard],
            "non_standard": [c for c in charts if not c["figures"].indicator.standard],
        },
    )


@staff_only
def drilldown(request, period, indicator):
    period = _period(period)
    scope = _scope(request)
    indicator = get_object_or_404(Indicator, pk=indicator)
    dimension = request.GET.get("dimension", "")
    if dimension not in analytics.DIMENSIONS:
        dimension = ""
    key = request.GET.get("key", "") if dimension else ""
    results = analytics.contributing_results(period, scope, indicator, dimension, key)
    total = sum((r.value_number for r in results), start=0)
    return render(
        request,
        "network/drilldown.html",
        {
            "period": period,
            "scope": scope,
            "scope_label": analytics.SCOPE_LABELS[scope],
            "indicator": indicator,
            "dimension_label": analytics.DIMENSION_LABELS.get(dimension, ""),
            "bucket_label": analytics.bucket_label(dimension, key) if dimension else "",
            "results": results,
            "total": analytics.plain_number(total) if results else 0,
            "groups": len({r.activity.report.group_id for r in results}),
        },
    )
