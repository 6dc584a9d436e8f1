"""Two saves of one group at the same instant, on PostgreSQL: both succeed, both are in the
history, and the stored progress equals a fresh computation afterwards.

Each pair runs as two real transactions (two threads, two connections) through the officers'
pages or the workflow service. The first stops inside its transaction after its first writes;
the second is started and runs until it has finished or waits for a row lock (read from
pg_stat_activity, not guessed from a sleep); then the first goes on. Before the lock order of
ssc_reports.entry.progress.lock_progress_scope, the first and third pairs deadlocked: each
transaction held one report of the group and waited for the other's, and PostgreSQL aborted one
of them (the officer got an error page).

Needs PostgreSQL row locks: SQLite writes one transaction at a time for the whole database, so
two writers never hold a row each and the second would only wait for SQLite's busy timeout
(tests/review/test_sqlite_race.py covers what SQLite does instead)."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Result
from groups.models import Group
from ssc_reports.entry.progress import refresh_report_progress, stale_report_progress
from ssc_reports.entry.views import activities as activity_views
from ssc_reports.entry.views import sections, targets
from ssc_reports.models import Report, ReportEvent
from ssc_reports.review import workflow
from targets.models import Target, TargetStatus
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SQLite writes one transaction at a time)",
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT = 30  # seconds; a step that takes longer has hung


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests empty the tables after each test, the migrations' reference data
    included: load it again (idempotent), as tests/review/test_concurrency.py does."""
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


@pytest.fixture
def two_reports(db):
    """A group with two open reports (two periods of the quadrennium), two targets and two
    officers, each with a logged-in client that answers errors with a page (as a browser
    sees them) rather than raising."""
    group = factories.make_group(acronym="DSG")
    future = timezone.localdate() + datetime.timedelta(days=60)
    first = factories.make_report(
        group=group, period=factories.make_period(label="2022-2023", deadline=future)
    )
    second = factories.make_report(
        group=group, period=factories.make_period(label="2024-2025", deadline=future)
    )
    assert first.pk < second.pk
    factories.make_target(group=group, code="T-001")
    factories.make_target(group=group, code="T-002")
    clients = {}
    for username in ("ann", "bob"):
        user = factories.make_member(group=group, user=factories.make_user(username=username))
        clients[username] = Client(raise_request_exception=False)
        clients[username].force_login(user)
    refresh_report_progress(everything=True)
    return {"group": group, "first": first, "second": second, "clients": clients}


def url(report, name, *args):
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


class Meeting:
    """The first write stops at `stop` (inside its transaction) until the second has finished
    or waits for a lock; then both run to their end."""

    def __init__(self):
        self.first_inside = threading.Event()
        self.go_on = threading.Event()

    def stop_here(self):
        if threading.current_thread().name == "first":
            self.first_inside.set()
            assert self.go_on.wait(WAIT), "the second write never finished nor waited"

    def hold(self, monkeypatch, owner, name):
        """Stop the first write when `owner.name` (a function it calls inside its
        transaction, after writing) returns."""
        original = getattr(owner, name)

        def held(*args, **kwargs):
            result = original(*args, **kwargs)
            self.stop_here()
            return result

        monkeypatch.setattr(owner, name, held)

    def run(self, first, second):
        outcomes, pids = {}, {}

        def run(name, action):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pids[name] = cursor.fetchone()[0]
                outcomes[name] = action()
            except Exception as error:  # noqa: BLE001 - reported by the assertions
                outcomes[name] = repr(error)
            finally:
                connection.close()

        threads = {
            name: threading.Thread(target=run, args=(name, action), name=name)
            for name, action in (("first", first), ("second", second))
        }
        threads["first"].start()
        assert self.first_inside.wait(WAIT), outcomes
        threads["second"].start()
        self._until_done_or_waiting(threads["second"], pids)
        self.go_on.set()
        for thread in threads.values():
            thread.join(WAIT * 2)
            assert not thread.is_alive()
        return outcomes["first"], outcomes["second"]

    @staticmethod
    def _until_done_or_waiting(thread, pids):
        give_up = time.monotonic() + WAIT
        while time.monotonic() < give_up:
            if not thread.is_alive():
                return
            if "second" in pids:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [pids["second"]],
                    )
                    row = cursor.fetchone()
                if row is not None and row[0] == "Lock":
                    return
            time.sleep(0.02)
        raise AssertionError("the second write neither finished nor waited for a lock")


def post(client, address, data):
    """A page's POST; answers its status code (302 when saved), the error otherwise."""

    def action():
        response = client.post(address, data)
        if response.status_code != 302:
            return (response.status_code, getattr(response, "exc_info", None))
        return 302

    return action


def group_info(report, *, mission):
    group = Group.objects.get(pk=report.group_id)
    return url(report, "group"), {
        "version": group.version,
        "mission": mission,
        "members_count": "",
        "website": "",
        "social_links": "",
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "1000",
        "officers-0-name": "Ann Chair",
        "officers-0-role": "chair",
        "officers-0-order": "1",
    }


def target_edit(report, code, *, title, status):
    target = Target.objects.get(code=code)
    return url(report, "target_edit", target.pk), {
        "version": target.version,
        "code": code,
        "component": "assess",
        "title": title,
        "regions": [],
        "status": status,
        "loaded_status": "",
    }


def history_users(model, **filters):
    return sorted(
        (row.history_user.username if row.history_user else None)
        for row in model.history.filter(**filters).exclude(history_user=None)
    )


def test_target_saved_from_one_report_meets_group_information_from_another(
    two_reports, monkeypatch
):
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    meeting = Meeting()
    meeting.hold(monkeypatch, targets.TargetEditView, "save_forms")

    outcomes = meeting.run(
        post(clients["ann"], *target_edit(second, "T-001", title="Assess all", status="on_track")),
        post(clients["bob"], *group_info(first, mission="Conserve dragonflies.")),
    )

    assert outcomes == (302, 302)
    target = Target.objects.get(code="T-001")
    assert target.title == "Assess all"
    assert TargetStatus.objects.get(target=target).report_id == second.pk
    assert Group.objects.get().mission == "Conserve dragonflies."
    # A target's save writes two history rows: its fields, then its regions (m2m history).
    assert history_users(Target, title="Assess all") == ["ann", "ann"]
    assert TargetStatus.history.filter(history_user__username="ann").count() == 1
    assert Group.history.filter(mission="Conserve dragonflies.").get().history_user.username == (
        "bob"
    )
    assert stale_report_progress() == {}


def test_two_group_wide_saves_started_from_two_reports(two_reports, monkeypatch):
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    meeting = Meeting()
    meeting.hold(monkeypatch, targets.TargetEditView, "save_forms")

    outcomes = meeting.run(
        post(clients["ann"], *target_edit(second, "T-001", title="From 2024", status="on_track")),
        post(clients["bob"], *target_edit(first, "T-002", title="From 2022", status="achieved")),
    )

    assert outcomes == (302, 302)
    assert dict(Target.objects.values_list("code", "title")) == {
        "T-001": "From 2024",
        "T-002": "From 2022",
    }
    assert sorted(TargetStatus.objects.values_list("target__code", "report_id", "status")) == [
        ("T-001", second.pk, "on_track"),
        ("T-002", first.pk, "achieved"),
    ]
    # A target's save writes two history rows: its fields, then its regions (m2m history).
    assert history_users(Target, title="From 2024") == ["ann", "ann"]
    assert history_users(Target, title="From 2022") == ["bob", "bob"]
    assert history_users(TargetStatus) == ["ann", "bob"]
    assert stale_report_progress() == {}


def test_activity_added_to_one_report_meets_group_information_from_another(
    two_reports, monkeypatch
):
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    target = Target.objects.get(code="T-001")
    indicator = factories.indicator("Number of new global Red List assessments completed")
    meeting = Meeting()
    meeting.hold(monkeypatch, activity_views.ActivityEditView, "save_forms")

    outcomes = meeting.run(
        post(
            clients["ann"],
            url(second, "activity_add", target.pk),
            {
                "category": factories.category("Red List").pk,
                "ksr": factories.ksr(6).pk,
                "results-TOTAL_FORMS": "1",
                "results-INITIAL_FORMS": "0",
                "results-MIN_NUM_FORMS": "0",
                "results-MAX_NUM_FORMS": "1000",
                "results-0-indicator": indicator.pk,
                "results-0-value_number": "25",
            },
        ),  # fmt: skip
        post(clients["bob"], *group_info(first, mission="Conserve dragonflies.")),
    )

    assert outcomes == (302, 302)
    assert list(Activity.objects.values_list("report_id", flat=True)) == [second.pk]
    assert Result.objects.get().value_number == 25
    assert history_users(Activity) == ["ann"]
    assert history_users(Result) == ["ann"]
    assert history_users(Group, mission="Conserve dragonflies.") == ["bob"]
    assert stale_report_progress() == {}


def test_report_text_saved_meets_group_information_from_another_report(two_reports, monkeypatch):
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    meeting = Meeting()
    meeting.hold(monkeypatch, sections.ReportTextView, "save_forms")

    outcomes = meeting.run(
        post(
            clients["ann"],
            url(second, "impact"),
            {"version": second.version, "projected_impact": "More assessed species."},
        ),
        post(clients["bob"], *group_info(first, mission="Conserve dragonflies.")),
    )

    assert outcomes == (302, 302)
    assert Report.objects.get(pk=second.pk).projected_impact == "More assessed species."
    assert history_users(Report, id=second.pk, projected_impact="More assessed species.") == ["ann"]
    assert history_users(Group, mission="Conserve dragonflies.") == ["bob"]
    assert stale_report_progress() == {}


def test_group_information_meets_report_text_saved_on_another_report(two_reports, monkeypatch):
    """The other way round: the group-wide save is the one that stops inside."""
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    meeting = Meeting()
    meeting.hold(monkeypatch, sections.GroupInfoView, "save_forms")

    outcomes = meeting.run(
        post(clients["bob"], *group_info(first, mission="Conserve dragonflies.")),
        post(
            clients["ann"],
            url(second, "impact"),
            {"version": second.version, "projected_impact": "More assessed species."},
        ),
    )

    assert outcomes == (302, 302)
    assert history_users(Report, id=second.pk, projected_impact="More assessed species.") == ["ann"]
    assert history_users(Group, mission="Conserve dragonflies.") == ["bob"]
    assert stale_report_progress() == {}


def test_submission_meets_group_information_from_another_report(two_reports, monkeypatch):
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    ann = second.group.memberships.get(user__username="ann").user
    meeting = Meeting()
    meeting.hold(monkeypatch, workflow, "snapshot_report")  # after the report's lock

    def submit():
        workflow.submit_report(report=second, by=ann)
        return "submitted"

    outcomes = meeting.run(
        submit, post(clients["bob"], *group_info(first, mission="Conserve dragonflies."))
    )

    assert outcomes == ("submitted", 302)
    assert Report.objects.get(pk=second.pk).status == Report.Status.SUBMITTED
    assert ReportEvent.objects.get(report=second).by.username == "ann"
    assert history_users(Report, id=second.pk, status=Report.Status.SUBMITTED) == ["ann"]
    assert history_users(Group, mission="Conserve dragonflies.") == ["bob"]
    assert stale_report_progress() == {}


def test_group_information_meets_a_submission_of_another_report(two_reports, monkeypatch):
    """The other way round: the group-wide save stops inside, holding the group's row."""
    first, second, clients = two_reports["first"], two_reports["second"], two_reports["clients"]
    ann = second.group.memberships.get(user__username="ann").user
    meeting = Meeting()
    meeting.hold(monkeypatch, sections.GroupInfoView, "save_forms")

    def submit():
        workflow.submit_report(report=second, by=ann)
        return "submitted"

    outcomes = meeting.run(
        post(clients["bob"], *group_info(first, mission="Conserve dragonflies.")), submit
    )

    assert outcomes == (302, "submitted")
    assert Report.objects.get(pk=second.pk).status == Report.Status.SUBMITTED
    assert history_users(Report, id=second.pk, status=Report.Status.SUBMITTED) == ["ann"]
    assert history_users(Group, mission="Conserve dragonflies.") == ["bob"]
    assert stale_report_progress() == {}


def test_category_merge_meets_an_activity_added_in_that_category(two_reports, monkeypatch):
    """Staff merge a category while an officer adds an activity in it: the merge locks the
    group's row and its reports before the activities it moves, so the officer's save waits
    for it at the group's row instead of holding the report the merge needs."""
    from activities import services as catalogue

    second, clients = two_reports["second"], two_reports["clients"]
    staff = factories.make_user(username="staff", staff=True)
    target = Target.objects.get(code="T-001")
    red_list = factories.category("Red List")
    into = (
        type(red_list)
        .objects.filter(quadrennium=red_list.quadrennium, component=red_list.component)
        .exclude(pk=red_list.pk)
        .order_by("pk")
        .first()
    )
    moved = factories.make_activity(report=second, target=target)
    indicator = factories.indicator("Number of new global Red List assessments completed")
    meeting = Meeting()
    meeting.hold(monkeypatch, catalogue, "bulk_update_with_history")  # the activities moved

    def merge():
        return catalogue.merge_category(category=red_list, into=into, by=staff)

    outcomes = meeting.run(
        merge,
        post(
            clients["ann"],
            url(second, "activity_add", target.pk),
            {
                "category": red_list.pk,
                "ksr": factories.ksr(6).pk,
                "results-TOTAL_FORMS": "1",
                "results-INITIAL_FORMS": "0",
                "results-MIN_NUM_FORMS": "0",
                "results-MAX_NUM_FORMS": "1000",
                "results-0-indicator": indicator.pk,
                "results-0-value_number": "25",
            },
        ),  # fmt: skip
    )

    assert outcomes == (1, 302)
    assert Activity.objects.get(pk=moved.pk).category_id == into.pk
    added = Activity.objects.exclude(pk=moved.pk).get()
    assert (added.report_id, added.category_id) == (second.pk, red_list.pk)  # as the form said
    assert history_users(Activity, id=moved.pk) == ["staff"]
    assert history_users(Activity, id=added.pk) == ["ann"]
    assert stale_report_progress() == {}
