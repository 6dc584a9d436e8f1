"""The HTML structure the accessibility audit needs, page by page, through the test client:
a fieldset and legend per repeated row, unique ids and one label per control, "Error:" in the
title after a failed save, image fields without storage names, plain alternative texts,
aria-sort on the header cell, plurals, the favicon and the header's identity."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from tests import factories


class Markup(HTMLParser):
    """Every element's attributes, in order; the <title> and <legend> texts."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self.legends: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("title", "legend"):
            self._in = tag
            if tag == "legend":
                self.legends.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "legend":
            self.legends[-1] += data

    def ids(self) -> Counter:
        return Counter(attrs["id"] for _, attrs in self.elements if "id" in attrs)

    def labels_for(self) -> Counter:
        return Counter(attrs["for"] for tag, attrs in self.elements if tag == "label")

    def controls(self) -> list[dict]:
        return [
            attrs
            for tag, attrs in self.elements
            if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden"
        ]


def page(client, url) -> Markup:
    response = client.get(url)
    assert response.status_code == 200, url
    return Markup(response.content.decode())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def base(report):
    return f"/reports/{report.group.acronym}/{report.period.label}"


def assert_ids_unique_and_controls_labelled(markup: Markup):
    duplicates = sorted(key for key, count in markup.ids().items() if count > 1)
    assert duplicates == []
    labels = markup.labels_for()
    for attrs in markup.controls():
        named = attrs.get("aria-label") or attrs.get("aria-labelledby")
        assert named or labels[attrs.get("id")] == 1, attrs


def test_officer_rows_are_fieldsets_with_numbered_legends(client, officer, report, base):
    factories.make_officer(group=report.group, name="Ada Chair")
    factories.make_officer(group=report.group, name="Bo Vice")
    client.force_login(officer)

    markup = page(client, f"{base}/group/")

    assert [squash(text) for text in markup.legends] == [
        "Officers",
        "Officer 1",
        "Officer 2",
        "Officer 3",  # the extra empty row
    ]
    assert_ids_unique_and_controls_labelled(markup)


def test_result_rows_are_fieldsets_with_numbered_legends(client, officer, report, base):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=3)
    factories.make_result(activity=activity, number=4)
    client.force_login(officer)

    markup = page(client, f"{base}/activities/{activity.pk}/")

    legends = [squash(text) for text in markup.legends]
    assert [text for text in legends if text.startswith("Result")] == [
        "Results",
        "Result 1",
        "Result 2",
        "Result 3",  # the <template> of a new row, numbered again by formset.js
    ]
    assert_ids_unique_and_controls_labelled(markup)


def test_failed_save_puts_error_first_in_the_title(client, officer, report, base):
    client.force_login(officer)
    assert page(client, f"{base}/group/").title == "Group information · TSG 2024-2025 · IUCN SSC"

    response = client.post(
        f"{base}/group/", {"version": report.group.version, "members_count": "lots"}
    )

    assert response.status_code == 200
    assert Markup(response.content.decode()).title == (
        "Error: Group information · TSG 2024-2025 · IUCN SSC"
    )


def test_failed_staff_form_puts_error_first_in_the_title(client, staff_user, period):
    client.force_login(staff_user)
    assert page(client, "/staff/periods/new/").title.startswith("Open a reporting period")

    response = client.post("/staff/periods/new/", {"label": "soon"})

    assert Markup(response.content.decode()).title.startswith("Error: Open a reporting period")


def test_image_field_shows_a_thumbnail_and_remove_never_the_storage_name(
    client, officer, report, base
):
    from django.core.files.base import ContentFile

    group = report.group
    group.logo.save("stored-name-abc123.png", ContentFile(factories.png_bytes()), save=True)
    client.force_login(officer)

    html = client.get(f"{base}/group/").content.decode()

    name = group.logo.name
    assert html.count(name) == 1  # the thumbnail's src only
    assert f'<img class="image-thumbnail" src="/media/{name}" alt="Current logo">' in html
    assert '<label class="form-check-label" for="logo-clear_id">Remove the logo</label>' in html
    assert squash(re.search(r'<label\s+for="id_logo"[^>]*>(.*?)</label>', html, re.S).group(1)) == (
        "Replace the logo"
    )
    assert "Currently" not in html and "Clear" not in html


def test_photo_alt_text_is_plain_text(client, officer, report, base):
    factories.make_photo(report=report, caption="A *Microtus* vole by [us](https://example.org)")
    client.force_login(officer)

    html = client.get(f"{base}/photos/").content.decode()

    assert 'alt="A Microtus vole by us"' in html


def test_review_page_has_unique_ids_and_one_label_per_field(client, staff_user, report):
    report.status = "submitted"
    report.save()
    client.force_login(staff_user)

    markup = page(client, f"/staff/review/{report.group.acronym}/{report.period.label}/")

    assert_ids_unique_and_controls_labelled(markup)
    labels = markup.labels_for()
    assert labels["id_decision_reason"] == 1
    assert labels["id_extension_reason"] == 1


def test_dashboard_sorted_column_has_aria_sort_on_its_header_cell(client, staff_user, report):
    client.force_login(staff_user)

    html = client.get("/staff/", {"period": report.period.label, "sort": "-group"}).content.decode()

    assert re.findall(r"<(\w+)[^>]*aria-sort=\"(\w+)\"", html) == [("th", "descending")]
    assert "1 group</span>" in html
    assert "1 of 1 group shown." in html
    assert 'class="badge badge-report-draft"' in html


def test_every_page_has_the_favicon_and_the_iucn_ssc_header(client, officer):
    client.force_login(officer)

    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert (
        '<span class="brand-org">IUCN SSC</span> <span class="brand-app">SSC Reports</span>' in html
    )
    assert '<link rel="stylesheet" href="/static/css/palette.css">' in html
