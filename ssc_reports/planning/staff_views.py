"""Staff pages of planning under /staff/plans/: the planning rounds, opening a quadrennium,
one round's plans (state of every group's plan) with the network's plan overview and its
drill-down, the export, and the decisions on a plan (return, approve, reopen, extension)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.models import GroupKind
from ssc_reports.listing.tables import sort_rows, table_links, valid_sort
from ssc_reports.models import Plan, PlanningRound
from ssc_reports.network import charts
from ssc_reports.network.exports import to_csv, to_xlsx
from ssc_reports.permissions import staff_only
from ssc_reports.planning import overview as overview_module
from ssc_reports.planning import plans_table, services
from ssc_reports.planning.forms import (
    DeadlineForm,
    ExtensionForm,
    OpenQuadrenniumForm,
    ReopenForm,
    ReturnForm,
)
from ssc_reports.planning.views import load_plan
from targets.models import Component


@staff_only
def index_view(request):
    rounds = list(PlanningRound.objects.select_related("quadrennium", "previous"))
    return render(request, "planning/staff/index.html", {"rounds": rounds})


@staff_only
def open_view(request):
    form = OpenQuadrenniumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planning = services.open_quadrennium(
                label=data["label"],
                start=data["start"],
                end=data["end"],
                copy_from=data["copy_from"].label if data["copy_from"] else None,
                deadline=data["deadline"],
                by=request.user,
            )
        except services.PlanningError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Quadrennium %(label)s opened: planning is open for every group.")
                % {"label": planning.quadrennium.label},
            )
            return redirect("plans_staff:round", label=planning.quadrennium.label)
    return render(request, "planning/staff/open.html", {"form": form})


def _round(label: str) -> PlanningRound:
    return get_object_or_404(
        PlanningRound.objects.select_related("quadrennium", "previous"), quadrennium__label=label
    )


@staff_only
def round_view(request, label):
    planning = _round(label)
    include_drafts = request.GET.get("drafts") == "1"
    filters = overview_module.Filter.from_query(request.GET)
    data = overview_module.plan_overview(planning, filters, include_drafts=include_drafts)
    plan_filter = plans_table.PlanFilter.from_query(request.GET)
    sorts = plans_table.sorts()
    sort = valid_sort(request.GET.get("sort", ""), sorts, default="group")
    groups = plans_table.round_groups(planning)
    totals, total = plans_table.state_totals(groups)
    page = plans_table.plans_page(
        sort_rows(plans_table.filter_groups(groups, plan_filter), sorts, sort, default="group"),
        page=request.GET.get("page"),
    )
    context = {
        "planning": planning,
        "page": page,
        "rows": page.object_list,
        "total": total,
        "totals": totals,
        "plan_filter": plan_filter,
        "status_choices": Plan.Status.choices,
        "kind_choices": GroupKind.choices,
        "sort": sort,
        "links": table_links(request.GET),
        "columns": [
            ("group", _("Group")),
            ("kind", _("Kind")),
            ("state", _("State")),
            ("targets", _("Targets")),
            ("comments", _("Comments")),
        ],
        "overview": data,
        "component_chart": charts.component_chart(
            [(r.key, r.label, r.count) for r in data.by_component],
            title=_("Targets by component"),
        ),
        "ksr_chart": charts.bar_chart(
            [(f"KSR {r.key}", r.count) for r in data.by_ksr], title=_("Targets by KSR")
        ),
        "region_chart": charts.bar_chart(
            [(r.label, r.count) for r in data.by_region], title=_("Targets by region")
        ),
        "kind_chart": charts.bar_chart(
            [(r.label, r.count) for r in data.by_kind], title=_("Targets by kind of group")
        ),
        "components": Component.choices,
        "deadline_form": DeadlineForm(initial={"deadline": planning.deadline}),
        "include_drafts": include_drafts,
    }
    return render(request, "planning/staff/round.html", context)


@staff_only
def export_view(request, label, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    planning = _round(label)
    include_drafts = request.GET.get("drafts") == "1"
    rows = overview_module.export_rows(planning, include_drafts=include_drafts)
    columns = [str(c) for c in overview_module.EXPORT_COLUMNS]
    name = f"plan-targets-{planning.quadrennium.label}"
    if fmt == "csv":
        response = HttpResponse(to_csv(columns, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            to_xlsx(columns, rows, title=str(_("Targets"))),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _decide(request, acronym, label, do, success):
    plan = load_plan(request, acronym, label)
    try:
        do(plan)
    except services.PlanningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(reverse("plans:detail", args=[acronym, label]))


@staff_only
@require_POST
def return_view(request, acronym, label):
    form = ReturnForm(request.POST)
    reason = form.data.get("reason", "")
    return _decide(
        request,
        acronym,
        label,
        lambda plan: services.return_plan(plan=plan, by=request.user, reason=reason),
        _("Plan returned to the group."),
    )


@staff_only
@require_POST
def approve_view(request, acronym, label):
    return _decide(
        request,
        acronym,
        label,
        lambda plan: services.approve_plan(plan=plan, by=request.user),
        _("Plan approved: its targets are the group's targets for the quadrennium."),
    )


@staff_only
@require_POST
def reopen_view(request, acronym, label):
    reason = ReopenForm(request.POST).data.get("reason", "")
    return _decide(
        request,
        acronym,
        label,
        lambda plan: services.reopen_plan(plan=plan, by=request.user, reason=reason),
        _("Plan reopened: the group can change it and submit it again."),
    )


@staff_only
@require_POST
def extension_view(request, acronym, label):
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Extend editing until: give a date like 2026-04-30."))
        return redirect(reverse("plans:detail", args=[acronym, label]))
    until = form.cleaned_data["until"]
    return _decide(
        request,
        acronym,
        label,
        lambda plan: services.extend_plan(plan=plan, by=request.user, until=until),
        _("Extension saved."),
    )


@staff_only
@require_POST
def deadline_view(request, label):
    planning = _round(label)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        services.set_planning_deadline(
            planning=planning, deadline=form.cleaned_data["deadline"], by=request.user
        )
        messages.success(request, _("Planning deadline saved."))
    else:
        messages.error(request, _("Planning deadline: give a date like 2026-03-31."))
    return redirect("plans_staff:round", label=label)
