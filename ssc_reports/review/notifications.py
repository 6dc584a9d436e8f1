"""E-mails of the review workflow. Services call these through `transaction.on_commit`, with
ids, so nothing is sent for a transition that rolled back."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from groups.models import Group
from ssc_reports.models import Report
from ssc_reports.review.comments import comment_url, commented_sections, section_url
from ssc_reports.review.invitations import invitation_url


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def reviewer_emails() -> list[str]:
    """Active staff users with an address: they review submissions."""
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def officer_emails(group) -> list[str]:
    """Everyone who may edit the group's reports (invited officers included)."""
    users = get_user_model().objects.filter(memberships__group=group).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _report(report_id: int) -> Report:
    return Report.objects.select_related("group", "period").get(pk=report_id)


def _report_kwargs(report: Report) -> dict:
    return {"acronym": report.group.acronym, "period": report.period.label}


def _send(subject: str, template: str, context: dict, to: list[str]) -> int:
    if not to:
        return 0
    body = render_to_string(template, context)
    # One message to all (officers of one group, or the reviewers).
    return EmailMessage(subject=subject, body=body, to=to).send()


def notify_submitted(*, report_id: int) -> int:
    """To the reviewers: a group submitted its report."""
    report = _report(report_id)
    context = {
        "report": report,
        "review_url": absolute(reverse("staff:review", kwargs=_report_kwargs(report))),
        "resubmission": report.events.filter(new_status=Report.Status.SUBMITTED).count() > 1,
    }
    return _send(
        f"[SSC Reports] {report.group.acronym} submitted its {report.period.label} report",
        "review/emails/report_submitted.txt",
        context,
        reviewer_emails(),
    )


def _sections_with_threads(report) -> list[dict]:
    """The sections with unresolved threads, each with a link to the section and to every
    thread in it (its first words and its address)."""
    threads: dict[str, list[dict]] = {}
    for comment in report.review_comments.filter(resolved=False).order_by("created", "pk"):
        comment.report = report
        words = " ".join(comment.text.split())
        threads.setdefault(comment.section, []).append(
            {
                "excerpt": words if len(words) <= 60 else words[:59] + "…",
                "url": absolute(comment_url(comment)),
            }
        )
    return [
        {
            "title": title,
            "count": count,
            "url": absolute(section_url(report, key)),
            "threads": threads.get(key, []),
        }
        for key, title, count in commented_sections(report)
    ]


def notify_returned(*, report_id: int, reason: str) -> int:
    """To the group's officers: the report was returned; which sections to look at, with
    links to each section and to each unresolved thread."""
    report = _report(report_id)
    sections = _sections_with_threads(report)
    return _send(
        f"[SSC Reports] Your {report.period.label} report was returned for changes",
        "review/emails/report_returned.txt",
        {"report": report, "reason": reason, "sections": sections},
        officer_emails(report.group),
    )


def notify_approved(*, report_id: int) -> int:
    """To the group's officers: the report was approved; where the final PDF is."""
    report = _report(report_id)
    return _send(
        f"[SSC Reports] Your {report.period.label} report was approved",
        "review/emails/report_approved.txt",
        {
            "report": report,
            "pdf_url": absolute(reverse("review:approved_pdf", kwargs=_report_kwargs(report))),
        },
        officer_emails(report.group),
    )


def notify_reopened(*, report_id: int, reason: str) -> int:
    """To the group's officers: an approved report was opened again for changes."""
    report = _report(report_id)
    sections = _sections_with_threads(report)
    return _send(
        f"[SSC Reports] Your {report.period.label} report was reopened for changes",
        "review/emails/report_returned.txt",
        {"report": report, "reason": reason, "sections": sections, "reopened": True},
        officer_emails(report.group),
    )


def send_invitation(*, user_id: int, group_id: int) -> int:
    """To a new officer: a single-use, expiring link to set their password."""
    user = get_user_model().objects.get(pk=user_id)
    group = Group.objects.get(pk=group_id)
    body = render_to_string(
        "review/emails/invitation.txt",
        {
            "user": user,
            "group": group,
            "url": absolute(invitation_url(user)),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
    return send_mail(
        f"[SSC Reports] You can now report for {group.acronym}",
        body,
        None,
        [user.email],
    )
