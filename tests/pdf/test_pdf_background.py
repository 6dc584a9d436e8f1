"""The report's PDF is rendered by the background worker, once per content version, never by
a web request; approval records the decision and the worker freezes the final PDF; every
render has a time limit. The worker is django-tasks-db's own Worker (tests/pdf/worker.py)."""

import datetime
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ssc_reports.models import Report
from ssc_reports.models.pdf import ReportPdf
from ssc_reports.pdf import render as pdf_module
from ssc_reports.pdf.cache import cached_file, content_key
from ssc_reports.pdf.render_limit import RenderTimeout, run_with_time_limit
from ssc_reports.review.workflow import approve_report, reopen_report
from tests import factories
from tests.pdf.helpers import body_text
from tests.pdf.worker import run_queued_tasks

URL = reverse("report_pdf", args=["TSG", "2024-2025"])
STATUS_URL = reverse("report_pdf_status", args=["TSG", "2024-2025"])


def stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as stream:
        return stream.read()


@pytest.fixture
def filled(report):
    target = factories.make_target(group=report.group, code="T-001", title="Assess all species")
    factories.set_status(report=report, target=target)
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=3)
    report.acknowledgements = "Thanks to the first funder."
    report.save()
    return report


@pytest.fixture
def no_rendering(monkeypatch):
    """Fails the test if anything lays out a PDF in this process or a child of it."""

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered")

    monkeypatch.setattr(pdf_module, "render_report_pdf", refuse)
    monkeypatch.setattr(pdf_module, "html_to_pdf", refuse)
    return refuse


def get(client, url, capture):
    with capture(execute=True):
        return client.get(url)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_download_request_never_renders_and_says_preparing(
    client, officer, filled, no_rendering, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    response = get(client, URL, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "Preparing the PDF" in page
    assert "The PDF is waiting for the background worker." in page
    assert f'data-status-url="{STATUS_URL}"' in page
    assert f'data-download-url="{URL}"' in page
    assert 'src="/static/js/report_pdf.js"' in page
    assert "<script>" not in page and ' style="' not in page  # CSP: no inline script or style
    assert '<progress id="report-pdf-progress"' in page
    render = ReportPdf.objects.get()
    assert (render.report, render.key, render.status, render.final) == (
        filled,
        content_key(filled),
        "queued",
        False,
    )
    task = DBTaskResult.objects.get()
    assert task.task_path == "ssc_reports.pdf.cache.render_pdf_task"
    assert task.args_kwargs == {"args": [render.pk, 1], "kwargs": {}}
    assert render.task_id == "" or ReportPdf.objects.get().task_id == str(task.id)
    assert client.get(STATUS_URL).json() == {
        "state": "queued",
        "ready": False,
        "final": False,
        "message": "The PDF is waiting for the background worker.",
        "elapsed": None,
        "estimate": None,
        "time_limit": 120.0,
    }
    # Asking again queues nothing more.
    get(client, URL, django_capture_on_commit_callbacks)
    get(client, STATUS_URL, django_capture_on_commit_callbacks)
    assert (ReportPdf.objects.count(), DBTaskResult.objects.count()) == (1, 1)


def test_worker_renders_once_and_repeat_downloads_serve_the_cached_file(
    client, officer, filled, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    get(client, URL, django_capture_on_commit_callbacks)

    run_queued_tasks()

    render = ReportPdf.objects.get()
    assert render.status == "done" and render.seconds > 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert client.get(STATUS_URL).json()["state"] == "ready"
    name = cached_file(render.key)
    assert name == f"cache/parts/{render.key}.pdf"
    first = get(client, URL, django_capture_on_commit_callbacks)
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="TSG-2024-2025.pdf"'
    data = content(first)
    assert data == stored(name)
    text = body_text(data)
    assert "Assess all species" in text and "Thanks to the first funder." in text

    # Unchanged content: the same file, with nothing rendered and nothing queued.
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: pytest.fail("rendered again"))
    again = get(client, URL, django_capture_on_commit_callbacks)
    assert content(again) == data
    assert (ReportPdf.objects.count(), DBTaskResult.objects.count()) == (1, 1)


def test_a_change_of_content_gives_a_new_file(
    client, officer, filled, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    get(client, URL, django_capture_on_commit_callbacks)
    run_queued_tasks()
    old = content(get(client, URL, django_capture_on_commit_callbacks))

    filled.acknowledgements = "Thanks to the second funder."
    filled.save()
    response = get(client, URL, django_capture_on_commit_callbacks)
    assert "Preparing the PDF" in response.content.decode()  # not the old file
    run_queued_tasks()
    new = content(get(client, URL, django_capture_on_commit_callbacks))

    assert new != old
    assert "Thanks to the second funder." in body_text(new)
    assert "first funder" not in body_text(new)
    assert ReportPdf.objects.filter(status="done").count() == 2


def test_the_compilation_reuses_the_downloaded_pdf(
    client, officer, filled, django_capture_on_commit_callbacks
):
    """One cache: the download's file is the compilation's part for the same content."""
    from ssc_reports.network.compile import plan_parts

    client.force_login(officer)
    get(client, URL, django_capture_on_commit_callbacks)
    run_queued_tasks()

    (part,) = plan_parts([Report.objects.select_related("group").get(pk=filled.pk)])
    assert part.name == cached_file(ReportPdf.objects.get().key)
    assert default_storage.exists(part.name)


def test_approval_returns_without_rendering_and_the_worker_freezes_the_final_pdf(
    client,
    officer,
    staff_user,
    filled,
    no_rendering,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from ssc_reports.review.workflow import submit_report

    submit_report(report=filled, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=filled, by=staff_user)

    report = Report.objects.get(pk=filled.pk)
    assert (report.status, report.approved_pdf.name) == ("approved", "")
    render = ReportPdf.objects.get()
    assert (render.final, render.status, render.key) == (True, "queued", content_key(report))
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=["TSG", "2024-2025"])).content.decode()
    assert "The final PDF is being made from the approved content" in page
    download = get(client, URL, django_capture_on_commit_callbacks)
    assert "Preparing the PDF" in download.content.decode()
    assert client.get(STATUS_URL).json()["final"] is True
    approved_url = reverse("review:approved_pdf", args=["TSG", "2024-2025"])
    assert client.get(approved_url)["Location"] == URL
    assert DBTaskResult.objects.count() == 1  # downloads queue nothing for an approved report

    monkeypatch.undo()  # the worker renders for real
    run_queued_tasks()

    report.refresh_from_db()
    assert report.approved_pdf.name == "approved/TSG-2024-2025-approved.pdf"
    with report.approved_pdf.open("rb") as stream:
        frozen = stream.read()
    text = body_text(frozen)
    assert "Assess all species" in text and "DRAFT" not in text
    assert frozen == stored(cached_file(render.key))  # the compilation's part too
    assert report.history.filter(approved_pdf=report.approved_pdf.name).exists()
    served = get(client, URL, django_capture_on_commit_callbacks)
    assert content(served) == frozen
    page = client.get(reverse("reports:detail", args=["TSG", "2024-2025"])).content.decode()
    assert "The final PDF is being made" not in page


def test_the_group_information_is_read_only_while_a_final_pdf_is_pending(
    client, officer, staff_user, filled, django_capture_on_commit_callbacks
):
    from ssc_reports.review.workflow import submit_report

    submit_report(report=filled, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=filled, by=staff_user)
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    next_period = factories.make_period(label="2025-2026", deadline=deadline)
    next_report = factories.make_report(group=filled.group, period=next_period)
    client.force_login(officer)
    group_url = reverse("reports:group", args=["TSG", next_report.period.label])

    page = client.get(group_url).content.decode()
    assert "its final PDF is being made from the group&#x27;s information as approved" in page
    assert client.post(group_url, {}).status_code == 403

    run_queued_tasks()
    page = client.get(group_url).content.decode()
    assert "final PDF is being made" not in page


def test_final_render_refuses_content_changed_after_approval(
    client, officer, staff_user, filled, django_capture_on_commit_callbacks
):
    from ssc_reports.review.workflow import submit_report

    submit_report(report=filled, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=filled, by=staff_user)
    filled.group.mission = "Changed behind the approval's back (admin)."
    filled.group.save()

    run_queued_tasks()

    render = ReportPdf.objects.get()
    assert render.status == "failed"
    assert render.error == "changed_after_approval"  # a key, written in the reader's language
    assert Report.objects.get(pk=filled.pk).approved_pdf.name == ""
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=["TSG", "2024-2025"])).content.decode()
    assert "The final PDF could not be made." in page
    assert "reopen the report and approve it again." in page
    french = client.get(
        reverse("reports:detail", args=["TSG", "2024-2025"]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "rouvrez le rapport et approuvez-le à nouveau." in french


def test_reopened_before_the_worker_runs_nothing_is_frozen(
    officer, staff_user, filled, django_capture_on_commit_callbacks
):
    from ssc_reports.review.workflow import submit_report

    submit_report(report=filled, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=filled, by=staff_user)
        reopen_report(report=filled, by=staff_user, reason="One more result.")

    run_queued_tasks()

    assert Report.objects.get(pk=filled.pk).approved_pdf.name == ""


def test_a_render_past_its_time_limit_is_stopped_and_reported(
    client, officer, filled, settings, django_capture_on_commit_callbacks
):
    settings.SSC_PDF_TIME_LIMIT = 0.05  # any real layout takes longer
    client.force_login(officer)
    get(client, URL, django_capture_on_commit_callbacks)

    run_queued_tasks()

    render = ReportPdf.objects.get()
    message = "RenderTimeout: the render took longer than its time limit of 0.05 seconds"
    assert render.status == "failed"
    assert render.error == message + " and was stopped"
    assert not default_storage.exists(cached_file(render.key))
    status = client.get(STATUS_URL).json()
    assert status["state"] == "failed"
    assert status["message"] == f"The PDF could not be produced: {message} and was stopped"
    page = client.get(reverse("reports:detail", args=["TSG", "2024-2025"])).content.decode()
    assert "The PDF of this report could not be made." in page and message in page
    download = client.get(URL).content.decode()
    assert message in download and "report-pdf-progress" not in download


def _sleep_and_tell(pid_file):
    pid_file.write_text(str(os.getpid()))
    time.sleep(600)


def test_run_with_time_limit_kills_the_child(tmp_path):
    pid_file = tmp_path / "pid"

    with pytest.raises(RenderTimeout, match="time limit of 0.5 seconds"):
        run_with_time_limit(_sleep_and_tell, pid_file, seconds=0.5)

    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # gone, not left running


def test_run_with_time_limit_returns_the_value_and_reports_errors():
    from ssc_reports.pdf.render_limit import RenderFailed

    assert run_with_time_limit(sorted, [3, 1, 2], seconds=30) == [1, 2, 3]
    with pytest.raises(
        RenderFailed, match="^ZeroDivisionError: integer division or modulo by zero$"
    ):
        run_with_time_limit(divmod, 1, 0, seconds=30)
