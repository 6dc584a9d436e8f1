import io
from decimal import Decimal

import pytest
from django.urls import reverse

from groups.models import GroupKind
from ssc_reports.models import Plan
from ssc_reports.planning.overview import plan_overview, shares
from ssc_reports.planning.services import add_planned_target
from targets.models import KSR, Region
from tests import factories
from tests.planning.conftest import LABEL


@pytest.mark.parametrize(
    "counts", [[1, 1, 1], [2, 1, 0, 0, 0], [7, 3, 5, 11, 13], [0, 0], [1, 2, 3, 4, 5, 6, 7]]
)
def test_shares_sum_to_exactly_100(counts):
    result = shares(counts)

    assert sum(result) == (Decimal(100) if sum(counts) else 0)
    for count, share in zip(counts, result, strict=True):
        assert abs(share - Decimal(100) * count / (sum(counts) or 1)) < Decimal("0.01")


def _add(plan, component, ksr_number, regions=("global",)):
    ksr = KSR.objects.get(quadrennium=plan.planning.quadrennium, number=ksr_number)
    return add_planned_target(plan=plan, component=component, title=f"{component} {ksr_number}",
                              ksr=ksr, regions=list(Region.objects.filter(code__in=regions)),
                              by=plan.group.memberships.get().user)  # fmt: skip


@pytest.fixture
def network(planning, plan, group, other_officer):
    """TSG (specialist group, submitted): 2 assess, 1 act. OSG (submitted): 1 network.
    A third group's draft: 1 plan (not counted unless drafts are asked for)."""
    _add(plan, "assess", 5, ("africa", "asia"))
    _add(plan, "assess", 6)
    _add(plan, "act", 10, ("africa",))
    other = planning.plans.get(group__acronym="OSG")
    _add(other, "network", 1)
    draft_group = factories.make_group(acronym="DTF", kind=GroupKind.TASK_FORCE)
    factories.make_member(group=draft_group)
    from ssc_reports.planning.services import plan_for

    _add(plan_for(group=draft_group, planning=planning), "plan", 8)
    Plan.objects.filter(group__acronym__in=["TSG", "OSG"]).update(status="submitted")
    # The previous quadrennium: 3 targets, 1 assess and 2 act.
    factories.make_target(group=group, code="T-001", component="assess")
    factories.make_target(group=group, code="T-002", component="act")
    factories.make_target(group=group, code="T-003", component="act")
    return planning


def test_overview_counts_match_the_targets(network):
    overview = plan_overview(network)

    assert overview.total == 4 and overview.groups == 2
    assert [(r.key, r.count, r.share, r.previous_share) for r in overview.by_component] == [
        ("assess", 2, Decimal("50.00"), Decimal("33.33")),
        ("plan", 0, Decimal("0.00"), Decimal("0.00")),
        ("act", 1, Decimal("25.00"), Decimal("66.67")),
        ("network", 1, Decimal("25.00"), Decimal("0.00")),
        ("communicate", 0, Decimal("0.00"), Decimal("0.00")),
    ]
    assert sum(r.share for r in overview.by_component) == 100
    assert sum(r.share for r in overview.by_ksr) == 100
    assert {r.key: r.count for r in overview.by_ksr if r.count} == {"5": 1, "6": 1, "10": 1,
                                                                    "1": 1}  # fmt: skip
    regions = {r.key: (r.count, r.share) for r in overview.by_region if r.count}
    assert regions == {"africa": (2, Decimal("50.00")), "asia": (1, Decimal("25.00")),
                       "global": (2, Decimal("50.00"))}  # fmt: skip
    kinds = {r.key: (r.count, r.groups) for r in overview.by_kind if r.count}
    assert kinds == {"specialist_group": (4, 2)}


def test_overview_with_drafts_counts_every_plan(network):
    overview = plan_overview(network, include_drafts=True)

    assert overview.total == 5
    assert {r.key: r.count for r in overview.by_kind if r.count} == {
        "specialist_group": 4, "task_force": 1}  # fmt: skip


def test_drilldown_and_charts_on_the_staff_page(client, network, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("plans_staff:round", args=[LABEL]), {"region": "africa"})

    page = response.content.decode()
    drill = page[page.index('id="drilldown-targets"') :]
    assert drill.count("<tr>") == 3  # the header and the two targets naming Africa
    assert "assess 5" in drill and "act 10" in drill and "assess 6" not in drill
    assert "<title>Targets by component: Assess 2; Plan 0; Act 1; Network 1; Communicate 0" in page
    assert (
        '<tr data-key="assess"><td>' in page and "50.00&nbsp;%" in page and "33.33&nbsp;%" in page
    )


def test_export_csv_and_xlsx(client, network, staff_user):
    from openpyxl import load_workbook

    client.force_login(staff_user)

    csv_text = client.get(reverse("plans_staff:export", args=[LABEL, "csv"])).content.decode()
    xlsx = client.get(reverse("plans_staff:export", args=[LABEL, "xlsx"])).content

    lines = csv_text.lstrip("\ufeff").strip().split("\r\n")
    assert lines[0] == ("Group,Acronym,Kind of group,Plan status,Code,Component,Title,Main KSR,"
                        "Regions,Carried from")  # fmt: skip
    assert len(lines) == 5
    assert 'TSG,Specialist Group,Submitted,T-001,Assess,assess 5,5,"Africa, Asia",' in csv_text
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 5 and sheet.cell(2, 5).value in {"T-001", "T-002", "T-003"}
    assert client.get(reverse("plans_staff:export", args=[LABEL, "pdf"])).status_code == 404


def test_staff_round_page_queries_do_not_grow_with_plans(
    client, network, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse("plans_staff:round", args=[LABEL])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(5):
        group = factories.make_group(acronym=f"X{n}")
        factories.make_member(group=group)
        from ssc_reports.planning.services import plan_for

        extra = plan_for(group=group, planning=network)
        _add(extra, "assess", 5)
        Plan.objects.filter(pk=extra.pk).update(status="submitted")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
