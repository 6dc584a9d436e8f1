"""Staff pages for the whole network: exports, analytics, and the compiled SSC Species Report.

Everything here is staff-only; anyone else gets 404 (anonymous users are sent to the login page
by LoginRequiredMiddleware first).
"""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from activities.models import Indicator
from groups.models import GroupKind
from ssc_reports.interchange.exporter import export_report
from ssc_reports.listing.tables import page_of, rank, table_links
from ssc_reports.models import Report, ReportingPeriod
from ssc_reports.models.compilation import Compilation
from ssc_reports.network import analytics, exports
from ssc_reports.network.charts import bar_chart, stacked_status_chart, status_chart
from ssc_reports.network.compile import CompilationError, approved_reports
from ssc_reports.network.publication import default_introduction, introduction_html
from ssc_reports.network.tasks import retry_compilation, start_compilation
from ssc_reports.permissions import staff_only
from ssc_reports.richtext import RichTextarea
from ssc_reports.storage import scratch_dir
from targets import palette

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    # The period's reports the filters keep, in the exports' order (kind, then name), a page
    # at a time: a count and one query, however many groups and years.
    reports = (
        export_filter.reports(period)
        .select_related("group")
        .order_by(rank("group__kind", GroupKind.values), Lower("group__name"), "pk")
    )
    page = page_of(reports, request.GET.get("page"))
    return render(
        request,
        "network/exports.html",
        {
            "period": period,
            "filter": export_filter,
            "query": query,
            "kinds": GroupKind.choices,
            "statuses": Report.Status.choices,
            "page": page,
            "reports": page.object_list,
            "links": table_links(request.GET, keep=exports.ExportFilter.KEYS),
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
                            colours=[
                                palette.component_colour(b.key) for b in item.breakdown(dimension)
                            ]
                            if dimension == "component"
                            else None,
                        ),
                    }
                    for dimension in analytics.DIMENSIONS
                ],
            }
        )
    statuses = analytics.status_distribution(period, scope)
    return render(
        request,
        "network/analytics.html",
        {
            "period": period,
            "statuses": statuses,
            "status_chart": status_chart(statuses.overall, title=_("Targets by status")),
            "status_by_component_chart": stacked_status_chart(
                statuses.by_component, title=_("Targets by status and component")
            ),
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


# --------------------------------------------------------------------------------------------
# JSON export of one report (ssc-report/1).


@staff_only
def report_export(request, period, acronym, fmt):
    """The report's `ssc-report/1` document: .json (the document) or .zip (with its images)."""
    if fmt not in ("json", "zip"):
        raise Http404("Unknown format.")
    report = get_object_or_404(
        Report.objects.select_related("group", "period"),
        period__label=period,
        group__acronym=acronym,
    )
    with tempfile.TemporaryDirectory(dir=scratch_dir("exports")) as folder:
        path = export_report(report, Path(folder) / f"report.{fmt}")
        content = path.read_bytes()
    content_type = "application/json" if fmt == "json" else "application/zip"
    return _download(content, f"{acronym}-{period}.ssc-report.{fmt}", content_type)


# --------------------------------------------------------------------------------------------
# The compiled SSC Species Report.


def _compilation_state(compilation) -> dict:
    return {
        "id": compilation.pk,
        "status": compilation.status,
        "status_label": compilation.get_status_display(),
        "done": compilation.done,
        "total": compilation.total,
        "attempts": compilation.attempts,
        "stalled": compilation.is_stalled(),
        "error": compilation.error,
        "finished": compilation.is_finished,
        "progress_text": progress_text(compilation),
    }


def progress_text(compilation) -> str:
    """ "1 of 1 group done", "3 of 200 groups done": the plural follows the total."""
    return ngettext(
        "%(done)s of %(total)s group done", "%(done)s of %(total)s groups done", compilation.total
    ) % {"done": compilation.done, "total": compilation.total}


@staff_only
def compile_page(request, period):
    period = _period(period)
    if request.method == "POST":
        compilation = start_compilation(period=period, by=request.user)
        messages.info(request, _("The compilation is queued; this page shows its progress."))
        return redirect("network:compilation", pk=compilation.pk)
    compilations = list(Compilation.objects.filter(period=period)[:20])
    latest_done = next((c for c in compilations if c.status == Compilation.Status.DONE), None)
    return render(
        request,
        "network/compile.html",
        {
            "period": period,
            "compilations": compilations,
            "latest_done": latest_done,
            "approved": len(approved_reports(period)),
        },
    )


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["introduction"]
        widgets = {"introduction": RichTextarea(attrs={"rows": 30})}


@staff_only
def introduction_page(request, period):
    """The introduction of the period's SSC Species Report: shown and edited by staff as rich
    text (the standard text until it is saved); used by the next compilation."""
    period = _period(period)
    if not period.introduction:
        period.introduction = default_introduction(period)
    form = IntroductionForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The introduction is saved; the next compilation uses it."))
        return redirect("network:introduction", period=period.label)
    return render(
        request,
        "network/introduction.html",
        {"period": period, "form": form, "preview": introduction_html(period)},
    )


def _compilation(pk):
    return get_object_or_404(Compilation.objects.select_related("period"), pk=pk)


@staff_only
def compilation_detail(request, pk):
    compilation = _compilation(pk)
    return render(
        request,
        "network/compilation.html",
        {"compilation": compilation, "state": _compilation_state(compilation)},
    )


@staff_only
def compilation_status(request, pk):
    return JsonResponse(_compilation_state(_compilation(pk)))


@staff_only
def compilation_retry(request, pk):
    @require_POST
    def post(request):
        compilation = _compilation(pk)
        try:
            retry_compilation(compilation=compilation, by=request.user)
            messages.info(request, _("The compilation is queued again."))
        except CompilationError as error:
            messages.error(request, str(error))
        return redirect("network:compilation", pk=compilation.pk)

    return post(request)


@staff_only
def compilation_download(request, pk):
    compilation = _compilation(pk)
    if compilation.status != Compilation.Status.DONE or not compilation.file:
        raise Http404("This compilation has no file yet.")
    try:
        handle = compilation.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is gone; compile again.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"ssc-species-report-{compilation.period.label}.pdf",
        content_type="application/pdf",
    )
