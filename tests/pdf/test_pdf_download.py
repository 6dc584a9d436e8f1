"""The PDF download beyond the role matrix (tests/test_permissions.py has report_pdf)."""

from django.urls import reverse


def test_report_pdf_download_headers(client, officer, report):
    client.force_login(officer)

    response = client.get(reverse("report_pdf", args=["TSG", "2024-2025"]))

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

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="SMSG-2024-2025.pdf"'


def test_report_pages_link_to_the_pdf(client, officer, report):
    client.force_login(officer)
    pdf_url = reverse("report_pdf", args=["TSG", "2024-2025"])

    for name in ["reports:detail", "reports:preview"]:
        response = client.get(reverse(name, args=["TSG", "2024-2025"]))

        assert response.status_code == 200
        assert f'href="{pdf_url}"' in response.content.decode()
