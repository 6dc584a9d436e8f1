import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from activities.models import Result
from ssc_reports.network import analytics
from tests import factories
from tests.network.conftest import RECRUITED, RED_LIST, TRAINED


def figures_by_text(figures):
    return {item.indicator.text: item for item in figures.indicators}


def buckets(items):
    return [(bucket.label, bucket.value, bucket.groups, bucket.results) for bucket in items]


def test_network_figures_submitted_scope_counts_approved_and_submitted(network):
    figures = analytics.network_figures(network.period, analytics.SCOPE_SUBMITTED)
    assert (figures.reports, figures.groups, figures.contributing_groups) == (4, 4, 4)
    by_text = figures_by_text(figures)
    assert [item.indicator.text for item in figures.standard] == [
        RED_LIST,
        TRAINED,
        RECRUITED,
    ]
    assert [item.indicator.text for item in figures.non_standard] == [
        "Number of bat boxes installed"
    ]
    red_list = by_text[RED_LIST]
    # BSG=1, ASG=2, RLA=3, CSS=4: results of 10i and i each.
    assert (red_list.value, red_list.results, red_list.groups) == (110, 8, 4)
    assert buckets(red_list.by_ksr) == [("KSR 6", 110, 4, 8)]
    assert buckets(red_list.by_component) == [("Assess", 110, 4, 8)]
    assert buckets(red_list.by_kind) == [
        ("Specialist Group", 33, 2, 4),
        ("Red List Authority", 33, 1, 2),
        ("Center for Species Survival", 44, 1, 2),
    ]
    # Each result counts fully in each of its target's regions (odd groups: Global and Africa).
    assert buckets(red_list.by_region) == [
        ("Global", 44, 2, 4),
        ("Africa", 44, 2, 4),
        ("Asia", 66, 2, 4),
    ]
    trained = by_text[TRAINED]
    assert trained.value == 25
    assert buckets(trained.by_region) == [("No region given", 25, 4, 4)]
    assert buckets(trained.by_ksr) == [("KSR 2", 25, 4, 4)]
    assert by_text["Number of bat boxes installed"].value == 410
    assert [r.activity.report.group.acronym for r in figures.qualitative] == [
        "ASG",
        "BSG",
        "RLA",
        "CSS",
    ]


def test_network_figures_approved_scope_leaves_submitted_and_drafts_out(network):
    figures = analytics.network_figures(network.period, analytics.SCOPE_APPROVED)
    by_text = figures_by_text(figures)
    assert (figures.reports, figures.contributing_groups) == (3, 3)
    assert by_text[RED_LIST].value == 66
    assert by_text[TRAINED].value == 15
    assert by_text[RECRUITED].value == 6


@pytest.mark.parametrize("scope", ["approved", "submitted"])
def test_network_totals_equal_sums_of_results(network, scope):
    figures = analytics.network_figures(network.period, scope)
    statuses = analytics.SCOPES[scope]
    expected = {
        row["indicator__text"]: row["total"]
        for row in Result.objects.filter(
            activity__report__period=network.period,
            activity__report__status__in=statuses,
            value_number__isnull=False,
        )
        .values("indicator__text")
        .annotate(total=Sum("value_number"))
    }
    assert {item.indicator.text: item.total for item in figures.indicators} == expected
    for item in figures.indicators:
        for dimension in ("ksr", "component", "kind"):
            assert sum(b.total for b in item.breakdown(dimension)) == item.total


def test_analytics_page_shows_totals_charts_and_how_we_count(client, staff_user, network):
    client.force_login(staff_user)
    response = client.get(reverse("network:analytics", args=["2024-2025"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "approved and submitted reports</strong> of 2024-2025 (4 reports)" in html
    assert "a result counts fully in <em>each</em> of its target's regions" in html
    assert "Network total: <strong>110</strong> from 8 results of 4 groups" in html
    # Four indicators, four breakdowns each; targets by status, overall and per component.
    assert html.count("<svg") == 4 * 4 + 2
    assert "<script" not in html.split("<footer")[0]
    assert ' style="' not in html
    overview, sections = html.split('id="overview"')[1].split("</table>", 1)
    assert sections.index("Standard indicators") < sections.index(RED_LIST)
    assert sections.index("Non-standard indicators") < sections.index(
        "Number of bat boxes installed"
    )
    assert re.findall(
        r'<a href="#indicator-\d+">([^<]+)</a></td><td>(\w[\w-]*)</td>', overview
    ) == [
        (RED_LIST, "Standard"),
        (TRAINED, "Standard"),
        (RECRUITED, "Standard"),
        ("Number of bat boxes installed", "Non-standard"),
    ]
    assert "&#x27;+Ongoing" not in html and "+Ongoing work on" in html
    response = client.get(reverse("network:analytics", args=["2024-2025"]), {"scope": "approved"})
    assert (
        "Network total: <strong>66</strong> from 6 results of 3 groups" in response.content.decode()
    )


def test_drilldown_lists_contributing_results(client, staff_user, network):
    client.force_login(staff_user)
    indicator = factories.indicator(RED_LIST)
    url = reverse("network:drilldown", args=["2024-2025", indicator.pk])
    html = client.get(url, {"scope": "submitted", "dimension": "region", "key": "asia"}).content
    html = html.decode()
    assert re.findall(r"\((\w+)\)</td>", html) == ["ASG", "ASG", "CSS", "CSS"]
    assert '<strong class="drilldown-total">66</strong>' in html
    assert "Region: Asia" in html
    html = client.get(url, {"scope": "approved", "dimension": "kind", "key": "red_list_authority"})
    assert re.findall(r"\((\w+)\)</td>", html.content.decode()) == ["RLA", "RLA"]
    html = client.get(url).content.decode()
    assert (
        re.findall(r"\((\w+)\)</td>", html) == ["ASG"] * 2 + ["BSG"] * 2 + ["RLA"] * 2 + ["CSS"] * 2
    )


def test_drilldown_with_unknown_bucket_lists_nothing(client, staff_user, network):
    client.force_login(staff_user)
    indicator = factories.indicator(RED_LIST)
    url = reverse("network:drilldown", args=["2024-2025", indicator.pk])
    for params in (
        {"dimension": "ksr", "key": "six"},
        {"dimension": "region", "key": "atlantis"},
        {"dimension": "kind", "key": "club"},
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "No results." in response.content.decode()
    # An unknown dimension shows the whole total.
    html = client.get(url, {"dimension": "colour", "key": "red"}).content.decode()
    assert '<strong class="drilldown-total">110</strong>' in html
    html = client.get(url, {"dimension": "region", "key": "none"}).content.decode()
    assert "No results." in html  # every Red List target has a region


def test_analytics_is_staff_only(client, officer, network):
    client.force_login(officer)
    assert client.get(reverse("network:analytics", args=["2024-2025"])).status_code == 404
    indicator = factories.indicator(RED_LIST)
    url = reverse("network:drilldown", args=["2024-2025", indicator.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 60])
def test_analytics_page_bounded_queries(client, staff_user, django_assert_max_num_queries, size):
    period = factories.make_period()
    for g in range(3 if size > 1 else 1):
        group = factories.make_group(acronym=f"BIG{g}")
        report = factories.make_report(group=group, period=period, status="approved")
        for n in range(size):
            target = factories.make_target(
                group=group, code=f"T-{n + 1:03d}", regions=("global", "asia")
            )
            activity = factories.make_activity(report=report, target=target)
            factories.make_result(activity=activity, indicator_text=RED_LIST, number=Decimal(2))
            factories.make_result(activity=activity, indicator_text=RED_LIST, text="A text")
    client.force_login(staff_user)
    indicator = factories.indicator(RED_LIST)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:analytics", args=["2024-2025"]))
    assert f"Network total: <strong>{2 * size * (3 if size > 1 else 1)}</strong>" in (
        response.content.decode()
    )
    with django_assert_max_num_queries(10):
        client.get(reverse("network:drilldown", args=["2024-2025", indicator.pk]))
