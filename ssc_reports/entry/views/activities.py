"""Activities and their results under each target (with indicator proposals)."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityCategory, Indicator, Result
from activities.services import propose_indicator
from ssc_reports.entry import services
from ssc_reports.entry.forms import (
    ActivityForm,
    ResultFormSet,
)
from ssc_reports.entry.views.base import (
    EditSectionView,
    ReportActionView,
    ReportPageView,
)
from ssc_reports.models import Report
from ssc_reports.ordering import sort_activities, sort_targets
from targets.models import Component, Target


def report_activities(report: Report):
    return Activity.objects.filter(report=report).select_related("target", "category", "ksr")


class ActivityListView(ReportPageView):
    template_name = "entry/activities.html"
    section = "activities"

    def get_context_data(self, **kwargs):
        activities = sort_activities(report_activities(self.report).with_results())
        components_with_categories = set(
            ActivityCategory.objects.of_quadrennium(self.report.period.quadrennium_id)
            .offered()
            .values_list("component", flat=True)
        )
        targets = sort_targets(Target.objects.of_report(self.report).filter(retired=False))
        for target in targets:
            target.can_have_activities = target.component in components_with_categories
        return super().get_context_data(
            by_component=by_component(activities, key=lambda a: a.target.component),
            targets=targets,
            activity_count=len(activities),
            **kwargs,
        )


def by_component(items, *, key):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return [
        {"code": code, "label": label, "items": grouped[code]}
        for code, label in Component.choices
        if grouped[code]
    ]


class ActivityEditView(EditSectionView):
    template_name = "entry/activity_form.html"
    section = "activities"
    success_message = _("Activity saved.")

    @cached_property
    def activity(self):
        if "pk" in self.kwargs:
            return get_object_or_404(report_activities(self.report), pk=self.kwargs["pk"])
        target = get_object_or_404(
            Target.objects.of_report(self.report).filter(retired=False), pk=self.kwargs["target_pk"]
        )
        return Activity(report=self.report, target=target)

    @cached_property
    def indicators(self) -> dict:
        """The indicators offered for the target's component (the catalogue's, then the
        group's proposals; static/js/results.js shows the chosen category's only), and those
        the activity's results use already, retired or not."""
        target = self.activity.target
        used = (
            Result.objects.filter(activity=self.activity).values("indicator_id")
            if self.activity.pk
            else Result.objects.none().values("indicator_id")
        )
        return {
            indicator.pk: indicator
            for indicator in Indicator.objects.of_quadrennium(self.report.period.quadrennium_id)
            .filter(category__component=target.component)
            .filter(
                Q(pk__in=Indicator.objects.offered_to(self.group).values("pk")) | Q(pk__in=used)
            )
            .order_by("category__name", "retired", "-standard", "-kind", "text", "pk")
        }

    def get_forms(self, data=None, files=None):
        activity = self.activity
        form = ActivityForm(data, instance=activity, report=self.report, target=activity.target)
        results = ResultFormSet(
            data,
            instance=activity,
            prefix="results",
            indicators=self.indicators,
            group=self.group,
            queryset=Result.objects.filter(activity=activity).order_by("order", "pk")
            if activity.pk
            else Result.objects.none(),
        )
        if not activity.pk and data is None:
            results.extra = 1
        return {"form": form, "results": results}

    def get_versioned(self):
        return self.activity

    def save_forms(self, forms):
        activity = forms["form"].save(commit=False)
        if not activity.pk:
            activity.order = Activity.objects.filter(report=self.report).count()
            activity.save()
        elif forms["form"].has_changed():  # unchanged: no UPDATE, no history row
            activity.save()
        for form, text, kind in forms["results"].proposals():
            form.instance.indicator = propose_indicator(
                report=self.report,
                category=activity.category,
                ksr=activity.ksr,
                text=text,
                kind=kind,
                by=self.request.user,
            )
        forms["results"].instance = activity
        forms["results"].save()

    def get_success_url(self):
        return self.report_url("activities")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity,
            target=self.activity.target,
            indicators=[
                {"id": i.pk, "category": i.category_id, "kind": i.kind, "definition": i.definition}
                for i in self.indicators.values()
            ],
            **kwargs,
        )


class ActivityDeleteView(ReportActionView):
    def act(self):
        activity = get_object_or_404(report_activities(self.report), pk=self.kwargs["pk"])
        label = f"{activity.target.code} / {activity.category.name}"
        services.delete_activity(activity=activity, by=self.request.user)
        messages.success(
            self.request, _("Activity %(activity)s deleted with its results.") % {"activity": label}
        )
        return redirect(self.report_url("activities"))
