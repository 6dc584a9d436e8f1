"""The report pages through the test client: forms save, refuse bad input keeping what was
typed, refuse stale saves, and turn read-only after submission."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Indicator, Result
from groups.models import Officer
from ssc_reports.models import Photo, Report
from targets.models import Target, TargetStatus
from tests import factories


def url(report, name, *args):
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def group_data(report, **overrides):
    data = {
        "version": report.group.version,
        "mission": "Conserve *small* mammals.",
        "members_count": "120",
        "website": "https://small-mammals.org",
        "social_links": "https://www.facebook.com/iucnsmsg\nhttps://twitter.com/IUCN_SMSG",
        "officers-TOTAL_FORMS": "0",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_group_info_saves_fields_and_officers(officer_client, report):
    data = group_data(
        report,
        **{
            "officers-TOTAL_FORMS": "2",
            "officers-0-name": "Rosie Kennerley",
            "officers-0-role": "co_chair",
            "officers-0-affiliation": "Durrell",
            "officers-0-order": "1",
            "officers-1-name": "Someone Else",
            "officers-1-role": "other",
            "officers-1-title": "Conservation Coordinator",
            "officers-1-order": "2",
        },
    )

    response = officer_client.post(url(report, "group"), data)

    assert response.status_code == 302
    group = report.group
    group.refresh_from_db()
    assert group.mission == "Conserve *small* mammals."
    assert group.members_count == 120
    assert group.social_links == [
        "https://www.facebook.com/iucnsmsg",
        "https://twitter.com/IUCN_SMSG",
    ]
    assert group.version == 2
    assert list(Officer.objects.filter(group=group).values_list("name", "role", "title")) == [
        ("Rosie Kennerley", "co_chair", ""),
        ("Someone Else", "other", "Conservation Coordinator"),
    ]


def test_group_info_bad_input_names_fields_and_keeps_values(officer_client, report):
    data = group_data(
        report,
        social_links="https://ok.example.org\nnot a link",
        **{
            "officers-TOTAL_FORMS": "1",
            "officers-0-name": "Typed Name",
            "officers-0-role": "other",
            "officers-0-title": "",
        },
    )

    response = officer_client.post(url(report, "group"), data)

    assert response.status_code == 200
    form, officers = response.context["forms"]["form"], response.context["forms"]["officers"]
    assert form.errors == {
        "social_links": ["Not a web address starting with https:// or http://: not a link"]
    }
    assert officers.forms[0].errors == {
        "title": ["An officer with the role 'Other' needs a title."]
    }
    html = response.content.decode()
    assert "Conserve *small* mammals." in html
    assert 'value="Typed Name"' in html
    assert "not a link" in html
    report.group.refresh_from_db()
    assert report.group.mission == ""
    assert Officer.objects.count() == 0


def test_group_info_logo_refuses_non_image(officer_client, report):
    fake = SimpleUploadedFile("logo.png", b"not really a png", content_type="image/png")

    response = officer_client.post(url(report, "group"), {**group_data(report), "logo": fake})

    assert response.status_code == 200
    assert list(response.context["forms"]["form"].errors) == ["logo"]
    report.group.refresh_from_db()
    assert not report.group.logo


def test_group_info_logo_accepts_real_image(officer_client, report):
    logo = SimpleUploadedFile("logo.png", factories.png_bytes(), content_type="image/png")

    response = officer_client.post(url(report, "group"), {**group_data(report), "logo": logo})

    assert response.status_code == 302
    report.group.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", report.group.logo.name)  # server's name


def test_second_concurrent_save_refused_and_text_kept(officer_client, report):
    first = officer_client.get(url(report, "impact"))
    assert first.context["forms"]["form"]["version"].value() == 1
    officer_client.post(url(report, "impact"), {"version": 1, "projected_impact": "First text"})

    response = officer_client.post(
        url(report, "impact"), {"version": 1, "projected_impact": "Second text"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this section while you were editing" in html
    assert "Second text</textarea>" in html
    assert "<p>First text</p>" in html  # what is saved now, shown to compare
    report.refresh_from_db()
    assert (report.projected_impact, report.version) == ("First text", 2)
    # The re-shown form carries the current version: saving again is a deliberate overwrite.
    assert response.context["forms"]["form"]["version"].value() == 2
    again = officer_client.post(
        url(report, "impact"), {"version": 2, "projected_impact": "Second text"}
    )
    assert again.status_code == 302
    report.refresh_from_db()
    assert (report.projected_impact, report.version) == ("Second text", 3)


def test_group_info_concurrent_save_keeps_officer_rows_unwritten(officer_client, report):
    officer_client.post(url(report, "group"), group_data(report, mission="Theirs"))

    data = group_data(
        report,
        mission="Mine",
        **{"officers-TOTAL_FORMS": "1", "officers-0-name": "New", "officers-0-role": "chair"},
    )
    data["version"] = 1
    response = officer_client.post(url(report, "group"), data)

    assert response.status_code == 409
    assert Officer.objects.count() == 0
    report.group.refresh_from_db()
    assert report.group.mission == "Theirs"


def test_acknowledgements_save(officer_client, report):
    response = officer_client.post(
        url(report, "acknowledgements"), {"version": 1, "acknowledgements": "Thanks **all**."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.acknowledgements == "Thanks **all**."


def target_data(**overrides):
    data = {"code": "T-001", "component": "assess", "title": "Publish assessments",
            "regions": [], "status": "on_track"}  # fmt: skip
    data.update(overrides)
    return data


def test_target_add_saves_target_and_status(officer_client, report):
    response = officer_client.post(url(report, "target_add"), target_data())

    assert response.status_code == 302
    target = Target.objects.get(group=report.group, code="T-001")
    assert target.quadrennium == report.period.quadrennium
    assert TargetStatus.objects.get(report=report, target=target).status == "on_track"


def test_target_add_suggests_next_free_code(officer_client, report):
    factories.make_target(group=report.group, code="T-007")
    response = officer_client.get(url(report, "target_add"))
    assert response.context["forms"]["form"]["code"].value() == "T-008"


def test_target_add_duplicate_code_refused_with_field_error(officer_client, report):
    factories.make_target(group=report.group, code="T-001")

    response = officer_client.post(url(report, "target_add"), target_data(title="Typed"))

    assert response.status_code == 200
    assert response.context["forms"]["form"].errors == {
        "code": ["Your group already has a target T-001."]
    }
    assert "Typed</textarea>" in response.content.decode()
    assert Target.objects.count() == 1


def test_target_component_change_refused_when_it_has_activities(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    factories.make_activity(report=report, target=target)

    response = officer_client.post(
        url(report, "target_edit", target.pk),
        target_data(component="plan", version=target.version),
    )

    assert response.status_code == 200
    assert list(response.context["forms"]["form"].errors) == ["component"]
    target.refresh_from_db()
    assert target.component == "assess"


def test_target_edit_stale_version_refused(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    Target.objects.filter(pk=target.pk).update(version=5, title="Changed meanwhile")

    response = officer_client.post(
        url(report, "target_edit", target.pk), target_data(title="Mine", version=1)
    )

    assert response.status_code == 409
    target.refresh_from_db()
    assert target.title == "Changed meanwhile"


def test_target_in_use_is_retired_not_deleted(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    factories.set_status(report=report, target=target)

    page = officer_client.get(url(report, "targets")).content.decode()
    assert "Retire T-001" in page and "Delete T-001" not in page

    response = officer_client.post(url(report, "target_delete", target.pk), follow=True)
    assert "can be retired, not deleted" in response.content.decode()
    assert Target.objects.filter(pk=target.pk).exists()

    officer_client.post(url(report, "target_retire", target.pk))
    target.refresh_from_db()
    assert target.retired is True
    page = officer_client.get(url(report, "targets")).content.decode()
    assert 'data-retired-target="T-001"' in page


def test_unused_target_can_be_deleted(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    assert "Delete T-001" in officer_client.get(url(report, "targets")).content.decode()

    response = officer_client.post(url(report, "target_delete", target.pk))

    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()


@pytest.fixture
def text_indicator(db):
    return Indicator.objects.create(
        text="Main Red List outcome described",
        category=factories.category("Red List"),
        kind=Indicator.Kind.QUALITATIVE,
        definition="What changed thanks to the assessments.",
    )


def activity_data(results, **overrides):
    data = {"category": factories.category("Red List").pk, "ksr": factories.ksr(6).pk,
            "results-TOTAL_FORMS": str(len(results)), "results-INITIAL_FORMS": "0",
            "results-MIN_NUM_FORMS": "0", "results-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, result in enumerate(results):
        for key, value in result.items():
            data[f"results-{index}-{key}"] = value
    data.update(overrides)
    return data


def test_activity_add_with_number_and_text_results(officer_client, report, text_indicator):
    target = factories.make_target(group=report.group, code="T-001")
    number_indicator = factories.indicator("Number of new global Red List assessments completed")
    data = activity_data(
        [
            {"indicator": number_indicator.pk, "value_number": "25", "description": "New ones"},
            {"indicator": text_indicator.pk, "value_text": "Regional lists", "value_number": ""},
        ],
        ssc_grant_awarded="on",
    )

    response = officer_client.post(url(report, "activity_add", target.pk), data)

    assert response.status_code == 302
    activity = Activity.objects.get(report=report)
    assert (activity.target, activity.ssc_grant_awarded) == (target, True)
    assert [(r.indicator_id, r.value, r.order) for r in activity.results.order_by("order")] == [
        (number_indicator.pk, 25, 0),
        (text_indicator.pk, "Regional lists", 1),
    ]


def test_activity_result_missing_number_keeps_typed_values(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    number_indicator = factories.indicator("Number of new global Red List assessments completed")
    data = activity_data(
        [{"indicator": number_indicator.pk, "value_number": "", "description": "Typed story"}]
    )

    response = officer_client.post(url(report, "activity_add", target.pk), data)

    assert response.status_code == 200
    assert response.context["forms"]["results"].forms[0].errors == {
        "value_number": ["This indicator needs a number."]
    }
    assert "Typed story</textarea>" in response.content.decode()
    assert Activity.objects.count() == 0


def test_activity_category_of_another_component_refused(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001", component="assess")

    response = officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data([], category=factories.category("Planning").pk),
    )

    assert response.status_code == 200
    assert list(response.context["forms"]["form"].errors) == ["category"]


def test_activity_indicator_of_another_category_refused(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    green = factories.indicator("Number of new Green Status of Species assessments completed")

    response = officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data([{"indicator": green.pk, "value_number": "3"}]),
    )

    assert response.status_code == 200
    assert response.context["forms"]["results"].forms[0].errors == {
        "indicator": ["This indicator belongs to another category than the activity."]
    }


def test_activity_edit_removes_result_and_bumps_version(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    kept = factories.make_result(activity=activity, number=2)
    dropped = factories.make_result(activity=activity, number=3)
    data = activity_data(
        [
            {"id": kept.pk, "indicator": kept.indicator_id, "value_number": "7"},
            {"id": dropped.pk, "indicator": dropped.indicator_id, "value_number": "3",
             "DELETE": "on"},
        ],
        version=1,
        **{"results-INITIAL_FORMS": "2"},
    )  # fmt: skip

    response = officer_client.post(url(report, "activity_edit", activity.pk), data)

    assert response.status_code == 302
    assert list(Result.objects.values_list("pk", "value_number")) == [(kept.pk, 7)]
    activity.refresh_from_db()
    assert activity.version == 2


def test_activity_delete(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity)

    response = officer_client.post(url(report, "activity_delete", activity.pk))

    assert response.status_code == 302
    assert Activity.objects.count() == 0 and Result.objects.count() == 0


def test_photo_upload_accepts_real_image(officer_client, report):
    image = SimpleUploadedFile("bat.jpg", factories.jpeg_bytes(), content_type="image/jpeg")

    response = officer_client.post(
        url(report, "photos"),
        {"image": image, "caption": "A *Myotis*", "credit": "A. B.", "component": "assess"},
    )

    assert response.status_code == 302
    photo = Photo.objects.get(report=report)
    assert (photo.caption, photo.credit, photo.component) == ("A *Myotis*", "A. B.", "assess")


def test_photo_upload_refuses_fake_image_and_keeps_caption(officer_client, report):
    fake = SimpleUploadedFile("bat.png", b"GIF89a not a png", content_type="image/png")

    response = officer_client.post(
        url(report, "photos"), {"image": fake, "caption": "Typed caption", "credit": ""}
    )

    assert response.status_code == 200
    assert list(response.context["forms"]["form"].errors) == ["image"]
    assert "Typed caption</textarea>" in response.content.decode()
    assert Photo.objects.count() == 0


def test_photo_edit_and_delete(officer_client, report):
    photo = factories.make_photo(report=report)

    page = officer_client.get(url(report, "photo_edit", photo.pk))
    assert page.context["forms"]["form"]["version"].value() == 1

    response = officer_client.post(
        url(report, "photo_edit", photo.pk),
        {"version": 1, "caption": "New", "credit": "C", "component": ""},
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.component, photo.version) == ("New", "C", "", 2)

    officer_client.post(url(report, "photo_delete", photo.pk))
    assert Photo.objects.count() == 0


def test_photo_edit_second_concurrent_save_refused_and_caption_kept(officer_client, report):
    photo = factories.make_photo(report=report)
    first = officer_client.post(
        url(report, "photo_edit", photo.pk),
        {"version": 1, "caption": "First caption", "credit": "First Credit", "component": ""},
    )
    assert first.status_code == 302

    response = officer_client.post(
        url(report, "photo_edit", photo.pk),
        {"version": 1, "caption": "Second caption", "credit": "Second Credit", "component": ""},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this section while you were editing" in html
    assert "Second caption</textarea>" in html
    assert 'value="Second Credit"' in html
    assert "<p>First caption</p>" in html  # what is saved now, shown to compare
    assert "<p>First Credit</p>" in html
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.version) == ("First caption", "First Credit", 2)
    # The re-shown form carries the current version: saving again is a deliberate overwrite.
    assert response.context["forms"]["form"]["version"].value() == 2
    again = officer_client.post(
        url(report, "photo_edit", photo.pk),
        {"version": 2, "caption": "Second caption", "credit": "Second Credit", "component": ""},
    )
    assert again.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.version) == ("Second caption", "Second Credit", 3)


def test_photo_edit_without_version_refused_and_caption_kept(officer_client, report):
    photo = factories.make_photo(report=report, caption="Saved")

    response = officer_client.post(
        url(report, "photo_edit", photo.pk), {"caption": "Typed", "credit": "", "component": ""}
    )

    assert response.status_code == 200
    assert "Typed</textarea>" in response.content.decode()
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("Saved", 1)


def _make_complete(report):
    group = report.group
    group.mission = "Mission"
    group.save()
    factories.make_officer(group=group)
    report.projected_impact = "Impact"
    report.save()
    target = factories.make_target(group=group, code="T-001")
    factories.set_status(report=report, target=target)
    factories.make_result(activity=factories.make_activity(report=report, target=target))


def test_submit_blocked_while_checklist_incomplete(officer_client, report):
    page = officer_client.get(url(report, "submit")).content.decode()
    assert "The mission statement is empty." in page
    assert 'disabled aria-disabled="true">Submit the report' in page

    response = officer_client.post(url(report, "submit"), follow=True)

    assert "cannot be submitted yet: 5 items are missing" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_submit_then_report_read_only_for_group(officer_client, report):
    _make_complete(report)

    response = officer_client.post(url(report, "submit"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.events.get().new_status == "submitted"
    page = officer_client.get(url(report, "impact"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>Submitted.</strong> SSC staff are reviewing it; it is read-only" in html
    assert "disabled" in html.split('name="projected_impact"')[1].split(">")[0]
    refused = officer_client.post(url(report, "impact"), {"version": 1, "projected_impact": "x"})
    assert refused.status_code == 403
    assert "This report is submitted: it is read-only." in refused.content.decode()
    report.refresh_from_db()
    assert report.projected_impact == "Impact"


def test_staff_see_edit_pages_read_only_and_cannot_post(client, staff_user, report):
    client.force_login(staff_user)

    page = client.get(url(report, "group")).content.decode()
    assert "only the group&#x27;s officers edit them" in page
    response = client.post(url(report, "group"), group_data(report))
    assert response.status_code == 403


def test_closed_period_report_read_only(officer_client, report):
    report.period.is_open = False
    report.period.save()

    response = officer_client.post(url(report, "impact"), {"version": 1, "projected_impact": "x"})

    assert response.status_code == 403
    assert "The 2024-2025 reporting period is closed." in response.content.decode()


def test_start_report_view_carries_over(officer_client, group, period):
    previous = factories.make_report(
        group=group, period=factories.make_period(label="2023-2024"), projected_impact="Kept"
    )
    target = factories.make_target(group=group, code="T-001")
    factories.set_status(report=previous, target=target, status="achieved")

    response = officer_client.post(reverse("reports:start", args=[group.acronym, period.label]))

    report = Report.objects.get(group=group, period=period)
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert report.projected_impact == "Kept"
    assert report.target_statuses.get().status == "achieved"


def test_start_report_view_refuses_closed_period(officer_client, group):
    closed = factories.make_period(label="2020-2021", is_open=False)
    response = officer_client.post(reverse("reports:start", args=[group.acronym, closed.label]))
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_home_lists_group_periods_status_and_checklist(officer_client, report):
    factories.make_period(label="2025-2026")

    html = officer_client.get(reverse("home")).content.decode()

    assert "IUCN SSC Test Specialist Group (TSG)" in html
    assert "Open the TSG 2024-2025 report" in html
    assert f"Deadline {report.period.submission_deadline:%-d %B %Y}" in html
    assert f'href="{url(report, "group")}">Group information</a>:' in html
    assert "Start the 2025-2026 report" in html


def test_home_staff_sees_all_reports(client, staff_user, report):
    client.force_login(staff_user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{url(report, "detail")}">IUCN SSC Test Specialist Group (TSG) 2024-2025' in html


def test_preview_shows_sections_in_order_with_rich_text(officer_client, report):
    _make_complete(report)
    report.acknowledgements = "<script>alert(1)</script> *Thanks*"
    report.save()

    page = officer_client.get(url(report, "preview")).content.decode()
    html = page.split('class="report-preview')[1]

    order = [
        "Group information",
        "Mission statement",
        "Projected impact",
        "Targets for",
        "Activities and results for",
        "Acknowledgements",
        "Summary of achievements",
    ]
    positions = [html.index(f'">{title}') for title in order]  # headings, not the nav
    assert positions == sorted(positions)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <em>Thanks</em>" in html
    assert "<script>alert(1)" not in html


def test_target_statuses_saved_from_list(officer_client, report):
    first = factories.make_target(group=report.group, code="T-001")
    second = factories.make_target(group=report.group, code="T-002")
    factories.set_status(report=report, target=second, status="on_track")

    response = officer_client.post(
        url(report, "targets"),
        {f"status-{first.pk}": "achieved", f"loaded-{first.pk}": "",
         f"status-{second.pk}": "", f"loaded-{second.pk}": "on_track"},
    )  # fmt: skip

    assert response.status_code == 302
    assert dict(TargetStatus.objects.values_list("target__code", "status")) == {"T-001": "achieved"}


def test_target_statuses_stale_choice_refused_and_choices_kept(officer_client, report):
    first = factories.make_target(group=report.group, code="T-001")
    second = factories.make_target(group=report.group, code="T-002")
    factories.set_status(report=report, target=second, status="achieved")  # meanwhile

    response = officer_client.post(
        url(report, "targets"),
        {f"status-{first.pk}": "on_track", f"loaded-{first.pk}": "",
         f"status-{second.pk}": "not_initiated", f"loaded-{second.pk}": ""},
    )  # fmt: skip

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed some of these statuses" in html
    assert "Changed meanwhile by someone else to: Achieved." in html
    assert '<option value="not_initiated" selected>' in html
    assert '<option value="on_track" selected>' in html
    assert dict(TargetStatus.objects.values_list("target__code", "status")) == {"T-002": "achieved"}


def test_other_text_of_report_saved_meanwhile_does_not_block_save(officer_client, report):
    impact_form = officer_client.get(url(report, "impact")).context["forms"]["form"]
    ack_form = officer_client.get(url(report, "acknowledgements")).context["forms"]["form"]
    officer_client.post(
        url(report, "impact"),
        {"version": impact_form["version"].value(), "projected_impact": "Impact by Ana",
         "fingerprint": impact_form["fingerprint"].value()},
    )  # fmt: skip

    response = officer_client.post(
        url(report, "acknowledgements"),
        {"version": ack_form["version"].value(), "acknowledgements": "Thanks by Ben",
         "fingerprint": ack_form["fingerprint"].value()},
    )  # fmt: skip

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.projected_impact, report.acknowledgements, report.version) == (
        "Impact by Ana",
        "Thanks by Ben",
        3,
    )


def test_same_text_saved_meanwhile_still_refused_with_fingerprint(officer_client, report):
    form = officer_client.get(url(report, "impact")).context["forms"]["form"]
    data = {"version": form["version"].value(), "fingerprint": form["fingerprint"].value()}
    officer_client.post(url(report, "impact"), {**data, "projected_impact": "First"})

    response = officer_client.post(url(report, "impact"), {**data, "projected_impact": "Second"})

    assert response.status_code == 409
    report.refresh_from_db()
    assert report.projected_impact == "First"


def test_target_edit_keeps_status_changed_meanwhile_from_list(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    factories.set_status(report=report, target=target, status="on_track")
    form = officer_client.get(url(report, "target_edit", target.pk)).context["forms"]["form"]
    assert form["loaded_status"].value() == "on_track"
    factories.set_status(report=report, target=target, status="achieved")  # from the list

    untouched = officer_client.post(
        url(report, "target_edit", target.pk),
        target_data(title="New title", status="on_track", loaded_status="on_track", version=1),
    )

    assert untouched.status_code == 302
    assert TargetStatus.objects.get(target=target).status == "achieved"
    assert Target.objects.get(pk=target.pk).title == "New title"


def test_target_edit_status_changed_by_both_refused(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001")
    factories.set_status(report=report, target=target, status="achieved")  # meanwhile

    response = officer_client.post(
        url(report, "target_edit", target.pk),
        target_data(title="Mine", status="not_initiated", loaded_status="on_track", version=1),
    )

    assert response.status_code == 409
    assert "Someone else changed some of these statuses" in response.content.decode()
    assert response.context["forms"]["form"]["loaded_status"].value() == "achieved"
    target.refresh_from_db()
    assert (target.title, target.version) == ("Target T-001", 1)
    assert TargetStatus.objects.get(target=target).status == "achieved"


def test_home_lists_earlier_reports_of_closed_periods(officer_client, report):
    closed = factories.make_period(label="2022-2023", is_open=False)
    old = factories.make_report(group=report.group, period=closed, status="approved")
    factories.make_report(group=factories.make_group(), period=closed)

    html = officer_client.get(reverse("home")).content.decode()

    assert html.count('id="earlier-reports"') == 1
    assert f'href="{url(old, "preview")}">TSG 2022-2023</a>' in html
    assert html.count("2022-2023</a>") == 1


def test_officer_row_removed_and_fake_photo_refused(officer_client, report):
    kept = factories.make_officer(group=report.group, name="Kept", order=1)
    gone = factories.make_officer(group=report.group, name="Gone", order=2)
    fake = SimpleUploadedFile("face.jpg", b"<svg></svg>", content_type="image/jpeg")
    base = {"officers-TOTAL_FORMS": "2", "officers-INITIAL_FORMS": "2",
            "officers-0-id": kept.pk, "officers-0-name": "Kept", "officers-0-role": "chair",
            "officers-0-order": "1",
            "officers-1-id": gone.pk, "officers-1-name": "Gone", "officers-1-role": "chair",
            "officers-1-order": "2", "officers-1-DELETE": "on"}  # fmt: skip

    refused = officer_client.post(
        url(report, "group"), group_data(report, **base, **{"officers-0-photo": fake})
    )
    assert refused.status_code == 200
    assert refused.context["forms"]["officers"].forms[0].errors == {
        "photo": ["The file is not a readable PNG, JPEG or WebP image."]
    }
    assert Officer.objects.count() == 2

    saved = officer_client.post(url(report, "group"), group_data(report, **base))
    assert saved.status_code == 302
    assert list(Officer.objects.values_list("name", flat=True)) == ["Kept"]
