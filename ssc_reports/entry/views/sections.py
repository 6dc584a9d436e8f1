"""The overview with the checklist, the group's information and officers, and the two texts
(projected impact, acknowledgements)."""

from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Result
from groups.models import Officer
from ssc_reports.entry.completeness import report_checklist
from ssc_reports.entry.forms import (
    AcknowledgementsForm,
    GroupInfoForm,
    OfficerFormSet,
    ProjectedImpactForm,
)
from ssc_reports.entry.views.base import (
    EditSectionView,
    ReportPageView,
)
from ssc_reports.models import Photo
from ssc_reports.review.comments import open_thread_counts
from targets.models import Target


class OverviewView(ReportPageView):
    template_name = "entry/overview.html"

    def get_context_data(self, **kwargs):
        checklist = report_checklist(self.report)
        counts = {
            "targets": Target.objects.filter(
                group=self.group, quadrennium=self.report.period.quadrennium, retired=False
            ).count(),
            "activities": Activity.objects.filter(report=self.report).count(),
            "results": Result.objects.filter(activity__report=self.report).count(),
            "photos": Photo.objects.filter(report=self.report).count(),
        }
        open_threads = open_thread_counts(self.report)
        for check in checklist:
            check.open_threads = open_threads.get(check.key, 0)
        return super().get_context_data(
            checklist=checklist,
            counts=counts,
            open_threads_total=sum(open_threads.values()),
            **kwargs,
        )


class GroupInfoView(EditSectionView):
    template_name = "entry/group.html"
    section = "group"
    success_message = _("Group information saved.")
    conflict_fields = ("mission",)

    def get_forms(self, data=None, files=None):
        return {
            "form": GroupInfoForm(data, files, instance=self.group),
            "officers": OfficerFormSet(
                data,
                files,
                instance=self.group,
                prefix="officers",
                queryset=Officer.objects.filter(group=self.group).order_by("order", "pk"),
            ),
        }

    def get_versioned(self):
        return self.group

    def save_forms(self, forms):
        forms["form"].save()
        forms["officers"].save()


class ReportTextView(EditSectionView):
    """One text of the report. The texts share the report's row and version: a save is
    refused only when this text changed meanwhile, and writes only this text."""

    form_class = None

    @property
    def guard_fields(self):
        return tuple(self.form_class.Meta.fields)

    def get_forms(self, data=None, files=None):
        return {"form": self.form_class(data, instance=self.report)}

    def get_versioned(self):
        return self.report

    def save_forms(self, forms):
        report = forms["form"].save(commit=False)
        report.save(update_fields=[*self.guard_fields, "version", "updated_at"])


class ImpactView(ReportTextView):
    template_name = "entry/text_section.html"
    section = "impact"
    form_class = ProjectedImpactForm
    success_message = _("Projected impact saved.")
    conflict_fields = ("projected_impact",)


class AcknowledgementsView(ReportTextView):
    template_name = "entry/text_section.html"
    section = "acknowledgements"
    form_class = AcknowledgementsForm
    success_message = _("Acknowledgements saved.")
    conflict_fields = ("acknowledgements",)
