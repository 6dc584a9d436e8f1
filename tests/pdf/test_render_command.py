import pypdf
import pytest
from django.core.management import CommandError, call_command


def test_render_report_command_writes_pdf(smsg_report, tmp_path):
    output = tmp_path / "smsg.pdf"

    call_command("render_report", "SMSG", "2024-2025", "-o", str(output))

    reader = pypdf.PdfReader(output)
    assert reader.metadata.title == "IUCN SSC Small Mammal Specialist Group – 2024-2025 Report"
    assert not (tmp_path / "smsg.pdf.part").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE", "2024-2025"], "Unknown group: 'NOPE'."),
        (["SMSG", "1999-2000"], "Unknown reporting period: '1999-2000'."),
    ],
)
def test_render_report_command_names_unknown_group_or_period(smsg_report, tmp_path, args, message):
    output = tmp_path / "out.pdf"

    with pytest.raises(CommandError) as error:
        call_command("render_report", *args, "-o", str(output))

    assert str(error.value) == message
    assert not output.exists()


def test_render_report_command_group_without_report(report, tmp_path):
    from tests import factories

    factories.make_group(acronym="EMPTY")

    with pytest.raises(CommandError, match="The group EMPTY has no report for 2024-2025."):
        call_command("render_report", "EMPTY", "2024-2025", "-o", str(tmp_path / "x.pdf"))
