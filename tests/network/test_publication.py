"""The compiled SSC Species Report as a publication: continuous page numbers that match the
contents and the bookmarks while the parts stay cached, one structure tree (PDF/UA), the front
matter (cover, introduction, network analysis, contents by kind)."""

import io
import re

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from ssc_reports.models import ReportingPeriod
from ssc_reports.network.compile import compile_period
from tests import factories
from tests.network.test_compile import APPROVED_IN_ORDER, outline_tree
from tests.pdf.pdfua import pdfua_problems, structure_elements, structure_text


@pytest.fixture(autouse=True)
def in_process(settings):
    settings.SSC_COMPILE_PROCESSES = 1


def footer(text: str) -> str:
    """The last line of a page's text: its page number."""
    return text.strip().splitlines()[-1].strip()


def contents_pages(texts) -> dict[str, int]:
    """Group name -> the page number the contents give."""
    page = next(t for t in texts if "Contents" in [line.strip() for line in t.splitlines()])
    found = {}
    for name in APPROVED_IN_ORDER:
        match = re.search(re.escape(name) + r"\s+(\d+)", page)
        found[name] = int(match.group(1))
    return found


def check_numbers(path) -> dict[str, int]:
    reader = PdfReader(str(path))
    texts = [page.extract_text() for page in reader.pages]
    contents = contents_pages(texts)
    groups = {title: page for kind in outline_tree(reader) for title, page, _ in kind[2]}
    for name in APPROVED_IN_ORDER:
        start = contents[name]
        assert groups[name] == start  # the bookmark's target
        assert name in " ".join(texts[start - 1].splitlines()[:3])  # the group's first page
        assert footer(texts[start - 1]) == str(start)  # the number printed on it
    # Every page after the cover prints its own number, and no part's "n / N" is left.
    for number, text in enumerate(texts[1:], start=2):
        assert footer(text) == str(number)
        assert not re.search(r"\b\d+ / \d+\b", text)
    with pikepdf.open(path) as pdf:
        assert pdf.Root.PageLabels.Nums[1].S == "/D"
    return contents


def test_compiled_page_numbers_match_contents_and_bookmarks_after_one_change(network, tmp_path):
    output = tmp_path / "report.pdf"
    first = compile_period(network.period, output)
    assert (first.rendered, first.reused) == (3, 0)
    before = check_numbers(output)

    # One group's report changes (a longer acknowledgement: two more pages): one part is
    # rendered again, the others are reused, and the numbers follow.
    report = network.reports["ASG"]
    report.acknowledgements = "\n\n".join(["Thanks to our many partners. " * 60] * 12)
    report.save()
    second = compile_period(network.period, output)
    assert (second.rendered, second.reused) == (1, 2)
    after = check_numbers(output)
    shift = after["IUCN SSC Bear Specialist Group"] - before["IUCN SSC Bear Specialist Group"]
    assert shift >= 1
    assert (
        after["IUCN SSC Amphibian Specialist Group"]
        == before["IUCN SSC Amphibian Specialist Group"]
    )


def test_compiled_report_has_one_structure_tree_and_passes_the_pdfua_checks(network, tmp_path):
    output = tmp_path / "report.pdf"
    result = compile_period(network.period, output)
    data = output.read_bytes()
    assert pdfua_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert pdf.open_metadata()["dc:title"] == "SSC Species Report 2024-2025"
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        titled = [kid for kid in root.K[0].K if kid.get("/S") == "/Part" and "/T" in kid]
        # The kinds' dividers and the groups' reports, in document order.
        assert [str(part.T) for part in titled] == [
            "Specialist Groups",
            *APPROVED_IN_ORDER[:2],
            "Red List Authorities",
            APPROVED_IN_ORDER[2],
        ]
        parts = [part for part in titled if str(part.T) in APPROVED_IN_ORDER]
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        elements = structure_elements(root)
        # Every element points at a page of this document; each group's elements at its pages.
        assert all(e.Pg.objgen in pages for e in elements if "/Pg" in e)
        for part, start in zip(parts, [p.start_page for p in result.parts], strict=True):
            first = next(e for e in structure_elements_of(part) if "/Pg" in e)
            assert pages[first.Pg.objgen] == start - 1
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert len(set(keys)) == len(keys)
        assert int(root.ParentTreeNextKey) > max(keys)
        alts = [str(e.Alt) for e in elements if e.S == "/Figure"]
        assert alts[0].startswith("The Species Conservation Cycle: Assess, Plan and Act")
        assert (
            "Targets by status: No longer a priority 0; Not initiated 0; On track 3; "
            "Achieved 3" in alts
        )
        assert alts.count("Targets by status: 1 (50%) on track, 1 (50%) achieved") == 3
    tagged = structure_text(data)
    assert "IUCN SSC Bear Specialist Group" in tagged
    # The page numbers are artifacts: not in the text the structure tree holds.
    for number, page in enumerate(tagged.split("\f"), start=1):
        if number >= result.parts[0].start_page:
            assert str(number) not in [line.strip() for line in page.splitlines()]


def structure_elements_of(element):
    found = [element]
    for kid in element.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.extend(structure_elements_of(kid))
    return found


def test_front_matter_reads_as_the_published_report(network, tmp_path):
    output = tmp_path / "report.pdf"
    compile_period(network.period, output)
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(str(output)).pages]
    cover = texts[0]
    for words in ("IUCN SPECIES SURVIVAL COMMISSION", "SSC Species Report", "2024-2025"):
        assert words in cover
    for words in ("ASSESS", "PLAN", "ACT", "NETWORK", "COMMUNICATE"):
        assert words in cover  # the cycle, drawn as vector art
    everything = " ".join(texts)
    for words in (
        "Introduction",
        "The IUCN Species Survival Commission (SSC) is a science-based network",
        "2021-2025 Species Strategic Plan",
        "Stand-alone reports summarise the activities",
        "Network analysis 2024-2025",
        "Results by component",
        "Results by Key Species Result",
        "Targets by status and component",
        "Groups by kind",
        "Results by region",
        "Leading indicators",
        "Contents",
    ):
        assert words in everything, words
    contents = next(t for t in texts if t.startswith("Contents "))
    assert contents.index("Specialist Groups") < contents.index("Red List Authorities")
    # A divider page opens each kind; the contents give its page.
    for kind, count in (("Specialist Groups", 2), ("Red List Authorities", 1)):
        divider = int(re.search(re.escape(kind) + r" (\d+)", contents).group(1))
        assert texts[divider - 1].startswith(f"SSC SPECIES REPORT 2024-2025 {kind}")
        assert f"Stand-alone reports of {count} group" in texts[divider - 1]
        assert texts[divider - 1].endswith(f" {divider}")
        assert "2024-2025 Report" in texts[divider]  # a group's report follows


def test_staff_edit_the_introduction_of_a_period(client, staff_user, network, tmp_path):
    client.force_login(staff_user)
    url = reverse("network:introduction", args=["2024-2025"])
    page = client.get(url).content.decode()
    assert "The IUCN Species Survival Commission (SSC) is a science-based network" in page
    response = client.post(
        url, {"introduction": "**Our year**\n\nA *remarkable* year for the KSR 8 work."}
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(label="2024-2025")
    assert period.introduction.startswith("**Our year**")

    output = tmp_path / "report.pdf"
    compile_period(period, output)
    data = output.read_bytes()
    text = " ".join(PdfReader(io.BytesIO(data)).pages[1].extract_text().split())
    assert "Our year A remarkable year for the KSR 8 work." in text.replace("\xa0", " ")
    assert "science-based network" not in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kinds = [str(e.S) for e in structure_elements(pdf.Root.StructTreeRoot)]
    assert "/H3" in kinds  # the bold paragraph is a heading


def test_introduction_too_rich_is_refused(client, staff_user, network):
    client.force_login(staff_user)
    url = reverse("network:introduction", args=["2024-2025"])
    response = client.post(url, {"introduction": "*a*" * 400})
    assert response.status_code == 200
    assert ReportingPeriod.objects.get(label="2024-2025").introduction == ""


def test_introduction_page_is_staff_only(client, network):
    officer = factories.make_user()
    client.force_login(officer)
    assert client.get(reverse("network:introduction", args=["2024-2025"])).status_code == 404
