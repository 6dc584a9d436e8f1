import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from pypdf import PdfReader

from activities.models import Result
from ssc_reports.network.compile import compile_period
from tests.network.conftest import RED_LIST

APPROVED_IN_ORDER = [
    "IUCN SSC Amphibian Specialist Group",
    "IUCN SSC Bear Specialist Group",
    "IUCN SSC Reptile Red List Authority",
]
LEFT_OUT = ["Center for Species Survival Zoo", "IUCN SSC Draft Specialist Group"]


@pytest.fixture
def in_process(settings):
    """In the test process: the test database is not visible to forked processes."""
    settings.SSC_COMPILE_PROCESSES = 1


def page_texts(path):
    reader = PdfReader(str(path))
    return reader, [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def outline_tree(reader, items=None):
    """[(title, page number 1-based, children)] of the PDF's bookmarks."""
    items = reader.outline if items is None else items
    tree = []
    for item in items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline_tree(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


def test_compile_period_document_order_contents_and_bookmarks(network, in_process, tmp_path):
    output = tmp_path / "out" / "report.pdf"
    result = compile_period(network.period, output)
    assert (result.rendered, result.reused) == (3, 0)
    reader, texts = page_texts(output)
    assert result.pages == len(texts)
    everything = " ".join(texts)
    for name in LEFT_OUT:
        assert name not in everything
    assert "SSC Species Report 2024-2025" in texts[0]
    assert "Species Conservation Cycle" in texts[1]

    # The contents: every approved group, in order, with the page its report starts on.
    contents_page = next(
        i for i, t in enumerate(texts) if t.startswith("Contents") or " Contents " in t[:40]
    )
    contents = texts[contents_page]
    entries = re.findall(r"(IUCN SSC [A-Za-z ]+?(?:Group|Authority)) (\d+)", contents)
    assert [name for name, _ in entries] == APPROVED_IN_ORDER
    assert contents.index("Specialist Groups") < contents.index(APPROVED_IN_ORDER[0])
    assert contents.index("Red List Authorities") < contents.index(APPROVED_IN_ORDER[2])
    starts = [int(page) for _, page in entries]
    # The first report follows the contents and its kind's divider page.
    assert starts[0] == contents_page + 3
    assert "Specialist Groups" in texts[contents_page + 1]
    for (name, _), start in zip(entries, starts, strict=True):
        assert f"{name} 2024-2025 Report" in texts[start - 1]
        assert f"{name} 2024-2025 Report" not in texts[start - 2]
    assert starts == [part.start_page for part in result.parts]

    # Bookmarks: the front matter, then kinds > groups > the groups' own sections.
    tree = outline_tree(reader)
    titles = [title for title, _, _ in tree]
    assert titles[-2:] == ["Specialist Groups", "Red List Authorities"]
    groups = [child for _, _, children in tree[-2:] for child in children]
    assert [title for title, _, _ in groups] == APPROVED_IN_ORDER
    assert [page for _, page, _ in groups] == starts
    for _, start, sections in groups:
        section_titles = [title for title, _, _ in sections]
        assert "Activities and results for 2024-2025" in section_titles
        assert all(page >= start for _, page, _ in sections)


def test_compile_period_network_totals_equal_sums_of_results(network, in_process, tmp_path):
    output = tmp_path / "report.pdf"
    compile_period(network.period, output)
    _, texts = page_texts(output)
    first = next(i for i, t in enumerate(texts) if "Network analysis 2024-2025" in t)
    last = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    summary = " ".join(texts[first:last])
    totals = (
        Result.objects.filter(
            activity__report__period=network.period,
            activity__report__status="approved",
            value_number__isnull=False,
        )
        .values("indicator__text")
        .annotate(total=Sum("value_number"))
    )
    assert len(totals) == 4
    for row in totals:
        total = row["total"]
        shown = f"{int(total)}" if total == total.to_integral_value() else f"{total.normalize()}"
        assert f"{row['indicator__text']} {shown} 3" in summary
    assert f"{RED_LIST} 66 3" in summary
    assert Decimal(66) == sum(r["total"] for r in totals if r["indicator__text"] == RED_LIST)


def test_compile_reuses_unchanged_parts(network, in_process, tmp_path):
    first = compile_period(network.period, tmp_path / "a.pdf")
    assert (first.rendered, first.reused) == (3, 0)
    second = compile_period(network.period, tmp_path / "b.pdf")
    assert (second.rendered, second.reused) == (0, 3)
    assert second.content_hash == first.content_hash
    assert [p.key for p in second.parts] == [p.key for p in first.parts]
    result = Result.objects.filter(activity__report=network.reports["BSG"]).first()
    result.description = "A changed description"
    result.save()
    third = compile_period(network.period, tmp_path / "c.pdf")
    assert (third.rendered, third.reused) == (1, 2)
    assert third.content_hash != first.content_hash
    changed = [p.acronym for p, q in zip(third.parts, first.parts, strict=True) if p.key != q.key]
    assert changed == ["BSG"]
    _, texts = page_texts(tmp_path / "c.pdf")
    assert "A changed description" in " ".join(texts)


def test_compile_command_writes_the_pdf(network, in_process, tmp_path, capsys):
    output = tmp_path / "out" / "species-report.pdf"
    call_command("compile_species_report", "2024-2025", "-o", str(output))
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {output} (")
    assert "3 groups: 3 rendered, 0 reused" in out
    assert output.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in output.parent.iterdir()] == ["species-report.pdf"]  # no temporary left


def test_compile_command_refuses_unknown_period_and_bad_output(network, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No reporting period '1999-2000'"):
        call_command("compile_species_report", "1999-2000", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="must end in .pdf"):
        call_command("compile_species_report", "2024-2025", "-o", str(tmp_path / "x.txt"))


def test_compile_prunes_parts_unused_for_30_days(network, in_process, tmp_path):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from ssc_reports.pdf.keys import local_parts_folder
    from ssc_reports.storage import walk

    old, recent = "cache/parts/" + "0" * 64 + ".pdf", "cache/parts/" + "1" * 64 + ".pdf"
    for name in (old, recent):
        assert default_storage.save(name, ContentFile(b"%PDF-1.4 an old part")) == name
    old_copy = local_parts_folder() / ("0" * 64 + ".pdf")
    old_copy.write_bytes(b"%PDF-1.4 a local copy")
    month_ago = time.time() - 31 * 86400
    # The test's storage is the local folder: its files' times can be set.
    os.utime(default_storage.path(old), (month_ago, month_ago))
    os.utime(old_copy, (month_ago, month_ago))
    result = compile_period(network.period, tmp_path / "a.pdf")
    assert sorted(walk("cache/parts")) == sorted([recent, *(part.name for part in result.parts)])
    assert sorted(p.name for p in local_parts_folder().iterdir()) == sorted(
        f"{part.key}.pdf" for part in result.parts
    )
    # A part still in use is kept however old its file is.
    part = result.parts[0].name
    os.utime(default_storage.path(part), (month_ago, month_ago))
    second = compile_period(network.period, tmp_path / "b.pdf")
    assert second.reused == 3 and default_storage.exists(part)


def test_contents_over_several_pages_number_the_parts_after_them(network):

    from ssc_reports.network import merging
    from ssc_reports.network.compile import Part, network_summary, render_front_matter

    parts = [
        Part(
            report_id=n,
            group_name=f"IUCN SSC Group {n:03d} Specialist Group",
            acronym=f"G{n:03d}",
            kind="specialist_group" if n < 90 else "task_force",
            key="",
            pages=3 + n % 2,
        )
        for n in range(120)
    ]
    front, _ = render_front_matter(network.period, parts, network_summary(network.period))
    front_pages = merging.page_count(front)
    reader = PdfReader(__import__("io").BytesIO(front))
    contents = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in reader.pages
        if "IUCN SSC Group" in (page.extract_text() or "")
    )
    assert len([p for p in reader.pages if "IUCN SSC Group 0" in (p.extract_text() or "")]) >= 2
    entries = [
        (int(n), int(page))
        for n, page in re.findall(r"Group (\d{3}) Specialist Group (\d+)", contents)
    ]
    expected, page, kind = [], front_pages + 1, None
    for part in parts:
        if part.kind != kind:  # a divider page before each kind
            page, kind = page + 1, part.kind
        expected.append((part.report_id, page))
        page += part.pages
    assert entries == expected
    assert contents.index("Specialist Groups") < contents.index("Group 000")
    assert contents.index("Group 089") < contents.index("Task Forces") < contents.index("Group 090")


def test_part_keys_follow_the_renderer_not_the_front_matter(settings, tmp_path):
    import shutil
    from pathlib import Path

    from ssc_reports.pdf.keys import RENDERER_FILES, renderer_fingerprint

    base = Path(settings.BASE_DIR)
    for relative in RENDERER_FILES:
        source, target = base / relative, tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    settings.BASE_DIR = tmp_path
    original = renderer_fingerprint()
    front = tmp_path / "templates/network/pdf/front.html"
    front.parent.mkdir(parents=True)
    front.write_text("<p>Another cover</p>")
    (tmp_path / "static/pdf/network.css").write_text("p { color: red }")
    assert renderer_fingerprint() == original
    with (tmp_path / "static/pdf/report.css").open("a") as stream:
        stream.write("\np { color: red }\n")
    assert renderer_fingerprint() != original
