"""Comments are threads: officers reply, either side resolves, staff reopen; unresolved
threads are counted per section; resubmitting with unresolved threads asks first; e-mails
link to each thread."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from ssc_reports.models import CommentReply, Report, ReviewComment
from ssc_reports.review.comments import (
    add_review_comment,
    reply_to_comment,
    resolve_review_comment,
)
from ssc_reports.review.workflow import return_report

THREADS = "/review/TSG/2024-2025/comments/"


@pytest.fixture
def returned(submitted_report, staff_user):
    comment = add_review_comment(
        report=submitted_report, by=staff_user, section="targets", text="Is T-001 on track?"
    )
    return_report(report=submitted_report, by=staff_user, reason="One question.")
    return comment


def test_reply_and_resolve_round_trip(client, returned, officer, staff_user):
    client.force_login(officer)
    targets_page = "/reports/TSG/2024-2025/targets/"

    response = client.post(
        f"{THREADS}{returned.pk}/reply/", {"text": "Yes: 3 of 4 done.", "next": targets_page}
    )

    assert response.status_code == 302
    assert response.url == f"{targets_page}#comment-{returned.pk}"
    reply = CommentReply.objects.get()
    assert (reply.comment, reply.author, reply.text) == (returned, officer, "Yes: 3 of 4 done.")
    html = client.get(targets_page).content.decode()
    thread = html[html.index(f'id="comment-{returned.pk}"') :]
    assert "Yes: 3 of 4 done." in thread[: thread.index("</li>\n  \n  </ul>")]

    response = client.post(f"{THREADS}{returned.pk}/resolve/", {"resolved": "1"})

    returned.refresh_from_db()
    assert (returned.resolved, returned.resolved_by) == (True, officer)
    # An officer cannot reopen.
    client.post(f"{THREADS}{returned.pk}/resolve/", {"resolved": "0"})
    returned.refresh_from_db()
    assert returned.resolved is True
    # Staff reply and reopen.
    client.force_login(staff_user)
    client.post(f"{THREADS}{returned.pk}/resolve/", {"resolved": "0"})
    returned.refresh_from_db()
    assert (returned.resolved, returned.resolved_by, returned.resolved_at) == (False, None, None)
    history = list(
        ReviewComment.history.filter(id=returned.pk)
        .order_by("history_id")
        .values_list("resolved", "history_user__username")
    )
    assert history == [(False, "staff"), (True, "officer"), (False, "staff")]


def test_empty_reply_is_refused_with_the_field_named(client, returned, officer):
    client.force_login(officer)

    response = client.post(f"{THREADS}{returned.pk}/reply/", {"text": "  "}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Reply: write the reply. Nothing was sent."
    ]
    assert not CommentReply.objects.exists()


def test_officer_of_another_group_cannot_reply(returned, other_officer):
    with pytest.raises(PermissionDenied):
        reply_to_comment(comment=returned, by=other_officer, text="Hi")
    with pytest.raises(PermissionDenied):
        resolve_review_comment(comment=returned, by=other_officer)


def test_unresolved_threads_are_counted_per_section(client, returned, officer, staff_user):
    add_review_comment(report=returned.report, by=staff_user, section="targets", text="And T-002?")
    add_review_comment(report=returned.report, by=staff_user, section="photos", text="Credit?")
    resolve_review_comment(
        comment=add_review_comment(
            report=returned.report, by=staff_user, section="impact", text="Done"
        ),
        by=staff_user,
    )
    client.force_login(officer)

    overview = client.get("/reports/TSG/2024-2025/").content.decode()

    assert 'data-open-threads="targets">2 unresolved comments<' in overview
    assert 'data-open-threads="photos">1 unresolved comment<' in overview
    assert 'data-open-threads="impact"' not in overview
    client.force_login(staff_user)
    review = client.get("/staff/review/TSG/2024-2025/").content.decode()
    assert 'data-open-threads="targets">2 unresolved threads<' in review
    assert 'data-open-threads="photos">1 unresolved thread<' in review
    assert 'data-open-threads="impact"' not in review


def test_resubmitting_with_unresolved_threads_asks_for_confirmation(client, returned, officer):
    client.force_login(officer)
    submit = "/reports/TSG/2024-2025/submit/"

    response = client.post(submit)

    assert response.status_code == 200
    assert "1 comment thread is not resolved. Nothing was submitted" in response.content.decode()
    assert 'name="confirm_unresolved"' in response.content.decode()
    assert Report.objects.get(pk=returned.report_id).status == Report.Status.RETURNED

    response = client.post(submit, {"confirm_unresolved": "1"})

    assert response.status_code == 302
    assert Report.objects.get(pk=returned.report_id).status == Report.Status.SUBMITTED


def test_resubmitting_without_unresolved_threads_needs_no_confirmation(client, returned, officer):
    resolve_review_comment(comment=returned, by=officer)
    client.force_login(officer)

    response = client.post("/reports/TSG/2024-2025/submit/")

    assert response.status_code == 302
    assert Report.objects.get(pk=returned.report_id).status == Report.Status.SUBMITTED


def test_return_email_links_to_each_thread(
    submitted_report, staff_user, django_capture_on_commit_callbacks
):
    comment = add_review_comment(
        report=submitted_report, by=staff_user, section="targets", text="Is T-001 on track?"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=submitted_report, by=staff_user, reason="See the comments.")

    assert (
        f'    "Is T-001 on track?": http://127.0.0.1:8000/reports/TSG/2024-2025/targets/'
        f"#comment-{comment.pk}"
    ) in mail.outbox[0].body.splitlines()


def test_reply_form_shown_to_officers_even_when_the_report_is_read_only(
    client, submitted_report, staff_user, officer
):
    comment = add_review_comment(
        report=submitted_report, by=staff_user, section="targets", text="Why?"
    )
    client.force_login(officer)

    html = client.get("/reports/TSG/2024-2025/targets/").content.decode()

    assert f'action="{THREADS}{comment.pk}/reply/"' in html
    assert f'action="{THREADS}{comment.pk}/resolve/"' in html
    assert "Reopen" not in html
