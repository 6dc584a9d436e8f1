"""The SMSG 2024-2025 report's PDF reads like the seed report."""

import io
import json
import re

import pypdf
import pytest

from ssc_reports.models import Report
from ssc_reports.pdf.render import render_report_pdf
from tests import factories
from tests.pdf.helpers import assert_in_order, body_text, pdf_pages, pdf_text

DOC = json.loads((factories.SMSG_DEMO_DIR / "report.json").read_text())
COMPONENT_ORDER = ["assess", "plan", "act", "network", "communicate"]
STATUS = {"achieved": "Achieved", "on_track": "On track", "not_initiated": "Not initiated"}


@pytest.fixture
def smsg_pdf(smsg_report):
    return render_report_pdf(smsg_report)


@pytest.fixture
def smsg_text(smsg_pdf):
    return body_text(smsg_pdf, header=f"{DOC['group']['name']} 2024-2025 Report")


def test_smsg_pdf_section_headings_in_standard_order(smsg_text):
    assert_in_order(
        smsg_text,
        [
            "IUCN SSC Small Mammal Specialist Group 2024-2025 Report",
            "Ros Kennerley Co-Chair",
            "Tom Lacher Co-Chair",
            "Group information",
            "Mission statement",
            "Projected impact for 2021–2025",
            "Targets for 2021–2025",
            "Activities and results for 2024-2025",
            "Acknowledgements",
            "Summary of achievements",
        ],
    )


def test_smsg_pdf_group_information(smsg_text):
    assert_in_order(
        smsg_text,
        [
            "Co-Chairs: Ros Kennerley, Durrell Wildlife Conservation Trust; "
            "Tom Lacher, Texas A&M University",
            "Programme Officer: Abi Gazzard, Durrell Wildlife Conservation Trust",
            "Conservation Coordinator: Sam Turvey, Zoological Society of London",
            "Social networks: https://bsky.app/profile/iucn-small-mammals.bsky.social "
            "https://www.facebook.com/iucnsmsg https://twitter.com/IUCN_SMSG",
            "Website: https://small-mammals.org",
        ],
    )
    assert "Number of members" not in smsg_text  # members_count is null


def test_smsg_pdf_targets_in_order_with_status(smsg_text):
    section = smsg_text[smsg_text.index("Targets for 2021–2025") :]
    section = section[: section.index("Activities and results for")]
    targets = sorted(
        DOC["targets"], key=lambda t: (COMPONENT_ORDER.index(t["component"]), t["code"])
    )
    expected = []
    for component in ["ASSESS", "PLAN", "ACT", "NETWORK", "COMMUNICATE"]:
        expected.append(component)
        for target in targets:
            if target["component"].upper() == component:
                expected.append(
                    f"{target['code']} {target['title']} Status: {STATUS[target['status']]}"
                )
    assert_in_order(section, expected)
    assert section.count("Status:") == 12
    assert [t for t in expected if t.startswith("T-")][:2] == [
        "T-005 Scientific peer-review publications about small mammal ecology and "
        "conservation. Status: Achieved",
        "T-006 Catalogue and publish species Red List assessments for taxonomic changes. "
        "Status: On track",
    ]


def test_smsg_pdf_activities_in_order_with_every_result(smsg_text):
    section = smsg_text[smsg_text.index("Activities and results for 2024-2025") :]
    section = section[: section.index("Acknowledgements")]
    expected = [
        "ASSESS",
        "Green Status Assessment",
        "T-011 Publish Green Status assessments. (KSR 6)",
        "Number of new Green Status of Species assessments completed: 6",
        "Result description: In 2024, both the Malagasy Giant Jumping Rat",
        "Red List",
        "T-006 Catalogue and publish species Red List assessments for taxonomic changes. (KSR 6)",
        "Number of new global Red List assessments completed: 25",
        "Result description: In 2024, 23 new species Red List assessments",
        "Number of global Red List reassessments completed: 133",
        "Result description: In 2024, we published 112 global reassessments.",
        "T-007 Conduct Red List assessments for certain regions",
        "Number of new global Red List assessments completed: 17",
        "Result description: The taxonomic changes needed",
        "Number of global Red List reassessments completed: 58",
        "Result description: In 2024 we published 54 Red List reassessments",
        "Research activities",
        "T-005 Scientific peer-review publications about small mammal ecology and "
        "conservation. (KSR 5)",
        "Number of scientific publications about species research that acknowledge SSC "
        "affiliation: 6",
        "Result description: The following papers were published in 2024",
        "Santa Catarina Guinea Pig (Cavia intermedia)",
        "PLAN",
        "Planning",
        "T-004 Hold regional action planning workshops. (KSR 8)",
        "Number of species conservation plans/strategies developed: 0",
        "Result description: We were not able to find suitable funding",
        "T-010 Write species action plans. (KSR 8)",
        "Number of species conservation plans/strategies developed: 0",
        "Result description: Iberian Desman Action Plan was delayed in 2024",
        "[SSC Grant awarded]",
        "NETWORK",
        "Capacity building",
        "T-009 Provide grant writing training and support to members. (KSR 2)",
        "Number of people trained in conservation planning: 24",
        "Result description: We provided significant grant application support",
        "Membership",
        "T-001 Achieve taxonomic and geographic coverage",
        "Number of SSC members recruited: 28",
        "Result description: We recruited 21 new members",
        "COMMUNICATE",
        "Communication",
        "T-003 Keep membership updated through quarterly newsletters and an updated "
        "website. (KSR 12)",
        "newsletter editions produced: 5",
        "Result description: Four SSC Group newsletters were produced in 2024",
        "T-012 Maintain general engagement and outreach through SMSG website, Facebook "
        "group and X. (KSR 13)",
        "Number of digital communication outputs developed in relation to specific "
        "taxonomic groups: 18",
        "Result description: Fourteen news articles",
    ]
    assert_in_order(section, expected)
    assert section.count("Result description:") == 12
    assert section.count("[SSC Grant awarded]") == 1
    assert "ACT" not in section.split()  # Act has no activity: no heading


def test_smsg_pdf_photos_with_caption_and_credit(smsg_text):
    section = smsg_text[smsg_text.index("Activities and results for 2024-2025") :]
    assert_in_order(
        section,
        [
            "SMSG receiving an award from the SSC Chair for our activities within ASSESS",
            "Photo: Ros Kennerley",
        ],
    )
    assert_in_order(section, ["Santa Catarina Guinea Pig (Cavia intermedia)", "Photo: Tom Lacher"])
    assert section.index("Photo: Tom Lacher") < section.index("PLAN")


def test_smsg_pdf_summary_lines(smsg_text):
    section = smsg_text[smsg_text.index("Summary of achievements") :]
    assert_in_order(
        section,
        [
            "Total number of targets for 2021–2025: 12",
            "Geographic regions: 11 Global, 2 Africa, 1 America, 2 Asia",
            "Actions during 2024-2025:",
            "Assess: 6 (KSR 5, 6)",
            "Plan: 2 (KSR 8)",
            "Network: 2 (KSR 2)",
            "Communicate: 2 (KSR 12, 13)",
            "Overall achievement 2021–2025:",
            "No longer a priority",
            "Not initiated",
            "On track",
            "Achieved",
            "1 (8%) not initiated, 7 (59%) on track, 4 (33%) achieved",
        ],
    )


def test_smsg_pdf_italic_scientific_names_and_embedded_fonts(smsg_pdf):
    reader = pypdf.PdfReader(io.BytesIO(smsg_pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    names = {name.split("+", 1)[1] for name in fonts}
    assert {"Open-Sans", "Open-Sans-Italic", "Open-Sans-Bold", "Open-Sans-Semi-Bold"} <= names
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", name) for name in fonts), fonts  # subsets


def test_smsg_pdf_metadata_and_bookmarks(smsg_pdf):
    reader = pypdf.PdfReader(io.BytesIO(smsg_pdf))

    assert reader.metadata.title == "IUCN SSC Small Mammal Specialist Group – 2024-2025 Report"
    assert reader.metadata.author == "IUCN SSC Small Mammal Specialist Group"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "IUCN SSC Small Mammal Specialist Group 2024-2025 Report",
        "Group information",
        "Mission statement",
        "Projected impact for 2021–2025",
        "Targets for 2021–2025",
        "Activities and results for 2024-2025",
        "Acknowledgements",
        "Summary of achievements",
    ]
    nested = [[i.title for i in item] for item in reader.outline if isinstance(item, list)]
    assert nested == [
        ["ASSESS", "PLAN", "ACT", "NETWORK", "COMMUNICATE"],
        ["ASSESS", "PLAN", "NETWORK", "COMMUNICATE"],
    ]


def test_smsg_pdf_page_numbers_and_running_header(smsg_pdf):
    pages = pdf_pages(smsg_pdf)
    count = len(pages)
    assert count >= 3
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {count}" in page
        header = "IUCN SSC Small Mammal Specialist Group 2024-2025 Report"
        assert (header in page.splitlines()) == (number > 1)  # none on the first page


def test_smsg_pdf_draft_carries_watermark(smsg_report):
    pages = pdf_pages(render_report_pdf(smsg_report))

    assert smsg_report.status == Report.Status.DRAFT
    assert all("DRAFT" in page.splitlines() for page in pages)


def test_smsg_pdf_approved_has_no_watermark(smsg_report):
    Report.objects.filter(pk=smsg_report.pk).update(status=Report.Status.APPROVED)

    text = pdf_text(render_report_pdf(smsg_report))

    assert "DRAFT" not in text
    assert "Summary of achievements" in text
