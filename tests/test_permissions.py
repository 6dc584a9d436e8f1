"""ONE matrix: every URL of the project x every role, with the expected status code.

Roles: anonymous, officer of another group, officer of the report's group, staff. Report
pages answer 404 outside the user's scope; staff see everything read-only (their POSTs to
report pages answer 403). `test_matrix_covers_every_url` fails when a URL pattern is added
without a row here. Only the admin site is left out (Django's own permission checks).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from groups.models import Membership
from ssc_reports.models.review import ReviewComment
from tests import factories

ROLES = ("anonymous", "other_officer", "officer", "staff")
EXCLUDED_NAMESPACES = {"admin"}

# name: [(method, (anonymous, other officer, officer, staff)), ...]
# Anonymous users are redirected to the log-in page (302) by LoginRequiredMiddleware.
PAGE = ("get", (302, 404, 200, 200))
ACTION_GET = ("get", (302, 404, 405, 405))
ACTION_POST = ("post", (302, 404, 302, 403))
EDIT_POST = ("post", (302, 404, 200, 403))  # an empty POST re-shows the form with errors
STAFF_PAGE = ("get", (302, 404, 404, 200))
STAFF_FORM_POST = ("post", (302, 404, 404, 200))  # an empty POST re-shows the form with errors
STAFF_ACTION_GET = ("get", (302, 404, 404, 405))
STAFF_ACTION_POST = ("post", (302, 404, 404, 302))  # refused or done: message and redirect

MATRIX = {
    "home": [("get", (302, 200, 200, 200))],
    "login": [("get", (200, 200, 200, 200))],
    "logout": [("get", (302, 405, 405, 405)), ("post", (302, 302, 302, 302))],
    "password_change": [("get", (302, 200, 200, 200))],
    "password_change_done": [("get", (302, 200, 200, 200))],
    "password_reset": [("get", (200, 200, 200, 200))],
    "password_reset_done": [("get", (200, 200, 200, 200))],
    "password_reset_confirm": [("get", (200, 200, 200, 200))],
    "password_reset_complete": [("get", (200, 200, 200, 200))],
    "media": [PAGE],  # a photo of the report
    "reports:detail": [PAGE],
    "reports:start": [("get", (302, 405, 405, 405)), ("post", (302, 404, 302, 302))],
    "reports:group": [PAGE, EDIT_POST],
    "reports:impact": [PAGE, EDIT_POST],
    "reports:targets": [PAGE, ("post", (302, 404, 302, 403))],  # statuses from the list
    "reports:targets_confirm": [ACTION_GET, ACTION_POST],
    "reports:target_add": [PAGE, EDIT_POST],
    "reports:target_edit": [PAGE, EDIT_POST],
    "reports:target_retire": [ACTION_GET, ACTION_POST],
    "reports:target_reinstate": [ACTION_GET, ACTION_POST],
    "reports:target_delete": [ACTION_GET, ACTION_POST],
    "reports:activities": [PAGE],
    "reports:activity_add": [PAGE, EDIT_POST],
    "reports:activity_edit": [PAGE, EDIT_POST],
    "reports:activity_delete": [ACTION_GET, ACTION_POST],
    "reports:photos": [PAGE, EDIT_POST],
    "reports:photo_edit": [PAGE, EDIT_POST],
    "reports:photo_delete": [ACTION_GET, ACTION_POST],
    "reports:acknowledgements": [PAGE, EDIT_POST],
    "reports:preview": [PAGE],
    "reports:submit": [PAGE, ("post", (302, 404, 302, 403))],
    # The language of the stand-alone PDF: the group's officers and staff (until approved).
    "reports:pdf_language": [ACTION_GET, ("post", (302, 404, 302, 302))],
    # The header's language switcher: anyone, signed in or not; it redirects back.
    "set_language": [("get", (405, 405, 405, 405)), ("post", (302, 302, 302, 302))],
    "report_pdf": [PAGE],  # the PDF download (or the page saying it is being prepared)
    "report_pdf_status": [PAGE],  # the state of its render, as JSON
    # The network's staff pages (ssc_reports/network/urls.py): 404 to everyone but staff.
    "network:index": [STAFF_PAGE],
    "network:exports": [STAFF_PAGE],
    "network:export_results": [STAFF_PAGE],
    "network:export_statuses": [STAFF_PAGE],
    "network:report_export": [STAFF_PAGE],
    "network:analytics": [STAFF_PAGE],
    "network:drilldown": [STAFF_PAGE],
    "network:compile": [STAFF_PAGE, ("post", (302, 404, 404, 302))],
    "network:introduction": [STAFF_PAGE, STAFF_FORM_POST],
    "network:compilation": [STAFF_PAGE],
    "network:compilation_status": [STAFF_PAGE],
    "network:compilation_retry": [
        ("get", (302, 404, 404, 405)),
        ("post", (302, 404, 404, 302)),
    ],
    "network:compilation_download": [STAFF_PAGE],
    # Review side: staff pages answer 404 to officers; their actions are POST-only.
    "staff:dashboard": [STAFF_PAGE],
    "staff:periods": [STAFF_PAGE],
    "staff:period_create": [STAFF_PAGE, STAFF_FORM_POST],
    "staff:groups": [STAFF_PAGE],
    "staff:members": [STAFF_PAGE, STAFF_FORM_POST],
    "staff:member_remove": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:review": [STAFF_PAGE],
    "staff:return": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:approve": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:reopen": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:comment_add": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:comment_resolve": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:extension": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    # The catalogue (ssc_reports/review/catalogue_views.py): staff only.
    "staff:catalogue": [STAFF_PAGE],
    "staff:catalogue_history": [STAFF_PAGE],
    "staff:indicator_edit": [STAFF_PAGE, STAFF_FORM_POST],
    "staff:indicator_accept": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:indicator_merge": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:indicator_retire": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:indicator_reinstate": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:category_edit": [STAFF_PAGE, STAFF_FORM_POST],
    "staff:category_retire": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:category_merge": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:category_reinstate": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "staff:ksr_edit": [STAFF_PAGE, STAFF_FORM_POST],
    "review:timeline": [PAGE],
    "review:approved_pdf": [PAGE],
    # Comment threads: the group's officers and staff reply and resolve (POST-only).
    "review:comment_reply": [ACTION_GET, ("post", (302, 404, 302, 302))],
    "review:comment_resolve": [ACTION_GET, ("post", (302, 404, 302, 302))],
    # Plans (ssc_reports/planning/): the group's officers edit, staff read and decide.
    "plans:detail": [PAGE, EDIT_POST],
    "plans:target_add": [PAGE, EDIT_POST],
    "plans:target_edit": [PAGE, EDIT_POST],
    "plans:target_delete": [ACTION_GET, ACTION_POST],
    "plans:carry": [ACTION_GET, ACTION_POST],
    "plans:submit": [ACTION_GET, ACTION_POST],
    "plans:comment": [ACTION_GET, ("post", (302, 404, 302, 302))],
    "plans:pdf": [PAGE],  # the "preparing" page until the worker rendered it
    "plans:pdf_status": [PAGE],
    "plans_staff:index": [STAFF_PAGE],
    "plans_staff:open": [STAFF_PAGE, STAFF_FORM_POST],
    "plans_staff:round": [STAFF_PAGE],
    "plans_staff:export": [STAFF_PAGE],
    "plans_staff:deadline": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "plans_staff:return": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "plans_staff:approve": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "plans_staff:reopen": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "plans_staff:extension": [STAFF_ACTION_GET, STAFF_ACTION_POST],
    "invitation_accept": [("get", (200, 200, 200, 200))],
    # The rich-text editor's preview: any signed-in user, POST only, nothing stored.
    "richtext_preview": [("get", (302, 405, 405, 405)), ("post", (302, 200, 200, 200))],
    "healthz": [("get", (200, 200, 200, 200)), ("post", (405, 405, 405, 405))],
}


def _url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            if inner in EXCLUDED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            yield from _url_names(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"


def test_matrix_covers_every_url():
    names = set(_url_names(get_resolver().url_patterns))
    assert sorted(names - set(MATRIX)) == []
    assert sorted(set(MATRIX) - names) == []


@pytest.fixture
def world(db, group, report, officer, other_officer, staff_user):
    target = factories.make_target(group=group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity)
    photo = factories.make_photo(report=report)
    unstarted = factories.make_period(label="2025-2026")
    comment = ReviewComment.objects.create(report=report, section="targets", text="Why?")
    membership = Membership.objects.get(group=group, user=officer)
    earlier = factories.make_report(
        group=group, period=factories.make_period(label="2023-2024"), status="approved"
    )
    earlier.approved_pdf.save("approved.pdf", ContentFile(b"%PDF-1.7"), save=True)
    users = {"anonymous": None, "other_officer": other_officer, "officer": officer,
             "staff": staff_user}  # fmt: skip
    return {"report": report, "target": target, "activity": activity, "photo": photo,
            "unstarted": unstarted, "users": users, "comment": comment,
            "membership": membership, "earlier": earlier}  # fmt: skip


def _compilation(world):
    """A finished compilation of the report's period, with its file."""
    from django.core.files.base import ContentFile

    from ssc_reports.models.compilation import Compilation

    if "compilation" not in world:
        compilation = Compilation.objects.create(
            period=world["report"].period, status="done", total=1, done=1
        )
        compilation.file.save("compilations/test.pdf", ContentFile(b"%PDF-1.4 test"))
        world["compilation"] = compilation
    return world["compilation"]


def _planned_target(world):
    """2026-2029 open for planning (a plan for every group), and one target in the group's."""
    import datetime

    from ssc_reports.models import PlanningRound
    from ssc_reports.planning.services import add_planned_target, open_quadrennium, plan_for
    from targets.models import KSR

    if "planned_target" not in world:
        # A second world (the audits' full one) shares the quadrennium the first one opened.
        planning = PlanningRound.objects.filter(
            quadrennium__label="2026-2029"
        ).first() or open_quadrennium(
            label="2026-2029",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2029, 12, 31),
            copy_from="2021-2025",
        )
        plan = plan_for(group=world["report"].group, planning=planning)
        world["planned_target"] = add_planned_target(
            plan=plan, component="assess", title="Assess", by=world["users"]["officer"],
            ksr=KSR.objects.get(quadrennium=planning.quadrennium, number=5))  # fmt: skip
    return world["planned_target"]


def _url(name, world):
    report = world["report"]
    base = [report.group.acronym, report.period.label]
    extra = {
        "reports:start": lambda: [report.group.acronym, world["unstarted"].label],
        "reports:target_edit": lambda: [*base, world["target"].pk],
        "reports:target_retire": lambda: [*base, world["target"].pk],
        "reports:target_reinstate": lambda: [*base, world["target"].pk],
        "reports:target_delete": lambda: [*base, world["target"].pk],
        "reports:activity_add": lambda: [*base, world["target"].pk],
        "reports:activity_edit": lambda: [*base, world["activity"].pk],
        "reports:activity_delete": lambda: [*base, world["activity"].pk],
        "reports:photo_edit": lambda: [*base, world["photo"].pk],
        "reports:photo_delete": lambda: [*base, world["photo"].pk],
        "password_reset_confirm": lambda: ["MQ", "set-password"],
        "network:exports": lambda: [report.period.label],
        "network:export_results": lambda: [report.period.label, "csv"],
        "network:export_statuses": lambda: [report.period.label, "xlsx"],
        "network:report_export": lambda: [report.period.label, report.group.acronym, "json"],
        "network:analytics": lambda: [report.period.label],
        "network:drilldown": lambda: [
            report.period.label,
            world["activity"].results.get().indicator_id,
        ],
        "network:compile": lambda: [report.period.label],
        "network:introduction": lambda: [report.period.label],
        "network:compilation": lambda: [_compilation(world).pk],
        "network:compilation_status": lambda: [_compilation(world).pk],
        "network:compilation_retry": lambda: [_compilation(world).pk],
        "network:compilation_download": lambda: [_compilation(world).pk],
        "media": lambda: [world["photo"].image.name],
        "report_pdf": lambda: base,
        "report_pdf_status": lambda: base,
        "staff:members": lambda: [report.group.acronym],
        "staff:member_remove": lambda: [report.group.acronym, world["membership"].pk],
        "staff:comment_resolve": lambda: [*base, world["comment"].pk],
        "review:comment_reply": lambda: [*base, world["comment"].pk],
        "review:comment_resolve": lambda: [*base, world["comment"].pk],
        "review:approved_pdf": lambda: [report.group.acronym, world["earlier"].period.label],
        **{
            name: lambda: [world["activity"].results.get().indicator_id]
            for name in (
                "staff:indicator_edit",
                "staff:indicator_accept",
                "staff:indicator_merge",
                "staff:indicator_retire",
                "staff:indicator_reinstate",
            )
        },  # fmt: skip
        **{
            name: lambda: [world["activity"].category_id]
            for name in (
                "staff:category_edit",
                "staff:category_retire",
                "staff:category_merge",
                "staff:category_reinstate",
            )
        },  # fmt: skip
        "staff:ksr_edit": lambda: [world["activity"].ksr_id],
        "invitation_accept": lambda: ["MQ", "bad-token"],
        "plans_staff:index": lambda: [],
        "plans_staff:open": lambda: [],
        "plans_staff:round": lambda: [_planned_target(world).plan.planning.quadrennium.label],
        "plans_staff:export": lambda: [_planned_target(world) and "2026-2029", "csv"],
        "plans_staff:deadline": lambda: [_planned_target(world) and "2026-2029"],
        **{
            name: lambda: ["2026-2029", _planned_target(world).plan.group.acronym]
            for name in (
                "plans_staff:return",
                "plans_staff:approve",
                "plans_staff:reopen",
                "plans_staff:extension",
            )
        },  # fmt: skip
        **{
            name: lambda: [report.group.acronym, "2026-2029", _planned_target(world).pk]
            for name in ("plans:target_edit", "plans:target_delete")
        },  # fmt: skip
    }
    if name.startswith("plans:") and name not in extra:
        _planned_target(world)
        return reverse(name, args=[report.group.acronym, "2026-2029"])
    if name in extra:
        return reverse(name, args=extra[name]())
    if name.startswith(("reports:", "staff:review", "staff:return", "staff:approve",
                         "staff:reopen", "staff:comment_add", "staff:extension",
                         "review:")):  # fmt: skip
        return reverse(name, args=base)
    return reverse(name)


CASES = [
    pytest.param(name, method, role, expected[index], id=f"{name}-{method}-{role}")
    for name, rows in MATRIX.items()
    for method, expected in rows
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_permission_matrix(client, world, name, method, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = _url(name, world)

    response = getattr(client, method)(url)

    assert response.status_code == expected, (url, role, response.content[:300])
    # Log-out and the language switcher answer anonymous users too: they redirect back.
    if expected == 302 and role == "anonymous" and name not in ("logout", "set_language"):
        assert response.url.startswith(reverse("login"))
