"""Pages of the review side that the group sees too: the report's timeline and the approved
PDF; and the invitation link a new officer sets their password with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from ssc_reports.models import Report
from ssc_reports.pdf.views import approved_pdf_response
from ssc_reports.permissions import is_staff
from ssc_reports.review.history import report_timeline
from ssc_reports.review.invitations import accept_invitation, invitation_token


def _visible_report(request, acronym: str, period: str) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "group", "period", "deadline_extension"
        ),
        group__acronym=acronym,
        period__label=period,
    )


class TimelineView(TemplateView):
    template_name = "review/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = _visible_report(self.request, kwargs["acronym"], kwargs["period"])
        context.update(
            report=report,
            entries=report_timeline(report),
            is_staff=is_staff(self.request.user),
        )
        return context


def approved_pdf_view(request, acronym, period):
    report = _visible_report(request, acronym, period)
    response = approved_pdf_response(report)
    if response is None:
        if report.status == Report.Status.APPROVED:  # its final PDF is still being made
            return redirect("report_pdf", acronym=acronym, period=period)
        raise Http404("This report has not been approved.")
    return response


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(PasswordResetConfirmView):
    """Django's password-reset confirmation with the invitation token: the link works once
    (the token covers the password and the active flag) and expires (PASSWORD_RESET_TIMEOUT)."""

    token_generator = invitation_token
    template_name = "review/invitation_set_password.html"
    success_url = reverse_lazy("login")
    reset_url_token = "set-password"

    def form_valid(self, form):
        accept_invitation(user=self.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, "Your password is set. Log in with your e-mail address.")
        return super(PasswordResetConfirmView, self).form_valid(form)
