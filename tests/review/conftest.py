import pytest

from ssc_reports.models import Report
from ssc_reports.review.workflow import submit_report
from tests import factories


@pytest.fixture
def second_staff(db):
    return factories.make_user(username="staff2", staff=True)


@pytest.fixture
def complete_report(report, officer):
    """A report with one target (status), one activity with a number result, and texts."""
    group = report.group
    group.mission = "Save the test species."
    group.save()
    factories.make_officer(group=group, name="Ada Chair")
    target = factories.make_target(group=group, code="T-001", title="Assess all species")
    factories.set_status(report=report, target=target, status="on_track")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=12, description="Twelve assessments.")
    report.projected_impact = "Every species assessed."
    report.acknowledgements = "Thanks to all members."
    report.save()
    return report


@pytest.fixture
def submitted_report(complete_report, officer):
    return submit_report(report=complete_report, by=officer)


def status_of(report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)
