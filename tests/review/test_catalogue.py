"""Issue 12 on the staff side: the catalogue at /staff/indicators/ lists every category,
indicator and KSR with its status and use; staff accept, merge, rename, define and retire, and
every change is in the history; results, analytics, the import and the export follow."""

import json

import pytest
from django.urls import reverse

from activities.models import ActivityCategory, CatalogueChange, Indicator, Result
from activities.services import merge_indicator, propose_indicator
from ssc_reports.interchange.exporter import build_document
from ssc_reports.interchange.importer import import_report
from ssc_reports.network.analytics import network_figures
from ssc_reports.review.history import report_timeline
from tests import factories
from tests.interchange.test_import import copy_demo, write

RECRUITED = "Number of SSC members recruited"
CATALOGUE = "/staff/indicators/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def membership_activity(report, *, code="T-001", number=None, indicator=None):
    target = factories.make_target(group=report.group, code=code, component="network")
    activity = factories.make_activity(
        report=report, target=target, category_name="Membership", ksr_number=2
    )
    Result.objects.create(
        activity=activity,
        indicator=indicator or factories.indicator(RECRUITED),
        value_number=number or 1,
    )
    return activity


def propose(report, text="Number of new members from Africa", kind="quantitative", by=None):
    return propose_indicator(
        report=report,
        category=factories.category("Membership"),
        ksr=factories.ksr(2),
        text=text,
        kind=kind,
        by=by,
    )


def row(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</tr>", start)]


def test_catalogue_lists_every_entry_with_status_use_and_marks(staff_client, report, officer):
    membership_activity(report, number=28)
    proposal = propose(report, by=officer)

    response = staff_client.get(CATALOGUE)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{CATALOGUE}"' in staff_client.get(reverse("staff:dashboard")).content.decode()
    recruited = factories.indicator(RECRUITED)
    line = row(page, f'data-indicator-row="{recruited.pk}"')
    assert ">Network<" in line and ">Membership<" in line and "KSR 2" in line
    assert 'data-status="standard">Standard<' in line and '<td class="text-end">1</td>' in line
    assert "provisional" not in line
    line = row(page, f'data-indicator-row="{proposal.pk}"')
    assert 'data-status="proposed">Proposed<' in line and "Proposed by TSG in 2024-2025" in line
    assert "to review" in line and "Accept" in line
    assert len(response.context["catalogue"].indicators) == Indicator.objects.count()
    act = ActivityCategory.objects.get(name="Conservation action")
    assert "provisional" in row(page, f'data-category-row="{act.pk}"')
    assert "provisional" in row(page, 'data-ksr-row="10"')
    assert "Conservation actions convened and mobilised" in row(page, 'data-ksr-row="10"')
    assert "1 proposal to review" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=proposed", ["Number of new members from Africa"]),
        ("component=act&kind=quantitative&q=sites",
         ["Number of sites where conservation actions were implemented"]),
        ("ksr=13", ["Number of digital communication outputs developed in relation to specific "
                    "taxonomic groups"]),
        ("flagged=yes", ["Number of new members from Africa"]),
    ],
)  # fmt: skip
def test_catalogue_filters(staff_client, report, query, expected):
    propose(report)

    response = staff_client.get(f"{CATALOGUE}?{query}")

    assert [i.text for i in response.context["catalogue"].indicators] == expected


def test_officer_does_not_see_provisional_marks(client, officer, report):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    client.force_login(officer)

    page = client.get(
        reverse("reports:activity_add", args=["TSG", "2024-2025", target.pk])
    ).content.decode()

    assert "KSR 10: Conservation actions convened and mobilised" in page
    assert "provisional" not in page.lower()


def test_accept_proposal_offers_it_to_every_group(staff_client, staff_user, report, officer):
    proposal = propose(report, by=officer)

    response = staff_client.post(reverse("staff:indicator_accept", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.needs_review, proposal.proposed_by) == (
        "standard", False, report.group,
    )  # fmt: skip
    other = factories.make_group(acronym="XSG")
    assert proposal in Indicator.objects.offered_to(other)
    change = CatalogueChange.objects.get(action="accepted")
    assert (change.by, change.indicator, change.summary) == (
        staff_user,
        proposal,
        "Accepted “Number of new members from Africa” (proposed by TSG) into the catalogue "
        "under Membership.",
    )
    history = staff_client.get(reverse("staff:catalogue_history")).content.decode()
    assert "Accepted “Number of new members from Africa” (proposed by TSG)" in history
    assert "TSG proposed “Number of new members from Africa”" in history


def test_accept_refused_when_catalogue_has_the_text(staff_client, report):
    proposal = propose(report, text="Number of SSC members recruited!")
    Indicator.objects.filter(pk=proposal.pk).update(text=RECRUITED.upper())

    response = staff_client.post(reverse("staff:indicator_accept", args=[proposal.pk]), follow=True)

    assert (
        f"The catalogue already has “{RECRUITED}” under Membership: merge the proposal into it "
        "instead." in response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert not CatalogueChange.objects.filter(action="accepted").exists()


def test_merge_moves_results_records_history_and_analytics_count_one(
    staff_client, staff_user, report, period
):
    other_report = factories.make_report(group=factories.make_group(acronym="ASG"), period=period)
    membership_activity(other_report, number=10)
    proposal = propose(report)
    activity = membership_activity(report, number=5, indicator=proposal)
    for item in (report, other_report):
        item.status = "submitted"
        item.save()
    before = network_figures(period)
    assert sorted((f.indicator.text, f.value) for f in before.indicators) == [
        (RECRUITED, 10),
        ("Number of new members from Africa", 5),
    ]

    response = staff_client.post(
        reverse("staff:indicator_merge", args=[proposal.pk]),
        {"into": factories.indicator(RECRUITED).pk},
        follow=True,
    )

    assert "“Number of new members from Africa” merged into “Number of SSC members recruited”: " \
           "1 result moved." in response.content.decode()  # fmt: skip
    result = Result.objects.get(activity=activity)
    assert result.indicator.text == RECRUITED
    proposal.refresh_from_db()
    assert (proposal.status, proposal.merged_into.text, proposal.results.count()) == (
        "retired", RECRUITED, 0,
    )  # fmt: skip
    after = network_figures(period)
    assert [(f.indicator.text, f.value, f.groups) for f in after.indicators] == [(RECRUITED, 15, 2)]
    change = CatalogueChange.objects.get(action="merged")
    assert (change.by, change.summary) == (
        staff_user,
        f"Merged “Number of new members from Africa” into “{RECRUITED}”: 1 result moved.",
    )
    record = result.history.first()
    assert (record.history_user, record.history_change_reason) == (
        staff_user,
        f"Indicator merged by SSC staff into “{RECRUITED}”",
    )
    entry = next(e for e in report_timeline(report) if e.what.startswith("Result"))
    assert (entry.who, [(c.label, c.after) for c in entry.changes]) == (
        staff_user,
        [("Indicator", RECRUITED)],
    )
    target_page = staff_client.get(
        reverse("staff:indicator_edit", args=[change.indicator.merged_into_id])
    )
    assert "Merged “Number of new members from Africa”" in target_page.content.decode()


def test_merge_refused_between_kinds_changes_nothing(staff_client, report):
    proposal = propose(report, text="What the new members bring", kind="qualitative")
    activity = membership_activity(report)
    Result.objects.filter(activity=activity).update(
        indicator=proposal, value_number=None, value_text="Coverage of Asia"
    )

    response = staff_client.post(
        reverse("staff:indicator_merge", args=[proposal.pk]),
        {"into": factories.indicator(RECRUITED).pk},
        follow=True,
    )

    assert (
        "“What the new members bring” takes a text and “Number of SSC members recruited” a "
        "number: their results cannot be merged." in response.content.decode()
    )
    assert Result.objects.get(activity=activity).indicator == proposal
    assert not CatalogueChange.objects.filter(action="merged").exists()


def test_rename_and_define_recorded_and_export_writes_current_text(
    staff_client, staff_user, smsg_report
):
    indicator = factories.indicator(RECRUITED)
    data = {"text": "Number of new SSC members", "definition": "Members appointed in the period.",
            "ksr": factories.ksr(2).pk, "kind": "quantitative"}  # fmt: skip

    response = staff_client.post(reverse("staff:indicator_edit", args=[indicator.pk]), data)

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.text, indicator.definition) == (data["text"], data["definition"])
    assert CatalogueChange.objects.get(action="edited").summary == (
        f"Indicator “{RECRUITED}”: renamed “{RECRUITED}” to “Number of new SSC members”; "
        "wrote its definition."
    )
    document, _ = build_document(smsg_report)
    texts = [r["indicator"] for a in document["activities"] for r in a["results"]]
    assert "Number of new SSC members" in texts and RECRUITED not in texts


def test_rename_clash_keeps_what_was_typed(staff_client, report):
    indicator = factories.indicator(RECRUITED)
    data = {"text": "other RESULT (describe)", "definition": "Typed definition",
            "kind": "quantitative"}  # fmt: skip

    response = staff_client.post(reverse("staff:indicator_edit", args=[indicator.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "“Other result (describe)” already exists under Membership: merge instead of renaming."
    ]
    page = response.content.decode()
    assert "other RESULT (describe)" in page and "Typed definition" in page
    indicator.refresh_from_db()
    assert indicator.text == RECRUITED


def test_retire_and_reinstate_indicator(staff_client, report):
    indicator = factories.indicator(RECRUITED)

    staff_client.post(reverse("staff:indicator_retire", args=[indicator.pk]))

    assert indicator not in Indicator.objects.offered_to(report.group)
    indicator.refresh_from_db()
    assert indicator.status == "retired"
    staff_client.post(reverse("staff:indicator_reinstate", args=[indicator.pk]))
    assert indicator in Indicator.objects.offered_to(report.group)
    assert list(CatalogueChange.objects.order_by("pk").values_list("action", flat=True)) == [
        "retired",
        "reinstated",
    ]


def test_category_rename_define_and_retire(staff_client, officer, client, report):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    support = ActivityCategory.objects.get(name="Support to conservation projects")
    response = staff_client.post(
        reverse("staff:category_edit", args=[support.pk]),
        {"name": "Project support", "definition": "Help to projects of others."},
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert (support.name, support.definition, support.provisional) == (
        "Project support", "Help to projects of others.", False,
    )  # fmt: skip
    assert CatalogueChange.objects.get(category=support).summary == (
        "Category “Support to conservation projects” (Act): renamed to “Project support”; "
        "changed its definition; provisional yes → no."
    )

    staff_client.post(reverse("staff:category_retire", args=[support.pk]))

    client.force_login(officer)
    form = client.get(reverse("reports:activity_add", args=["TSG", "2024-2025", target.pk]))
    assert [c.name for c in form.context["forms"]["form"].fields["category"].queryset] == [
        "Conservation action"
    ]


def test_category_name_clash_keeps_what_was_typed(staff_client):
    red_list = factories.category("Red List")

    response = staff_client.post(
        reverse("staff:category_edit", args=[red_list.pk]),
        {"name": "research ACTIVITIES", "definition": "Typed"},
    )

    assert response.context["form"].errors["name"] == [
        "Assess already has a category “Research activities”."
    ]
    assert "research ACTIVITIES" in response.content.decode()


def test_ksr_title_edit_clears_provisional_and_is_recorded(staff_client):
    ksr = factories.ksr(9)

    staff_client.post(
        reverse("staff:ksr_edit", args=[ksr.pk]),
        {"title": "Policies informed by species science", "text": ""},
    )

    ksr.refresh_from_db()
    assert (ksr.title, ksr.title_provisional) == ("Policies informed by species science", False)
    assert CatalogueChange.objects.get(ksr=ksr).summary == (
        "KSR 9: title “Conservation policies and guidelines” → “Policies informed by species "
        "science”; provisional title yes → no."
    )


@pytest.mark.parametrize("size", [1, 8])
def test_catalogue_pages_constant_queries(
    staff_client, report, size, django_assert_max_num_queries
):
    for n in range(size):
        proposal = propose(report, text=f"Number of new members from region {n}")
        membership_activity(report, code=f"T-{n + 1:03d}", indicator=proposal)
        staff_client.post(reverse("staff:indicator_retire", args=[proposal.pk]))

    with django_assert_max_num_queries(12):
        assert staff_client.get(CATALOGUE).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get(reverse("staff:catalogue_history")).status_code == 200


def test_import_unknown_text_is_groups_proposal_and_merged_text_follows(tmp_path, staff_user):
    folder, doc = copy_demo(tmp_path)
    doc["activities"][0]["results"].append(
        {"indicator": "Number of hedgehog road crossings built", "value": 3}
    )
    report = import_report(write(doc, folder))
    crossing = Indicator.objects.get(text="Number of hedgehog road crossings built")
    assert (crossing.status, crossing.proposed_by, crossing.proposed_in) == (
        "proposed", report.group, report,
    )  # fmt: skip
    assert CatalogueChange.objects.get(indicator=crossing).summary.startswith(
        "SMSG proposed “Number of hedgehog road crossings built”"
    )
    other_doc = json.loads(json.dumps(doc))
    other_doc["group"]["acronym"] = "HSG"
    other_folder, _ = copy_demo(tmp_path / "other")
    other_report = import_report(write(other_doc, other_folder))
    theirs = Indicator.objects.get(
        text="Number of hedgehog road crossings built", proposed_by=other_report.group
    )
    assert theirs != crossing

    into = factories.indicator("Number of new Green Status of Species assessments completed")
    merge_indicator(indicator=crossing, into=into, by=staff_user)
    import_report(write(doc, folder))

    assert Indicator.objects.filter(proposed_by=report.group).count() == 1
    assert Result.objects.filter(activity__report=report, indicator=into).count() == 2


def test_review_page_flags_results_under_a_proposed_indicator(staff_client, report):
    proposal = propose(report)
    membership_activity(report, indicator=proposal)
    membership_activity(report, code="T-002")

    page = staff_client.get(reverse("staff:review", args=["TSG", "2024-2025"])).content.decode()

    edit = reverse("staff:indicator_edit", args=[proposal.pk])
    assert page.count("proposed indicator</a>") == 1
    assert f'href="{edit}">proposed indicator</a>' in page


def test_category_merge_moves_activities_and_indicators(staff_client, staff_user, report):
    support = ActivityCategory.objects.get(name="Support to conservation projects")
    action = ActivityCategory.objects.get(name="Conservation action")
    target = factories.make_target(group=report.group, code="T-001", component="act")
    activity = factories.make_activity(
        report=report, target=target, category_name=support.name, ksr_number=10
    )
    projects = Indicator.objects.get(category=support, text__startswith="Number of conservation")
    other = Indicator.objects.get(category=support, text="Other result (describe)")
    counted = Result.objects.create(activity=activity, indicator=projects, value_number=3)
    described = Result.objects.create(activity=activity, indicator=other, value_text="Advice")

    response = staff_client.post(
        reverse("staff:category_merge", args=[support.pk]), {"into": action.pk}, follow=True
    )

    assert (
        "The category “Support to conservation projects” merged into “Conservation action”: "
        "1 activity moved." in response.content.decode()
    )
    activity.refresh_from_db()
    support.refresh_from_db()
    projects.refresh_from_db()
    other.refresh_from_db()
    assert (activity.category, support.retired) == (action, True)
    assert (projects.category, projects.status) == (action, "standard")
    assert (other.status, other.merged_into) == (
        "retired",
        Indicator.objects.get(category=action, text="Other result (describe)"),
    )
    counted.refresh_from_db()
    described.refresh_from_db()
    assert (counted.indicator, described.indicator) == (projects, other.merged_into)
    assert CatalogueChange.objects.get(category=support, indicator=None).summary == (
        "Merged the category “Support to conservation projects” into “Conservation action” "
        "(Act): 1 activity and 2 indicators moved."
    )
    assert activity.history.first().history_user == staff_user


def test_category_merge_refused_across_components(staff_client):
    red_list = factories.category("Red List")

    response = staff_client.post(
        reverse("staff:category_merge", args=[red_list.pk]),
        {"into": factories.category("Planning").pk},
        follow=True,
    )

    assert (
        "“Red List” is under Assess, “Planning” under Plan: merge only within one component."
        in response.content.decode()
    )
    red_list.refresh_from_db()
    assert not red_list.retired
