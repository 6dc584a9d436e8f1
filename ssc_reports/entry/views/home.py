"""The officer's home page (their groups' reports of the open periods) and starting a report."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from groups.models import Group
from ssc_reports.entry import services
from ssc_reports.entry.completeness import report_checklists
from ssc_reports.models import Plan, Report, ReportingPeriod


class HomeView(TemplateView):
    """The user's groups with, for each open period, the report's status and checklist."""

    template_name = "entry/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        periods = list(
            ReportingPeriod.objects.filter(is_open=True)
            .select_related("quadrennium")
            .order_by("-start")
        )
        groups = list(Group.objects.filter(memberships__user=user).order_by("name"))
        reports = {
            (report.group_id, report.period_id): report
            for report in Report.objects.filter(group__in=groups, period__in=periods)
            .select_related("group", "period", "period__quadrennium")
            .order_by()
        }
        checklists = report_checklists(reports.values())
        rows = []
        for group in groups:
            entries = []
            for period in periods:
                report = reports.get((group.pk, period.pk))
                entries.append(
                    {
                        "period": period,
                        "report": report,
                        "checklist": checklists.get(report.pk) if report else None,
                    }
                )
            rows.append({"group": group, "entries": entries})
        earlier = list(
            Report.objects.filter(group__in=groups)
            .exclude(period__in=periods)
            .select_related("group", "period")
            .order_by("-period__start", "group__name")
        )
        staff_reports = []
        if user.is_staff:
            staff_reports = list(
                Report.objects.filter(period__in=periods)
                .select_related("group", "period")
                .order_by("-period__start", "group__name")
            )
        plans = list(
            Plan.objects.filter(group__in=groups)
            .select_related("group", "planning__quadrennium")
            .order_by("-planning__quadrennium__start", "group__name")
        )
        return super().get_context_data(
            rows=rows,
            periods=periods,
            earlier=earlier,
            staff_reports=staff_reports,
            plans=plans,
            **kwargs,
        )


class StartReportView(View):
    """POST: open the group's report for an open period, with carry-over (idempotent)."""

    http_method_names = ["post"]

    def post(self, request, acronym, period):
        groups = Group.objects.all()
        if not request.user.is_staff:
            groups = groups.filter(memberships__user=request.user)
        group = get_object_or_404(groups, acronym=acronym)
        period_obj = get_object_or_404(ReportingPeriod, label=period, is_open=True)
        carried = Report.objects.filter(group=group, period__start__lt=period_obj.start).exists()
        report = services.start_report(group=group, period=period_obj, by=request.user)
        messages.success(
            request,
            _("The %(period)s report is open.") % {"period": period_obj}
            + (
                " "
                + _(
                    "Targets with their last status, the projected impact and the "
                    "acknowledgements were carried over from your previous report: check them."
                )
                if carried
                else ""
            ),
        )
        return redirect(report.get_absolute_url())
