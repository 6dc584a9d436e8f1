"""The PDF download beyond the role matrix (tests/test_permissions.py has report_pdf)."""

from django.urls import reverse

from tests.pdf.worker import run_queued_tasks


def download_after_the_worker(client, url, capture):
    """The first download says "preparing" and queues the render; the worker renders; the
    next download serves the file."""
    with capture(execute=True):
        first = client.get(url)
    assert first.status_code == 200
    assert "Preparing the PDF" in first.content.decode()
    run_queued_tasks()
    return client.get(url)


def test_report_pdf_download_headers(client, officer, report, django_capture_on_commit_callbacks):
    client.force_login(officer)

    response = download_after_the_worker(
        client, reverse("report_pdf", args=["TSG", "2024-2025"]), django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TSG-2024-2025.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_report_pdf_unknown_period_gets_404(client, officer, report):
    client.force_login(officer)

    assert client.get(reverse("report_pdf", args=["TSG", "2030-2031"])).status_code == 404


def test_report_pdf_smsg_filename(
    client, staff_user, smsg_report, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)

    response = download_after_the_worker(
        client,
        reverse("report_pdf", args=["SMSG", "2024-2025"]),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="SMSG-2024-2025.pdf"'


def test_report_pages_link_to_the_pdf(client, officer, report):
    client.force_login(officer)
    pdf_url = reverse("report_pdf", args=["TSG", "2024-2025"])

    for name in ["reports:detail", "reports:preview"]:
        response = client.get(reverse(name, args=["TSG", "2024-2025"]))

        assert response.status_code == 200
        assert f'href="{pdf_url}"' in response.content.decode()
