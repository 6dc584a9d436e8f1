from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ssc_reports.models import PlanPdf
from ssc_reports.planning.services import add_planned_target, save_plan_texts
from targets.models import KSR, Region
from tests.pdf.helpers import pdf_text
from tests.pdf.worker import run_queued_tasks
from tests.planning.conftest import LABEL

URL = reverse("plans:pdf", args=["TSG", LABEL])
STATUS_URL = reverse("plans:pdf_status", args=["TSG", LABEL])


def test_plan_pdf_is_rendered_by_the_worker_once(
    client, plan, officer, django_capture_on_commit_callbacks
):
    save_plan_texts(plan=plan, version=1, mission="Save shrews", projected_impact="Fewer",
                    by=officer)  # fmt: skip
    ksr = KSR.objects.get(quadrennium=plan.planning.quadrennium, number=5)
    add_planned_target(plan=plan, component="assess", title="Assess every shrew", ksr=ksr,
                       regions=[Region.objects.get(code="africa")], by=officer)  # fmt: skip
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(URL)

    assert page.status_code == 200 and "Preparing the PDF" in page.content.decode()
    assert client.get(STATUS_URL).json()["state"] == "queued"
    assert DBTaskResult.objects.get().task_path == "ssc_reports.planning.pdf.render_plan_pdf_task"

    run_queued_tasks()

    render = PlanPdf.objects.get()
    assert render.status == "done", render.error
    assert client.get(STATUS_URL).json()["state"] == "ready"
    response = client.get(URL)
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    text = pdf_text(data)
    assert "T-001" in text and "Assess every shrew" in text and "ASSESS" in text
    assert (PlanPdf.objects.count(), DBTaskResult.objects.count()) == (1, 1)
