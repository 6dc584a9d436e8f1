"""A small network for the exports, analytics and compilation tests."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from activities.models import Indicator, Result
from groups.models import GroupKind
from ssc_reports.models import Report
from tests import factories

RED_LIST = "Number of new global Red List assessments completed"
TRAINED = "Number of people trained in conservation planning"
RECRUITED = "Number of SSC members recruited"


@dataclass
class Network:
    period: object
    reports: dict  # acronym -> Report
    custom: Indicator


def build_network() -> Network:
    """Four groups: three approved, one submitted, one draft; several kinds and regions."""
    period = factories.make_period()
    custom = Indicator.objects.create(
        text="Number of bat boxes installed", standard=False, needs_review=True
    )
    specs = [
        ("BSG", "IUCN SSC Bear Specialist Group", GroupKind.SPECIALIST_GROUP, "approved"),
        ("ASG", "IUCN SSC Amphibian Specialist Group", GroupKind.SPECIALIST_GROUP, "approved"),
        ("RLA", "IUCN SSC Reptile Red List Authority", GroupKind.RED_LIST_AUTHORITY, "approved"),
        (
            "CSS",
            "Center for Species Survival Zoo",
            GroupKind.CENTER_FOR_SPECIES_SURVIVAL,
            "submitted",
        ),
        ("DSG", "IUCN SSC Draft Specialist Group", GroupKind.SPECIALIST_GROUP, "draft"),
    ]
    reports = {}
    for index, (acronym, name, kind, status) in enumerate(specs, start=1):
        group = factories.make_group(acronym=acronym, name=name, kind=kind)
        report = factories.make_report(group=group, period=period, status=status)
        reports[acronym] = report
        assess = factories.make_target(
            group=group,
            code="T-002",
            component="assess",
            title=f"Assess the {acronym} species",
            regions=("global", "africa") if index % 2 else ("asia",),
        )
        network = factories.make_target(
            group=group, code="T-001", component="network", title="Grow the network", regions=()
        )
        factories.set_status(report=report, target=assess, status="on_track")
        factories.set_status(report=report, target=network, status="achieved")
        red_list = factories.make_activity(
            report=report, target=assess, category_name="Red List", ksr_number=6
        )
        factories.make_result(
            activity=red_list, indicator_text=RED_LIST, number=10 * index, description="Assessed"
        )
        factories.make_result(
            activity=red_list,
            indicator_text=RED_LIST,
            number=index,
            description='=HYPERLINK("http://evil.example") and more',
        )
        research = factories.make_activity(
            report=report, target=assess, category_name="Research activities", ksr_number=5
        )
        factories.make_result(
            activity=research,
            indicator_text="Number of new Green Status of Species assessments completed",
            text="+Ongoing work on *Ursus*",
            description="@mention text",
        )
        training = factories.make_activity(
            report=report, target=network, category_name="Capacity building", ksr_number=2
        )
        factories.make_result(
            activity=training, indicator_text=TRAINED, number=2.5 * index, description="-minus"
        )
        membership = factories.make_activity(
            report=report, target=network, category_name="Membership", ksr_number=2
        )
        factories.make_result(activity=membership, indicator_text=RECRUITED, number=index)
        Result.objects.create(
            activity=membership, indicator=custom, value_number=Decimal(100 + index), order=5
        )
    return Network(period=period, reports=reports, custom=custom)


@pytest.fixture
def network(db):
    return build_network()


def counted(network, statuses=(Report.Status.APPROVED, Report.Status.SUBMITTED)):
    return [r for r in network.reports.values() if r.status in statuses]
