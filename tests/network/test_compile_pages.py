import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from ssc_reports.models.compilation import Compilation
from ssc_reports.network.tasks import output_name, run_compilation
from tests.network import renderers


@pytest.fixture(autouse=True)
def in_process(settings):
    settings.SSC_COMPILE_PROCESSES = 1


def start(client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:compile", args=["2024-2025"]))
    compilation = Compilation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("network:compilation", args=[compilation.pk])
    return compilation


def test_compile_page_enqueues_a_task_and_shows_progress(
    client, staff_user, network, django_capture_on_commit_callbacks
):
    compilation = start(client, staff_user, django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert compilation.task_id == str(task.id)
    assert task.task_path == "ssc_reports.network.tasks.compile_species_report_task"
    assert task.args_kwargs == {"args": [compilation.pk, 1], "kwargs": {}}
    assert (compilation.status, compilation.attempts) == ("queued", 1)
    page = client.get(reverse("network:compilation", args=[compilation.pk])).content.decode()
    assert "0 of 0 groups done" in page
    assert 'src="/static/js/compilation.js"' in page
    assert "<script>" not in page and ' style="' not in page
    status = client.get(reverse("network:compilation_status", args=[compilation.pk])).json()
    assert status["status"] == "queued" and status["finished"] is False
    download = reverse("network:compilation_download", args=[compilation.pk])
    assert client.get(download).status_code == 404

    summary = run_compilation(compilation.pk, 1)
    assert (summary["rendered"], summary["reused"]) == (3, 0)
    compilation.refresh_from_db()
    assert (compilation.status, compilation.done, compilation.total) == ("done", 3, 3)
    assert len(compilation.content_hash) == 64
    assert compilation.file.name == output_name(network.period, compilation.content_hash)
    assert compilation.file.name == (
        f"compilations/ssc-species-report-2024-2025-{compilation.content_hash[:16]}.pdf"
    )
    status = client.get(reverse("network:compilation_status", args=[compilation.pk])).json()
    assert (status["done"], status["total"], status["finished"]) == (3, 3, True)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert len(PdfReader(__import__("io").BytesIO(data)).pages) == compilation.pages
    page = client.get(reverse("network:compile", args=["2024-2025"])).content.decode()
    assert f'href="{download}"' in page


def test_failed_render_is_retried_then_reported_and_retry_completes(
    client, staff_user, network, settings, django_capture_on_commit_callbacks
):
    settings.SSC_COMPILE_PART_RENDERER = "tests.network.renderers.failing"
    compilation = start(client, staff_user, django_capture_on_commit_callbacks)
    with pytest.raises(Exception, match="attempt 3 of 3 failed: RuntimeError: the renderer broke"):
        run_compilation(compilation.pk, 1)
    compilation.refresh_from_db()
    assert compilation.status == "failed"
    assert compilation.error.startswith(
        "CompilationError: attempt 1 of 3 failed: RuntimeError: the renderer broke on ASG;"
    )
    assert not (settings.MEDIA_ROOT / "compilations").exists()
    page = client.get(reverse("network:compilation", args=[compilation.pk])).content.decode()
    assert "The compilation failed: CompilationError: attempt 1 of 3" in page
    assert "never a partial file" in page

    settings.SSC_COMPILE_PART_RENDERER = "ssc_reports.pdf.render.render_report_pdf"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:compilation_retry", args=[compilation.pk]))
    assert response.status_code == 302
    compilation.refresh_from_db()
    assert (compilation.status, compilation.attempts) == ("queued", 2)
    assert "attempt 2 queued by staff: CompilationError" in compilation.log
    assert DBTaskResult.objects.count() == 2
    assert run_compilation(compilation.pk, 1) == {"skipped": True}  # the old attempt
    run_compilation(compilation.pk, 2)
    compilation.refresh_from_db()
    assert (compilation.status, compilation.done) == ("done", 3)


def test_a_passing_failure_is_retried_and_logged(network, settings, staff_user):
    from ssc_reports.network.tasks import start_compilation

    renderers._calls["flaky"] = 0
    settings.SSC_COMPILE_PART_RENDERER = "tests.network.renderers.flaky"
    compilation = start_compilation(period=network.period, by=staff_user)
    run_compilation(compilation.pk, 1)
    compilation.refresh_from_db()
    assert compilation.status == "done"
    assert compilation.log.endswith("ASG: attempt 1 of 3 failed: RuntimeError: a passing failure\n")


def test_retry_refuses_a_running_or_finished_compilation(network, staff_user):
    from ssc_reports.network.compile import CompilationError
    from ssc_reports.network.tasks import retry_compilation, start_compilation

    compilation = start_compilation(period=network.period, by=staff_user)
    with pytest.raises(CompilationError, match="still running"):
        retry_compilation(compilation=compilation)
    Compilation.objects.filter(pk=compilation.pk).update(status="done")
    compilation.refresh_from_db()
    with pytest.raises(CompilationError, match="is complete"):
        retry_compilation(compilation=compilation)


def test_compilation_pages_are_staff_only(client, officer, network, staff_user):
    from ssc_reports.network.tasks import start_compilation

    compilation = start_compilation(period=network.period, by=staff_user)
    client.force_login(officer)
    for name, args in [
        ("network:index", []),
        ("network:compile", ["2024-2025"]),
        ("network:compilation", [compilation.pk]),
        ("network:compilation_status", [compilation.pk]),
        ("network:compilation_download", [compilation.pk]),
        ("network:report_export", ["2024-2025", "BSG", "json"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse("network:compile", args=["2024-2025"])).status_code == 404
    assert (
        client.post(reverse("network:compilation_retry", args=[compilation.pk])).status_code == 404
    )
    assert Compilation.objects.count() == 1


def test_report_json_export_is_the_interchange_document(client, staff_user, network):
    import io
    import json
    import zipfile

    client.force_login(staff_user)
    response = client.get(reverse("network:report_export", args=["2024-2025", "BSG", "json"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="BSG-2024-2025.ssc-report.json"'
    )
    doc = json.loads(response.content)
    assert doc["format"] == "ssc-report/1"
    assert doc["group"]["acronym"] == "BSG"
    assert [t["code"] for t in doc["targets"]] == ["T-002", "T-001"]
    response = client.get(reverse("network:report_export", args=["2024-2025", "BSG", "zip"]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert json.loads(archive.read("report.json")) == doc
    assert (
        client.get(reverse("network:report_export", args=["2024-2025", "NOPE", "json"])).status_code
        == 404
    )


def test_stalled_compilation_page_offers_retry(client, staff_user, network, settings):
    import datetime

    from django.utils import timezone

    from ssc_reports.network.tasks import start_compilation

    compilation = start_compilation(period=network.period, by=staff_user)
    Compilation.objects.filter(pk=compilation.pk).update(
        status="running",
        done=1,
        total=3,
        heartbeat_at=timezone.now()
        - datetime.timedelta(seconds=settings.SSC_COMPILE_STALLED_AFTER + 1),
    )
    client.force_login(staff_user)
    page = client.get(reverse("network:compilation", args=[compilation.pk])).content.decode()
    assert "1 of 3 groups done" in page
    assert "The worker stopped making progress" in page
    assert f'action="{reverse("network:compilation_retry", args=[compilation.pk])}"' in page
    assert 'data-finished="true"' in page  # the page stops polling
    status = client.get(reverse("network:compilation_status", args=[compilation.pk])).json()
    assert (status["stalled"], status["finished"]) == (True, False)


def test_compile_pages_bounded_queries(client, staff_user, network, django_assert_max_num_queries):
    from ssc_reports.network.tasks import start_compilation

    compilations = [start_compilation(period=network.period, by=staff_user) for _ in range(25)]
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("network:compile", args=["2024-2025"])).content.decode()
    assert page.count("Details</a>") == 20  # the latest 20
    assert "3 reports are approved now" in page
    for name in ("network:compilation", "network:compilation_status"):
        with django_assert_max_num_queries(6):
            client.get(reverse(name, args=[compilations[0].pk]))
