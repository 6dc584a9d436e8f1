"""E-mails of the review workflow. Services call these through `transaction.on_commit`, with
ids, so nothing is sent for a transition that rolled back.

Each e-mail is written in its recipient's saved language (groups.UserPreference; English when
they saved none): one message per language, to the recipients who read it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from groups.models import Group
from ssc_reports.models import Report
from ssc_reports.review.comments import comment_url, commented_sections, section_url
from ssc_reports.review.invitations import invitation_url


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _reviewers():
    return get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")


def _officers(group):
    return get_user_model().objects.filter(memberships__group=group).exclude(email="")


def reviewer_emails() -> list[str]:
    """Active staff users with an address: they review submissions."""
    return sorted(set(_reviewers().values_list("email", flat=True)))


def officer_emails(group) -> list[str]:
    """Everyone who may edit the group's reports (invited officers included)."""
    return sorted(set(_officers(group).values_list("email", flat=True)))


def by_language(users) -> dict[str, list[str]]:
    """The users' addresses by the language they saved (English when none), in one query."""
    grouped: dict[str, set[str]] = {}
    for email, language in users.values_list("email", "preference__language"):
        grouped.setdefault(language or settings.LANGUAGE_CODE, set()).add(email)
    return {language: sorted(emails) for language, emails in sorted(grouped.items())}


def reviewers_by_language() -> dict[str, list[str]]:
    return by_language(_reviewers())


def officers_by_language(group) -> dict[str, list[str]]:
    return by_language(_officers(group))


def send_in_languages(
    *, recipients: dict[str, list[str]], subject, template: str, context: dict
) -> int:
    """One message per language to `recipients` ({language: addresses}), its subject
    (`subject()`, called in that language) and body rendered in that language."""
    sent = 0
    for language, to in recipients.items():
        if not to:
            continue
        with translation.override(language):
            body = render_to_string(template, context)
            sent += EmailMessage(subject=str(subject()), body=body, to=to).send()
    return sent


def _report(report_id: int) -> Report:
    return Report.objects.select_related("group", "period").get(pk=report_id)


def _report_kwargs(report: Report) -> dict:
    return {"acronym": report.group.acronym, "period": report.period.label}


def _send(subject, template: str, context: dict, recipients: dict[str, list[str]]) -> int:
    return send_in_languages(
        recipients=recipients, subject=subject, template=template, context=context
    )


def notify_submitted(*, report_id: int) -> int:
    """To the reviewers: a group submitted its report."""
    report = _report(report_id)
    context = {
        "report": report,
        "review_url": absolute(reverse("staff:review", kwargs=_report_kwargs(report))),
        "resubmission": report.events.filter(new_status=Report.Status.SUBMITTED).count() > 1,
    }
    return _send(
        lambda: (
            _("[SSC Reports] %(acronym)s submitted its %(period)s report")
            % {"acronym": report.group.acronym, "period": report.period.label}
        ),
        "review/emails/report_submitted.txt",
        context,
        reviewers_by_language(),
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
        lambda: (
            _("[SSC Reports] Your %(period)s report was returned for changes")
            % {"period": report.period.label}
        ),
        "review/emails/report_returned.txt",
        {"report": report, "reason": reason, "sections": sections},
        officers_by_language(report.group),
    )


def notify_approved(*, report_id: int) -> int:
    """To the group's officers: the report was approved; where the final PDF is."""
    report = _report(report_id)
    return _send(
        lambda: (
            _("[SSC Reports] Your %(period)s report was approved") % {"period": report.period.label}
        ),
        "review/emails/report_approved.txt",
        {
            "report": report,
            "pdf_url": absolute(reverse("review:approved_pdf", kwargs=_report_kwargs(report))),
        },
        officers_by_language(report.group),
    )


def notify_reopened(*, report_id: int, reason: str) -> int:
    """To the group's officers: an approved report was opened again for changes."""
    report = _report(report_id)
    sections = _sections_with_threads(report)
    return _send(
        lambda: (
            _("[SSC Reports] Your %(period)s report was reopened for changes")
            % {"period": report.period.label}
        ),
        "review/emails/report_returned.txt",
        {"report": report, "reason": reason, "sections": sections, "reopened": True},
        officers_by_language(report.group),
    )


def send_invitation(*, user_id: int, group_id: int) -> int:
    """To a new officer: a single-use, expiring link to set their password."""
    user = get_user_model().objects.get(pk=user_id)
    group = Group.objects.get(pk=group_id)
    return send_in_languages(
        recipients=by_language(get_user_model().objects.filter(pk=user.pk)),
        subject=lambda: (
            _("[SSC Reports] You can now report for %(acronym)s") % {"acronym": group.acronym}
        ),
        template="review/emails/invitation.txt",
        context={
            "user": user,
            "group": group,
            "url": absolute(invitation_url(user)),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
