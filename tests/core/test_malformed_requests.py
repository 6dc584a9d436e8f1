"""No request produces a 500 from a malformed path, query string or body (issue 10): a NUL
in the path answers 404, in the query string or a form field 400 (PostgreSQL refuses NUL in
text), a multipart body without a boundary 400; undecodable bytes are read, not fatal."""

import pytest
from django.urls import reverse

from ssc_reports.models import Report, ReportEvent
from ssc_reports.review.workflow import submit_report


@pytest.fixture
def staff_client(client, staff_user, settings):
    settings.DEBUG = False
    client.force_login(staff_user)
    return client


@pytest.fixture
def submitted(report, staff_user):
    return submit_report(report=report, by=staff_user)


def staff_url(report, name):
    return reverse(f"staff:{name}", args=[report.group.acronym, report.period.label])


@pytest.mark.parametrize(
    "path",
    [
        "/media/photos/%00.png",
        "/reports/%00/2024-2025/",
        "/reports/TSG/%00/",
        "/review/TSG/%00/timeline/",
        "/staff/review/TSG/2024-2025%00/",
        "/%00",
    ],
)
def test_nul_in_path_answers_404(staff_client, report, path):
    assert staff_client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["q=%00", "period=%00", "%00=1", "sort=a%00b&q=x"])
def test_nul_in_query_string_answers_400(staff_client, report, query):
    response = staff_client.get(f"/staff/?{query}")

    assert response.status_code == 400
    assert response.content == b"Bad request."


def test_nul_in_form_field_answers_400_and_changes_nothing(staff_client, submitted):
    response = staff_client.post(
        staff_url(submitted, "return"),
        "reason=fix%00this",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED


def test_nul_in_multipart_field_answers_400(staff_client, submitted):
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="reason"\r\n\r\nfix\x00this\r\n--xyz--\r\n'
    )
    response = staff_client.generic(
        "POST", staff_url(submitted, "return"), body, "multipart/form-data; boundary=xyz"
    )

    assert response.status_code == 400
    assert ReportEvent.objects.filter(report=submitted).count() == 1


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("multipart/form-data", b"no boundary"),
        ("multipart/form-data; boundary=", b"x"),
    ],
)
def test_broken_multipart_answers_400(staff_client, submitted, content_type, body):
    response = staff_client.generic("POST", staff_url(submitted, "return"), body, content_type)

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED


def test_undecodable_form_bytes_are_read_not_fatal(staff_client, submitted):
    response = staff_client.generic(
        "POST",
        staff_url(submitted, "return"),
        b"reason=fix%ff%fe+\xff",
        "application/x-www-form-urlencoded; charset=no-such-charset",
    )

    assert response.status_code == 302
    event = ReportEvent.objects.filter(report=submitted).latest("pk")
    assert (event.new_status, event.reason) == (Report.Status.RETURNED, "fix\ufffd\ufffd \xff")
