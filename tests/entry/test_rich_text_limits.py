"""Officers' rich text stays within what renders in bounded time: a word with more than
MAX_MARKS_PER_WORD italic/bold/link marks inside it (`*a*a*a...`, which WeasyPrint lays out in
quadratic time) or a paragraph with more than MAX_MARKS_PER_PARAGRAPH marks is refused in
forms, the admin's model validation and imports, with a message naming the field."""

import io
import json
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ssc_reports.models import Report
from ssc_reports.richtext import (
    MAX_MARKS_PER_PARAGRAPH,
    MAX_MARKS_PER_TEXT,
    MAX_MARKS_PER_WORD,
    render_rich,
    rich_text_problem,
)
from tests import factories
from tests.factories import SMSG_DEMO_DIR

PATHOLOGICAL = "*a*a" * 8000  # 8,000 italic spans with no space between them


def test_the_pathological_narrative_is_refused():
    assert rich_text_problem(PATHOLOGICAL) == (
        "a word has 8000 italic, bold or link marks inside it (at most 20); the PDF could "
        "not be made from it in reasonable time. Put spaces between the marked words, or mark "
        "a whole word once."
    )


def test_limits_per_word_count_marks_between_spaces():
    at_limit = "*a*b" * MAX_MARKS_PER_WORD
    assert rich_text_problem(at_limit) == ""
    assert rich_text_problem(at_limit + "*c*").startswith("a word has 21 italic")
    assert rich_text_problem(" ".join([at_limit] * 5)) == ""  # several such words are fine
    assert rich_text_problem("**[a](https://x.org)**" * 11).startswith("a word has 22 ")


def test_limits_per_paragraph():
    words = " ".join(["*a*"] * MAX_MARKS_PER_PARAGRAPH)
    assert rich_text_problem(words) == ""
    assert rich_text_problem(words + " **b**") == (
        f"a paragraph has {MAX_MARKS_PER_PARAGRAPH + 1} italic, bold or link marks (at most "
        f"{MAX_MARKS_PER_PARAGRAPH}). Split it into several paragraphs, or mark less."
    )
    assert rich_text_problem(words + "\n\n**b**") == ""  # a second paragraph


def test_limits_per_text():
    paragraph = " ".join(["*a*"] * (MAX_MARKS_PER_TEXT // 2))
    assert rich_text_problem("\n\n".join([paragraph, paragraph])) == ""
    assert rich_text_problem("\n\n".join([paragraph, paragraph, "*c*"])) == (
        f"the text has {MAX_MARKS_PER_TEXT + 1} italic, bold or link marks (at most "
        f"{MAX_MARKS_PER_TEXT}). Mark less of it."
    )


def test_ordinary_rich_text_and_plain_text_pass():
    doc = json.loads((SMSG_DEMO_DIR / "report.json").read_text(encoding="utf-8"))
    texts = [doc["projected_impact"], doc["acknowledgements"], doc["group"]["mission"]]
    texts += [r["description"] for a in doc["activities"] for r in a["results"]]
    assert all(rich_text_problem(text) == "" for text in texts)
    assert rich_text_problem("a" * 100_000) == ""
    assert str(render_rich("*Cavia* and **guinea pigs**")) == (
        "<p><em>Cavia</em> and <strong>guinea pigs</strong></p>\n"
    )


def test_acknowledgements_form_refuses_it_naming_the_field(client, officer, report):
    client.force_login(officer)
    url = reverse("reports:acknowledgements", args=["TSG", "2024-2025"])

    response = client.post(url, {"version": 1, "acknowledgements": PATHOLOGICAL})

    assert response.status_code == 200
    errors = response.context["forms"]["form"].errors
    assert errors["acknowledgements"] == ["Acknowledgements: " + rich_text_problem(PATHOLOGICAL)]
    assert "Acknowledgements: a word has 8000 italic" in response.content.decode()
    report.refresh_from_db()
    assert report.acknowledgements == ""


def test_result_description_form_refuses_it(client, officer, report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    result = factories.make_result(activity=activity, number=1, description="Fine")
    client.force_login(officer)
    data = {"category": activity.category_id, "ksr": activity.ksr_id, "version": 1,
            "results-TOTAL_FORMS": "1", "results-INITIAL_FORMS": "1",
            "results-MIN_NUM_FORMS": "0", "results-MAX_NUM_FORMS": "1000",
            "results-0-id": result.pk, "results-0-indicator": result.indicator_id,
            "results-0-value_number": "1", "results-0-description": PATHOLOGICAL}  # fmt: skip
    url = reverse("reports:activity_edit", args=["TSG", "2024-2025", activity.pk])

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Result description: a word has 8000 italic" in response.content.decode()
    result.refresh_from_db()
    assert result.description == "Fine"


@pytest.mark.parametrize(
    ("make", "field", "label"),
    [
        (lambda r: r, "projected_impact", "Projected impact"),
        (lambda r: r, "acknowledgements", "Acknowledgements"),
        (lambda r: r.group, "mission", "Mission"),
        (lambda r: factories.make_photo(report=r), "caption", "Caption"),
    ],
)
def test_model_validation_refuses_it_in_every_rich_field(report, make, field, label):
    obj = make(report)
    setattr(obj, field, PATHOLOGICAL)

    with pytest.raises(ValidationError) as info:
        obj.full_clean()

    assert info.value.message_dict[field] == [f"{label}: {rich_text_problem(PATHOLOGICAL)}"]


def test_import_refuses_it_naming_the_json_path(smsg_report, tmp_path):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    doc["activities"][1]["results"][0]["description"] = PATHOLOGICAL
    doc["photos"][0]["caption"] = "*a*a" * 30
    path = folder / "report.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = Report.objects.get(pk=smsg_report.pk).version

    with pytest.raises(CommandError) as info:
        call_command("import_report", str(path), stdout=io.StringIO())

    lines = str(info.value).splitlines()
    assert lines[1:] == [
        "activities[1].results[0].description: " + rich_text_problem(PATHOLOGICAL),
        "photos[0].caption: " + rich_text_problem("*a*a" * 30),
    ]
    assert Report.objects.get(pk=smsg_report.pk).version == before
