"""The pages the audits visit (tests/browser/test_accessibility.py with axe-core,
tests/core/test_html_validity.py with the Nu HTML checker): every page the permission matrix
(tests/test_permissions.py) lets a role GET, every form an empty POST re-shows with errors,
for the matrix's world and for a full one (the SMSG demo report)."""

from django.db.models import Count

from groups.models import Membership
from ssc_reports.models.review import ReviewComment
from tests import factories
from tests.test_permissions import MATRIX, ROLES

# Pages the matrix lets a role GET that are not HTML (files, JSON, CSV, XLSX).
# test_not_html_pages_are_not_html checks that each of them is really not HTML.
NOT_HTML = {
    "media",
    "report_pdf_status",
    "network:export_results",
    "network:export_statuses",
    "network:report_export",
    "network:compilation_status",
    "network:compilation_download",
    "review:approved_pdf",
    "healthz",
    "plans:pdf_status",
    "plans_staff:export",
}
# The forms that an empty POST re-shows with errors (EDIT_POST, STAFF_FORM_POST); the
# rich-text preview answers a fragment, not a page.
FORM_POSTS = {
    role: sorted(
        name
        for name, rows in MATRIX.items()
        for method, expected in rows
        if method == "post" and expected[ROLES.index(role)] == 200 and name != "richtext_preview"
    )
    for role in ("officer", "staff")
}


def html_pages(role: str) -> list[str]:
    """The URL names the matrix answers 200 to a GET by `role`, HTML pages only."""
    index = ROLES.index(role)
    return [
        name
        for name, rows in MATRIX.items()
        for method, expected in rows
        if method == "get" and expected[index] == 200 and name not in NOT_HTML
    ]


def full_world(world: dict) -> dict:
    """The same objects as the permission matrix's `world`, for the SMSG demo report (12
    targets, activities with results, officers with photos, photos, a logo), whose group
    the matrix's officer also belongs to."""
    from ssc_reports.interchange.importer import import_report

    report = import_report(factories.SMSG_DEMO_DIR / "report.json")
    membership = Membership.objects.create(group=report.group, user=world["users"]["officer"])
    activity = report.activities.annotate(n=Count("results")).filter(n=1).order_by("pk").first()
    return {
        **world,
        "report": report,
        "target": activity.target,
        "activity": activity,
        "photo": report.photos.order_by("pk").first(),
        "comment": ReviewComment.objects.create(
            report=report, section="activities", text="Which *species*?"
        ),
        "membership": membership,
    }
