"""URL x role matrix of the PDF download (tests/test_permissions.py does not exist yet)."""

import pytest
from django.urls import reverse

from ssc_reports.models import Report


@pytest.fixture
def url(report):
    return reverse("report_pdf", args=[report.group.acronym, report.period.label])


def test_report_pdf_anonymous_redirects_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_report_pdf_other_groups_officer_gets_404(client, other_officer, url):
    client.force_login(other_officer)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["officer", "staff_user"])
def test_report_pdf_officer_and_staff_download(client, request, who, url):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TSG-2024-2025.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_report_pdf_unknown_period_gets_404(client, officer, report):
    client.force_login(officer)

    assert client.get(reverse("report_pdf", args=["TSG", "2030-2031"])).status_code == 404


def test_report_pdf_smsg_filename(client, staff_user, smsg_report):
    client.force_login(staff_user)

    response = client.get(reverse("report_pdf", args=["SMSG", "2024-2025"]))

    assert response["Content-Disposition"] == 'attachment; filename="SMSG-2024-2025.pdf"'
    assert Report.objects.get(pk=smsg_report.pk).status == Report.Status.DRAFT
