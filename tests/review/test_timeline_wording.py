"""The timeline reads like the report: the forms' labels, values as printed, word diffs for
long texts, no internal field, grouped by save, newest first, filterable by section."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Activity, Result
from groups.models import Group, Officer
from ssc_reports.entry import services
from ssc_reports.models import Report
from ssc_reports.review.history import (
    FIELD_LABELS,
    SECTION_FILTERS,
    group_by_save,
    report_timeline,
    word_diff,
)
from ssc_reports.review.workflow import approve_report, submit_report
from targets.models import Target, TargetStatus
from tests import factories

TIMELINE = "/review/TSG/2024-2025/timeline/"

# Every concrete field name of the content models.
MODEL_FIELD_NAMES = sorted(
    {
        f.name
        for model in (Report, Group, Officer, Target, TargetStatus, Activity, Result)
        for f in model._meta.concrete_fields
    }
    | {"approved_pdf", "value_number", "value_text", "members_count", "ssc_grant_awarded"}
)


def _timeline_text(client, **params):
    html = client.get(TIMELINE, params).content.decode()
    body = html[html.index('id="timeline"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_status_changed_from_the_list_shows_in_the_timeline_with_both_labels(
    client, complete_report, officer
):
    target = Target.objects.get(code="T-001")
    client.force_login(officer)

    client.post(
        reverse("reports:targets", args=["TSG", "2024-2025"]),
        {f"status-{target.pk}": "achieved", f"loaded-{target.pk}": "on_track"},
    )

    newest = report_timeline(complete_report)[0]
    assert (newest.what, newest.who, newest.section) == (
        "Status of target T-001",
        officer,
        "targets",
    )
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("Status", "On track", "Achieved"),
    ]
    text = _timeline_text(client)
    assert "Status of target T-001 changed" in text
    assert "Status On track Achieved" in text


def test_retire_and_reinstate_show_in_the_timeline(complete_report, officer):
    target = Target.objects.get(code="T-001")

    services.retire_target(target=target, by=officer)
    services.reinstate_target(target=target, by=officer)

    entries = [e for e in report_timeline(complete_report) if e.what == "Target T-001"]
    assert [(e.kind, [(c.label, c.before, c.after) for c in e.changes]) for e in entries[:2]] == [
        ("changed", [("Retired", "yes", "no")]),
        ("changed", [("Retired", "no", "yes")]),
    ]


def test_group_information_changes_show_in_the_timeline(client, complete_report, officer):
    group = complete_report.group
    group.members_count = 1250
    group._history_user = officer
    group.save()

    entry = report_timeline(complete_report, section="group")[0]

    assert (entry.what, entry.section) == ("Group information", "group")
    assert [(c.label, c.before, c.after) for c in entry.changes] == [
        ("Number of members", "", "1250")
    ]


def test_timeline_never_contains_model_field_names(client, complete_report, officer, staff_user):
    activity = Activity.objects.get()
    activity.order = 2
    activity.save()
    result = Result.objects.get()
    result.value_number = Decimal("8")
    result.save()
    factories.make_photo(report=complete_report, caption="A *marmot*")
    submit_report(report=complete_report, by=officer)
    approve_report(report=complete_report, by=staff_user)
    client.force_login(staff_user)

    text = _timeline_text(client)

    allowed = {label for labels in FIELD_LABELS.values() for label in labels.values()}
    allowed |= {title for _, title in SECTION_FILTERS}
    for name in MODEL_FIELD_NAMES:
        assert "_" not in name or name not in text
        default_label = name.replace("_", " ").capitalize()
        if "_" in name and default_label not in allowed:
            assert default_label not in text, name
    for internal in (
        "Ksr",
        "Value number",
        "Order",
        "Approved pdf",
        "approved/",
        "8.000",
        "Version",
    ):
        assert internal not in text


def test_numbers_and_choices_read_as_printed(complete_report, officer):
    result = Result.objects.get()
    result._history_user = officer
    result.value_number = Decimal("1250")
    result.save()

    change = report_timeline(complete_report)[0].changes[0]

    assert (change.label, change.before, change.after) == ("Result (a number)", "12", "1,250")


def test_long_texts_show_a_word_diff(complete_report, officer):
    report = Report.objects.get(pk=complete_report.pk)
    long = " ".join(f"word{n}" for n in range(200))
    report.projected_impact = long + " the end."
    report.save()
    report.projected_impact = long.replace("word150", "changed150") + " the end."
    report._history_user = officer
    report.save()

    entry = report_timeline(complete_report, section="impact")[0]

    assert entry.what == "Projected impact"
    diff = entry.changes[0].diff
    assert ("delete", "word150") in diff
    assert ("insert", "changed150") in diff
    assert all(op == "equal" for op, _ in diff if op not in ("delete", "insert"))


def test_word_diff_marks_insertions_and_deletions():
    assert word_diff("Twelve red assessments.", "Twelve green assessments.") == [
        ("equal", "Twelve "),
        ("delete", "red"),
        ("insert", "green"),
        ("equal", " assessments."),
    ]


def test_rich_text_diff_reads_the_words_not_the_markers(complete_report, officer):
    report = Report.objects.get(pk=complete_report.pk)
    report.acknowledgements = "Thanks to **all** members:\n\n- Ada\n- Bo"
    report._history_user = officer
    report.save()

    change = report_timeline(complete_report, section="acknowledgements")[0].changes[0]

    assert change.after == "Thanks to all members:\nAda\nBo"
    assert "**" not in "".join(text for _, text in change.diff)


def test_timeline_groups_one_save_and_filters_by_section(client, complete_report, officer):
    client.force_login(officer)
    t2 = factories.make_target(group=complete_report.group, code="T-002")
    target = Target.objects.get(code="T-001")
    client.post(
        reverse("reports:targets", args=["TSG", "2024-2025"]),
        {
            f"status-{target.pk}": "achieved",
            f"loaded-{target.pk}": "on_track",
            f"status-{t2.pk}": "not_initiated",
            f"loaded-{t2.pk}": "",
        },
    )

    saves = group_by_save(report_timeline(complete_report, section="targets"))

    assert {e.what for e in saves[0].entries} == {
        "Status of target T-001",
        "Status of target T-002",
    }
    assert saves[0].who == officer
    text = _timeline_text(client, section="targets")
    assert "Projected impact" not in text
    assert "Status of target T-002 created" in text
    assert "Mission" not in _timeline_text(client, section="targets")
    assert "Status of target" not in _timeline_text(client, section="impact")


@pytest.mark.parametrize("section", ["", "group", "targets", "review", "bogus"])
def test_timeline_page_answers_for_each_filter(client, complete_report, officer, section):
    client.force_login(officer)

    response = client.get(TIMELINE, {"section": section})

    assert response.status_code == 200


def test_confirming_last_years_status_shows_in_the_timeline(complete_report, officer):
    TargetStatus.objects.filter(report=complete_report).update(confirmed=False)
    status = TargetStatus.objects.get(report=complete_report)
    status.confirmed = False
    status.save()

    services.confirm_target_statuses(report=complete_report, by=officer)

    newest = report_timeline(complete_report)[0]
    assert (newest.what, newest.who) == ("Status of target T-001", officer)
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("Confirmed for this period", "from last year", "confirmed")
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Objectif T-001 modifié·e Champ Avant Après Retiré oui non"),
        ("es", "Meta T-001 modificado/a Campo Antes Después Retirado sí no"),
    ],
)
def test_timeline_speaks_the_readers_language(client, complete_report, officer, language, expected):
    """What happened and the values (yes/no) are written when shown, in the reader's language."""
    target = Target.objects.get(code="T-001")
    services.retire_target(target=target, by=officer)
    services.reinstate_target(target=target, by=officer)
    client.force_login(officer)

    html = client.get(TIMELINE, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    body = html[html.index('id="timeline"') :]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert expected in text
