"""URL x role matrix of the review side (anonymous, officer of another group, officer, staff).
Staff pages answer 404 to officers; anonymous users are sent to log in. Joins
tests/test_permissions.py once the officers' matrix lands there."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ssc_reports import review_urls, staff_urls
from ssc_reports.models import Report
from ssc_reports.review_models import ReviewComment
from tests import factories

ROLES = ["anonymous", "other", "officer", "staff"]
LOGIN = "/accounts/login/"


@pytest.fixture
def world(report, officer, other_officer, staff_user):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    comment = ReviewComment.objects.create(
        report=report, section="targets", text="x", author=staff_user
    )
    approved_group = factories.make_group(acronym="APG")
    factories.make_member(group=approved_group, user=officer)
    approved = factories.make_report(
        group=approved_group, period=report.period, status=Report.Status.APPROVED
    )
    approved.approved_pdf.save("a.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    membership = report.group.memberships.get(user=officer)
    return {
        "users": {"other": other_officer, "officer": officer, "staff": staff_user},
        "comment": comment,
        "membership": membership,
    }


def _cases(world):
    r = ("TSG", "2024-2025")
    staff_get = {"anonymous": 302, "other": 404, "officer": 404, "staff": 200}
    staff_post = {"anonymous": 302, "other": 404, "officer": 404, "staff": 302}
    group_get = {"anonymous": 302, "other": 404, "officer": 200, "staff": 200}
    everyone = {"anonymous": 200, "other": 200, "officer": 200, "staff": 200}
    return [
        ("staff:dashboard", (), "get", staff_get),
        ("staff:periods", (), "get", staff_get),
        ("staff:period_create", (), "get", staff_get),
        ("staff:groups", (), "get", staff_get),
        ("staff:members", ("TSG",), "get", staff_get),
        ("staff:member_remove", ("TSG", world["membership"].pk), "post", staff_post),
        ("staff:review", r, "get", staff_get),
        ("staff:return", r, "post", staff_post),
        ("staff:approve", ("TSG", "2024-2025"), "post", staff_post),
        ("staff:reopen", r, "post", staff_post),
        ("staff:comment_add", r, "post", staff_post),
        ("staff:comment_resolve", (*r, world["comment"].pk), "post", staff_post),
        ("staff:extension", r, "post", staff_post),
        ("review:timeline", r, "get", group_get),
        ("review:approved_pdf", ("APG", "2024-2025"), "get", group_get),
        ("invitation_accept", ("MQ", "bad-token"), "get", everyone),
    ]


def test_every_review_url_is_in_the_matrix(world):
    names = {f"staff:{p.name}" for p in staff_urls.urlpatterns}
    names |= {f"review:{p.name}" for p in review_urls.urlpatterns}
    names.add("invitation_accept")
    assert names == {name for name, *_ in _cases(world)}


@pytest.mark.parametrize("role", ROLES)
def test_review_urls_by_role(client, world, role, settings):
    settings.AXES_ENABLED = False
    if role != "anonymous":
        client.force_login(world["users"][role])
    failures = []
    for name, args, method, expected in _cases(world):
        url = reverse(name, args=args)
        # Actions do nothing harmful here: approve has no PDF module needs (the report is
        # submitted but the approve POST by officers never reaches the service).
        if name == "staff:approve" and role == "staff":
            continue  # covered by the workflow tests (renders a real PDF)
        response = getattr(client, method)(url)
        if response.status_code != expected[role]:
            failures.append((name, role, response.status_code, expected[role]))
        if role == "anonymous" and expected[role] == 302:
            assert response.url.startswith(LOGIN), (name, response.url)
    assert failures == []
