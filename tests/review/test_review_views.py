import datetime

import pytest
from django.core import mail
from django.utils import timezone

from ssc_reports.models import Report
from ssc_reports.models.review import DeadlineExtension, ReviewComment
from ssc_reports.review.workflow import return_report, submit_report
from tests import factories

REVIEW = "/staff/review/TSG/2024-2025/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_review_page_shows_sections_in_order_and_actions(staff_client, submitted_report):
    html = staff_client.get(REVIEW).content.decode()

    order = [
        html.index(f'id="section-{key}"')
        for key in ["group", "impact", "targets", "activities", "photos", "acknowledgements"]
    ]
    assert order == sorted(order)
    assert "Assess all species" in html
    assert 'id="approve-button"' in html
    assert 'id="return-button"' in html
    assert "First submission: nothing to compare with." in html


def test_comment_add_view_attaches_comment_to_section_and_target(
    staff_client, submitted_report, staff_user
):
    target = submitted_report.group.targets.get()

    response = staff_client.post(
        REVIEW + "comments/",
        {"section": "targets", "item": f"target:{target.pk}", "text": "Is T-001 <b>achieved</b>?"},
        follow=True,
    )

    assert _messages(response) == ["Comment added."]
    comment = ReviewComment.objects.get()
    assert (comment.section, comment.target, comment.author) == ("targets", target, staff_user)
    assert comment.text == "Is T-001 <b>achieved</b>?"
    assert "Is T-001 &lt;b&gt;achieved&lt;/b&gt;?" in response.content.decode()


def test_comment_add_view_refuses_empty_text(staff_client, submitted_report):
    response = staff_client.post(
        REVIEW + "comments/", {"section": "targets", "text": ""}, follow=True
    )

    assert _messages(response) == ["The comment was not saved. Comment: This field is required."]
    assert not ReviewComment.objects.exists()


def test_return_view_returns_and_group_sees_the_comment_on_that_section(
    client, staff_client, submitted_report, officer, django_capture_on_commit_callbacks
):
    staff_client.post(
        REVIEW + "comments/", {"section": "targets", "text": "Check T-001."}, follow=True
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            REVIEW + "return/", {"reason": "See the comments."}, follow=True
        )

    assert _messages(response) == [
        "Returned to TSG; the officers were e-mailed the commented sections."
    ]
    assert Report.objects.get().status == Report.Status.RETURNED
    assert "/reports/TSG/2024-2025/targets/" in mail.outbox[0].body
    client.force_login(officer)
    html = client.get("/reports/TSG/2024-2025/targets/").content.decode()
    assert "SSC review comments on Targets" in html
    assert "Check T-001." in html
    assert "Check T-001." not in client.get("/reports/TSG/2024-2025/photos/").content.decode()


def test_return_view_without_reason_shows_the_message(staff_client, submitted_report):
    response = staff_client.post(REVIEW + "return/", {"reason": ""}, follow=True)

    assert _messages(response) == ["Give a reason to return the report: the group will read it."]
    assert Report.objects.get().status == Report.Status.SUBMITTED


def test_approve_view_refuses_a_draft_with_a_clear_message(staff_client, report):
    response = staff_client.post(REVIEW + "approve/", follow=True)

    assert _messages(response) == [
        "The TSG 2024-2025 report is draft: only a submitted report can be approved."
    ]


def test_action_views_are_post_only(staff_client, submitted_report):
    for action in ["return/", "approve/", "reopen/", "comments/", "extension/"]:
        assert staff_client.get(REVIEW + action).status_code == 405, action


def test_review_page_shows_the_diff_after_resubmission(
    staff_client, submitted_report, staff_user, officer
):
    return_report(report=submitted_report, by=staff_user, reason="Fix.")
    report = Report.objects.get()
    report.acknowledgements = "Thanks to everyone."
    report.save()
    submit_report(report=report, by=officer)

    html = staff_client.get(REVIEW).content.decode()

    assert 'data-diff-field="report.acknowledgements"' in html
    assert "<del>Thanks to all members.</del>" in html
    assert "<ins>Thanks to everyone.</ins>" in html


def test_extension_view_grants_new_date(staff_client, submitted_report):
    until = submitted_report.period.submission_deadline + datetime.timedelta(days=10)

    response = staff_client.post(REVIEW + "extension/", {"until": until.isoformat()}, follow=True)

    assert _messages(response) == ["Extension granted: TSG can edit until the new date."]
    assert DeadlineExtension.objects.get().until == until


def test_extension_view_refuses_date_before_deadline(staff_client, submitted_report):
    response = staff_client.post(
        REVIEW + "extension/", {"until": timezone.localdate().isoformat()}, follow=True
    )

    deadline = submitted_report.period.submission_deadline
    assert _messages(response) == [
        f"An extension must end after the deadline ({deadline:%d %B %Y})."
    ]
    assert not DeadlineExtension.objects.exists()


def test_review_page_queries_are_bounded(
    staff_client, submitted_report, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as small:
        staff_client.get(REVIEW)
    group = submitted_report.group
    for n in range(2, 61):
        target = factories.make_target(group=group, code=f"T-{n:03d}")
        factories.set_status(report=submitted_report, target=target)
        activity = factories.make_activity(report=submitted_report, target=target)
        for value in range(3):
            factories.make_result(activity=activity, number=value + 1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(REVIEW)
    assert response.content.decode().count("component-assess") >= 60


def test_returned_report_pages_link_exactly_the_commented_sections(
    client, submitted_report, staff_user, officer
):
    from ssc_reports.review.comments import add_review_comment

    add_review_comment(report=submitted_report, by=staff_user, section="impact", text="Longer?")
    add_review_comment(report=submitted_report, by=staff_user, section="photos", text="Credit?")
    return_report(report=submitted_report, by=staff_user, reason="Two small things.")
    client.force_login(officer)

    html = client.get("/reports/TSG/2024-2025/").content.decode()

    notice = html[html.index('id="report-state"') :]
    notice = notice[: notice.index("Timeline</a>")]
    assert "Two small things." in notice
    assert [line.strip() for line in notice.splitlines() if line.strip().startswith("<ul")] == [
        '<ul class="mb-0"><li><a href="/reports/TSG/2024-2025/impact/">Projected impact</a> '
        '(1 unresolved thread)</li><li><a href="/reports/TSG/2024-2025/photos/">Photos</a> '
        "(1 unresolved thread)</li></ul>"
    ]


def test_comment_resolve_view_toggles(staff_client, submitted_report, staff_user):
    from ssc_reports.review.comments import add_review_comment

    comment = add_review_comment(
        report=submitted_report, by=staff_user, section="photos", text="Credit?"
    )

    response = staff_client.post(f"{REVIEW}comments/{comment.pk}/resolve/", follow=True)
    assert _messages(response) == ["Comment marked resolved."]
    assert ReviewComment.objects.get().resolved is True
    response = staff_client.post(
        f"{REVIEW}comments/{comment.pk}/resolve/", {"resolved": "0"}, follow=True
    )
    assert _messages(response) == ["Comment opened again."]
    assert ReviewComment.objects.get().resolved is False


def test_reopen_view_reopens_an_approved_report(
    staff_client, report, officer, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    report.status = Report.Status.APPROVED
    report.approved_pdf.save("final.pdf", ContentFile(b"%PDF-1.7"), save=False)
    report.save()
    path = report.approved_pdf.path

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            REVIEW + "reopen/", {"reason": "One figure is wrong."}, follow=True
        )

    assert _messages(response) == ["Reopened: TSG can edit the report again."]
    report.refresh_from_db()
    assert (report.status, report.approved_pdf.name) == (Report.Status.RETURNED, "")
    import os

    assert not os.path.exists(path)
    assert mail.outbox[-1].subject == "[SSC Reports] Your 2024-2025 report was reopened for changes"
    assert "One figure is wrong." in mail.outbox[-1].body


def test_approved_pdf_view_serves_the_stored_file(client, report, officer):
    from django.core.files.base import ContentFile

    report.status = Report.Status.APPROVED
    report.approved_pdf.save("final.pdf", ContentFile(b"%PDF-1.7 final"), save=False)
    report.save()
    client.force_login(officer)

    response = client.get("/review/TSG/2024-2025/approved.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TSG-2024-2025.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 final"


def test_approved_pdf_view_404_before_approval(client, report, officer):
    client.force_login(officer)
    assert client.get("/review/TSG/2024-2025/approved.pdf").status_code == 404


def test_report_pdf_view_serves_the_approved_file_once_approved(client, report, officer):
    from django.core.files.base import ContentFile

    report.status = Report.Status.APPROVED
    report.approved_pdf.save("final.pdf", ContentFile(b"%PDF-1.7 stored at approval"), save=False)
    report.save()
    client.force_login(officer)

    response = client.get("/reports/TSG/2024-2025/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stored at approval"
