"""The stand-alone PDF's fixed labels follow the report's own language (Report.pdf_language);
what the group wrote stays as written; the compiled SSC Species Report stays English."""

import io

import pypdf
import pytest
from django.urls import reverse

from ssc_reports.entry.services import set_pdf_language
from ssc_reports.models import Report
from ssc_reports.network.compile import plan_parts
from ssc_reports.pdf.cache import content_key
from ssc_reports.pdf.keys import part_key
from ssc_reports.pdf.render import render_report_html, render_report_pdf
from tests import factories
from tests.pdf.helpers import flat, pdf_text

pytestmark = pytest.mark.django_db


def test_smsg_pdf_in_french_has_french_headings_and_the_groups_own_words(smsg_report):
    set_pdf_language(report=smsg_report, language="fr", by=None)
    smsg_report.refresh_from_db()

    data = render_report_pdf(smsg_report)
    text = flat(pdf_text(data))

    for heading in [
        "Informations sur le groupe",
        "Déclaration de mission",
        "Impact prévu pour 2021–2025",
        "Objectifs pour 2021–2025",
        "Activités et résultats pour 2024-2025",
        "Résumé des réalisations",
        "Statut : Atteint",
        "ÉVALUER",
    ]:
        assert heading in text, heading
    for english in ["Targets for 2021–2025", "Summary of achievements", "Status: Achieved"]:
        assert english not in text, english
    # The group's own text is not translated.
    assert flat(smsg_report.group.mission.split("\n")[0][:40]) in text
    assert pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "fr"


def test_report_html_in_spanish(report):
    target = factories.make_target(group=report.group, code="T-001", component="plan")
    factories.set_status(report=report, target=target, status="not_initiated")
    set_pdf_language(report=report, language="es", by=None)

    html = render_report_html(Report.objects.get(pk=report.pk))

    assert '<html lang="es">' in html
    assert "Metas para 2021–2025" in html
    assert "Estado: No iniciada" in html
    assert "PLANIFICAR" in html


def test_pdf_of_another_language_is_another_content(report):
    english = content_key(report)

    set_pdf_language(report=report, language="fr", by=None)
    report.refresh_from_db()

    assert content_key(report) != english
    assert part_key(report, language="en") == english


def test_compiled_report_parts_are_english_whatever_the_groups_language(report):
    set_pdf_language(report=report, language="es", by=None)
    report.refresh_from_db()

    (part,) = plan_parts([report])

    assert part.key == part_key(report, language="en")
    assert part.key != part_key(report)


def _language_url(report):
    return reverse(
        "reports:pdf_language",
        kwargs={"acronym": report.group.acronym, "period": report.period.label},
    )


def test_officer_sets_the_pdf_language_with_history(client, officer, report):
    client.force_login(officer)

    response = client.post(_language_url(report), {"pdf_language": "fr"}, follow=True)

    report.refresh_from_db()
    assert report.pdf_language == "fr"
    assert report.history.first().history_user == officer
    assert "The PDF&#x27;s headings and labels are now in Français." in response.content.decode()


def test_preview_page_offers_the_pdf_language(client, officer, report):
    client.force_login(officer)

    html = client.get(
        reverse("reports:preview", kwargs={"acronym": "TSG", "period": "2024-2025"})
    ).content.decode()

    assert f'action="{_language_url(report)}"' in html
    assert '<option value="en" selected>English</option>' in html


def test_staff_set_the_pdf_language_of_a_submitted_report(client, staff_user, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(staff_user)

    response = client.post(_language_url(report), {"pdf_language": "es"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.pdf_language == "es"


def test_officer_cannot_change_the_language_of_a_submitted_report(client, officer, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(officer)

    response = client.post(_language_url(report), {"pdf_language": "es"})

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.pdf_language == "en"


def test_language_of_an_approved_report_is_refused(client, staff_user, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
    client.force_login(staff_user)

    response = client.post(_language_url(report), {"pdf_language": "fr"}, follow=True)

    report.refresh_from_db()
    assert report.pdf_language == "en"
    assert "Language of the PDF: the report is approved" in response.content.decode()


def test_unknown_pdf_language_is_refused_naming_the_field(client, officer, report):
    client.force_login(officer)

    response = client.post(_language_url(report), {"pdf_language": "de"}, follow=True)

    report.refresh_from_db()
    assert report.pdf_language == "en"
    assert (
        "Language of the PDF: choose one of English, Français, Español."
        in response.content.decode()
    )
