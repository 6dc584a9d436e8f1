"""Pages of the review side that the group sees too: the report's timeline, the approved PDF
and the comment threads (reply, resolve); and the invitation link a new officer sets their
password with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ssc_reports.models import Report, ReviewComment
from ssc_reports.pdf.views import approved_pdf_response
from ssc_reports.permissions import is_staff
from ssc_reports.review.comments import comment_url, reply_to_comment, resolve_review_comment
from ssc_reports.review.history import SECTION_FILTERS, group_by_save, report_timeline
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
        section = self.request.GET.get("section", "")
        if section not in dict(SECTION_FILTERS):
            section = ""
        entries = report_timeline(report, section=section)
        context.update(
            report=report,
            entries=entries,
            saves=group_by_save(entries),
            section=section,
            section_filters=SECTION_FILTERS,
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


def _thread(request, acronym, period, pk) -> ReviewComment:
    report = _visible_report(request, acronym, period)
    return get_object_or_404(
        ReviewComment.objects.select_related("report__group", "report__period"),
        report=report,
        pk=pk,
    )


def _back_to_thread(request, comment: ReviewComment) -> HttpResponseRedirect:
    """Back where the user came from (the review page or the section page), at the thread."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if back:
        return HttpResponseRedirect(back.split("#")[0] + f"#comment-{comment.pk}")
    return HttpResponseRedirect(comment_url(comment))


def comment_reply_view(request, acronym, period, pk):
    """POST: a reply in a comment's thread (the group's officers or staff)."""
    comment = _thread(request, acronym, period, pk)  # 404 outside the user's scope first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        reply_to_comment(comment=comment, by=request.user, text=request.POST.get("text", ""))
    except ValidationError:
        messages.error(request, _("Reply: write the reply. Nothing was sent."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Reply sent."))
    return _back_to_thread(request, comment)


def comment_resolve_view(request, acronym, period, pk):
    """POST: mark a thread resolved (officers or staff) or, with resolved=0, open it again
    (staff only)."""
    comment = _thread(request, acronym, period, pk)  # 404 outside the user's scope first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    resolved = request.POST.get("resolved", "1") == "1"
    try:
        resolve_review_comment(comment=comment, by=request.user, resolved=resolved)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Thread marked resolved.") if resolved else _("Thread reopened.")
        )
    return _back_to_thread(request, comment)


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
        messages.success(self.request, _("Your password is set. Log in with your e-mail address."))
        return super(PasswordResetConfirmView, self).form_valid(form)
