"""Report pages answer in the same bounded number of queries for 1 target and for 60
targets with 200 results."""

import pytest
from django.urls import reverse

from tests import factories

COMPONENTS = [  # (component, category, KSR) with an indicator in the catalogue
    ("assess", "Red List", 6),
    ("plan", "Planning", 8),
    ("network", "Membership", 2),
    ("communicate", "Communication", 12),
]

# Session, user, membership check and report load are part of every count. Section pages
# add one query for the reviewers' comments on that section ({% section_comments %}); every
# report page one for the state of its PDF ({% pdf_notice %}); the group and targets sections
# one for whether a final PDF of the group is pending (they are read-only meanwhile); the
# overview and the submit page one for the unresolved threads per section.
MAX_QUERIES = {
    "detail": 14,
    "targets": 10,
    "activities": 10,
    "preview": 11,
    "group": 8,
    "submit": 10,
}


def _fill(report, *, targets: int, results: int):
    factories.make_officer(group=report.group)
    made = []
    for n in range(targets):
        component, category, ksr = COMPONENTS[n % len(COMPONENTS)]
        target = factories.make_target(
            group=report.group, code=f"T-{n + 1:03d}", component=component
        )
        factories.set_status(report=report, target=target)
        activity = factories.make_activity(
            report=report, target=target, category_name=category, ksr_number=ksr
        )
        made.append(activity)
        if n < 5:
            factories.make_photo(report=report, component=component)
    for n in range(results):
        factories.make_result(activity=made[n % len(made)], number=n)


@pytest.mark.parametrize("page", sorted(MAX_QUERIES))
@pytest.mark.parametrize(("targets", "results"), [(1, 1), (60, 200)], ids=["small", "large"])
def test_report_page_query_count_bounded(
    client, officer, report, page, targets, results, django_assert_max_num_queries
):
    _fill(report, targets=targets, results=results)
    client.force_login(officer)
    url = reverse(f"reports:{page}", args=[report.group.acronym, report.period.label])

    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


def test_home_query_count_bounded(client, officer, report, django_assert_max_num_queries):
    _fill(report, targets=60, results=200)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("results", [1, 25])
def test_activity_form_query_count_bounded(
    client, officer, report, results, django_assert_max_num_queries
):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    for n in range(results):
        factories.make_result(activity=activity, number=n)
    client.force_login(officer)
    url = reverse(
        "reports:activity_edit", args=[report.group.acronym, report.period.label, activity.pk]
    )

    with django_assert_max_num_queries(11):  # 9, the reviewers' comments, the PDF notice
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["forms"]["results"].forms) == results
