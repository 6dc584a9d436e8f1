"""What every report page shares: the report scoped to the user (404 outside it), read-only
pages and refused POSTs when the report cannot be edited, optimistic locking with a 409 on a
lost race, and the edit lock of the group's sections while an approved PDF is being frozen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from ssc_reports.entry import services
from ssc_reports.entry.completeness import SECTIONS
from ssc_reports.models import Report
from ssc_reports.pdf.cache import final_pdf_pending
from ssc_reports.permissions import is_group_officer
from ssc_reports.review.lock import can_edit_report, report_lock_state

READ_ONLY_MESSAGE = _("This report cannot be changed now.")
# Sections that edit what the group's other reports show too (group, officers, targets).
GROUP_SECTIONS = ("group", "targets")
FINAL_PDF_PENDING_MESSAGE = _(
    "SSC has just approved another report of this group and its final PDF is being made from "
    "the group's information as approved: this section is read-only until it is ready (usually "
    "within a minute)."
)


class ReportMixin:
    """Loads `self.report` scoped to the user (404 outside it) and whether they may edit."""

    section = ""

    def dispatch(self, request, *args, **kwargs):
        self.report = (
            Report.objects.visible_to(request.user)
            .select_related("group", "period", "period__quadrennium", "deadline_extension")
            .filter(group__acronym=kwargs["acronym"], period__label=kwargs["period"])
            .first()
        )
        if self.report is None:
            raise Http404("No such report.")
        self.group = self.report.group
        self.can_edit = can_edit_report(request.user, self.report)
        self.final_pdf_pending = False
        if self.can_edit and self.section in GROUP_SECTIONS:
            # The group's information is part of its approved report until its PDF is frozen.
            self.final_pdf_pending = final_pdf_pending(self.group.pk)
            self.can_edit = not self.final_pdf_pending
        return super().dispatch(request, *args, **kwargs)

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied(self.read_only_reason())

    def read_only_reason(self) -> str:
        report = self.report
        if not is_group_officer(self.request.user, self.group):
            return _("Staff see reports read-only; only the group's officers edit them.")
        if not report.period.is_open:
            return _("The %(period)s reporting period is closed.") % {"period": report.period}
        if not report.is_editable:
            return _("This report is %(status)s: it is read-only.") % {
                "status": str(report.get_status_display()).lower()
            }
        if getattr(self, "final_pdf_pending", False):
            return FINAL_PDF_PENDING_MESSAGE
        lock = report_lock_state(report)
        if lock.locked:
            return lock.message
        return READ_ONLY_MESSAGE

    def report_url(self, name: str, **extra) -> str:
        return reverse(
            f"reports:{name}",
            kwargs={"acronym": self.group.acronym, "period": self.report.period.label, **extra},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            group=self.group,
            can_edit=self.can_edit,
            read_only_reason="" if self.can_edit else self.read_only_reason(),
            section=self.section,
            sections=SECTIONS,
            state_banner=True,  # the page tells state and lock once (report_state_banner)
        )
        return context


class ReportPageView(ReportMixin, TemplateView):
    pass


class ReportActionView(ReportMixin, View):
    """POST-only: check the report is editable, call one service, message, redirect."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require_edit()
        return self.act()

    def act(self) -> HttpResponseRedirect:  # pragma: no cover - abstract
        raise NotImplementedError


class EditSectionView(ReportPageView):
    """A screen editing one part of the report: GET shows the forms (read-only when the report
    cannot be edited), POST validates and saves them under optimistic locking."""

    template_name = ""
    success_message = _("Saved.")
    conflict_fields: tuple[str, ...] = ()
    guard_fields: tuple[str, ...] = ()  # see services.save_with_version

    def get_forms(self, data=None, files=None) -> dict:
        raise NotImplementedError

    def get_versioned(self):
        """The row whose version guards the save, or None when creating."""
        return None

    def save_forms(self, forms: dict) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.request.path

    def get(self, request, *args, **kwargs):
        forms = self.get_forms()
        if not self.can_edit:
            for form in _all_forms(forms):
                for field in form.fields.values():
                    field.disabled = True
        return self.render_to_response(self.get_context_data(forms=forms))

    def post(self, request, *args, **kwargs):
        self.require_edit()
        forms = self.get_forms(request.POST, request.FILES)
        valid = [form.is_valid() for form in forms.values()]
        if not all(valid):
            messages.error(request, _("Nothing was saved: please correct the fields marked below."))
            return self.render_to_response(
                self.get_context_data(forms=forms, save_failed=True), status=200
            )
        versioned = self.get_versioned()
        try:
            if versioned is not None and versioned.pk:
                services.save_with_version(
                    instance=versioned,
                    version=forms["form"].cleaned_data["version"],
                    save=lambda: self.save_forms(forms),
                    fields=self.guard_fields,
                    loaded_fingerprint=forms["form"].cleaned_data.get("fingerprint") or "",
                )
            else:
                services.save_new_part(report=self.report, save=lambda: self.save_forms(forms))
        except services.ConcurrentEditError as exc:
            return self.conflict(forms, versioned, exc)
        messages.success(request, self.success_message)
        return redirect(self.get_success_url())

    def conflict(self, forms, versioned, exc):
        """Re-show the user's input with the version saved meanwhile; their next save is a
        deliberate overwrite of what they have now seen."""
        form = forms["form"]
        form.data = form.data.copy()
        current = type(versioned)._default_manager.filter(pk=versioned.pk).first()
        if current is not None:
            form.data[form.add_prefix("version")] = current.version
        self.refresh_loaded_values(form)
        saved_now = [
            (form.fields[name].label or name.replace("_", " ").capitalize(), getattr(current, name))
            for name in self.conflict_fields
            if current is not None
        ]
        if current is None:
            messages.error(
                self.request,
                _(
                    "Someone else deleted this while you were editing. Nothing was saved: your "
                    "text is shown below so that you can copy it."
                ),
            )
        else:
            messages.error(self.request, str(exc))
        return self.render_to_response(
            self.get_context_data(
                forms=forms, save_failed=True, conflict=True, saved_now=saved_now
            ),
            status=409,
        )

    def refresh_loaded_values(self, form) -> None:
        """After a conflict, set the form's other "as loaded" hidden values to what is saved
        now, so that the next save is a deliberate overwrite."""


def _all_forms(forms: dict):
    for item in forms.values():
        if hasattr(item, "forms"):
            yield from item.forms
            yield item.empty_form
        else:
            yield item
