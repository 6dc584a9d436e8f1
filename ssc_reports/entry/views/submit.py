"""The preview (the report in section order, as the PDF prints it) and submitting it with the
pre-submit checklist."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from groups.models import ROLE_ORDER, Officer
from ssc_reports.entry import services
from ssc_reports.entry.completeness import report_checklist
from ssc_reports.entry.forms import PdfLanguageForm
from ssc_reports.entry.views.activities import by_component, report_activities
from ssc_reports.entry.views.base import ReportMixin, ReportPageView
from ssc_reports.models import Photo, Report
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from ssc_reports.permissions import is_staff
from ssc_reports.review.comments import open_thread_counts
from ssc_reports.review.workflow import ReportStateError, submit_report
from targets.models import Component, Status, Target, TargetStatus


def report_contents(report: Report) -> dict:
    """Everything the report shows, in section order, in a constant number of queries."""
    group = report.group
    officers = sorted(
        Officer.objects.filter(group=group),
        key=lambda o: (_role_order(o.role), o.order, o.pk),
    )
    status_of = dict(TargetStatus.objects.filter(report=report).values_list("target_id", "status"))
    labels = dict(Status.choices)
    targets = sort_targets(Target.objects.of_report(report).filter(retired=False))
    for target in targets:
        target.status_label = labels.get(status_of.get(target.pk, ""), _("No status"))
    activities = sort_activities(report_activities(report).with_results())
    photos = sort_photos(Photo.objects.filter(report=report))
    photos_by_component = defaultdict(list)
    for photo in photos:
        photos_by_component[photo.component].append(photo)
    activity_sections = []
    for block in by_component(activities, key=lambda a: a.target.component):
        categories = defaultdict(list)
        for activity in block["items"]:
            categories[activity.category.name].append(activity)
        block["categories"] = list(categories.items())
        block["photos"] = photos_by_component.pop(block["code"], [])
        activity_sections.append(block)
    leftover_photos = [photo for items in photos_by_component.values() for photo in items]
    summary = []
    for code, label in Component.choices:
        in_component = [t for t in targets if t.component == code]
        if not in_component:
            continue
        counts = {key: 0 for key, _ in Status.choices}
        for target in in_component:
            if target.pk in status_of:
                counts[status_of[target.pk]] += 1
        summary.append(
            {
                "label": label,
                "total": len(in_component),
                "counts": [(labels[key], counts[key]) for key, _ in Status.choices],
            }
        )
    return {
        "officers": officers,
        "targets_by_component": by_component(targets, key=lambda t: t.component),
        "activity_sections": activity_sections,
        "other_photos": leftover_photos,
        "summary": summary,
    }


def _role_order(role: str) -> int:
    return ROLE_ORDER.get(role, len(ROLE_ORDER))


class PreviewView(ReportPageView):
    template_name = "entry/preview.html"
    section = "preview"

    def get_context_data(self, **kwargs):
        language_form = PdfLanguageForm(instance=self.report, auto_id="pdf_%s")
        may_set_language = self.report.status != Report.Status.APPROVED and (
            self.can_edit or is_staff(self.request.user)
        )
        return super().get_context_data(
            **report_contents(self.report),
            pdf_language_form=language_form,
            may_set_pdf_language=may_set_language,
            **kwargs,
        )


class PdfLanguageView(ReportMixin, View):
    """POST-only: the language of the report's stand-alone PDF. The group's officers while
    they can edit the report, and staff until it is approved (entry/services.set_pdf_language).
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not (self.can_edit or is_staff(request.user)):
            raise PermissionDenied(self.read_only_reason())
        try:
            report = services.set_pdf_language(
                report=self.report, language=request.POST.get("pdf_language", ""), by=request.user
            )
        except ValidationError as error:
            for message in error.message_dict.get("pdf_language", []):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The PDF's headings and labels are now in %(language)s.")
                % {"language": report.get_pdf_language_display()},
            )
        return redirect(self.report_url("preview"))


class SubmitView(ReportPageView):
    """GET: the pre-submit checklist. POST: submit, only when the checklist is complete."""

    template_name = "entry/submit.html"
    section = "submit"

    def get_context_data(self, **kwargs):
        open_threads = open_thread_counts(self.report)
        checklist = report_checklist(self.report)
        for check in checklist:
            check.open_threads = open_threads.get(check.key, 0)
        return super().get_context_data(
            checklist=checklist, open_threads_total=sum(open_threads.values()), **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.require_edit()
        checklist = report_checklist(self.report)
        if not checklist.complete:
            messages.error(
                request,
                ngettext(
                    "The report cannot be submitted yet: %(count)s item is missing. It is "
                    "listed below.",
                    "The report cannot be submitted yet: %(count)s items are missing. They are "
                    "listed below.",
                    checklist.missing_count,
                )
                % {"count": checklist.missing_count},
            )
            return redirect(self.report_url("submit"))
        unresolved = sum(open_thread_counts(self.report).values())
        if unresolved and request.POST.get("confirm_unresolved") != "1":
            messages.warning(
                request,
                ngettext(
                    "%(count)d comment thread is not resolved. Nothing was submitted: confirm "
                    "below to submit anyway, or answer the comments first.",
                    "%(count)d comment threads are not resolved. Nothing was submitted: confirm "
                    "below to submit anyway, or answer the comments first.",
                    unresolved,
                )
                % {"count": unresolved},
            )
            return self.render_to_response(
                self.get_context_data(confirm_unresolved=unresolved), status=200
            )
        try:
            submit_report(report=self.report, by=request.user)
        except ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect(self.report_url("submit"))
        messages.success(
            request,
            _("Thank you: the %(period)s report is submitted. It is now read-only.")
            % {"period": self.report.period},
        )
        return redirect(self.report_url("detail"))
