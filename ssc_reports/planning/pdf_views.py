"""The plan's PDF download and its status (the group's officers and staff only)."""

from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ssc_reports.planning.pdf import plan_pdf_state
from ssc_reports.planning.views import load_plan


def plan_pdf(request, acronym: str, label: str):
    """The PDF of the plan's current content, or the page saying it is being prepared."""
    plan = load_plan(request, acronym, label)
    state = plan_pdf_state(plan)
    if state.ready:
        return FileResponse(
            state.render.file.open("rb"),
            as_attachment=True,
            filename=f"{plan.group.acronym}-plan-{label}.pdf",
            content_type="application/pdf",
        )
    return render(
        request,
        "planning/pdf_preparing.html",
        {
            "plan": plan,
            "pdf": state,
            "download_url": request.path,
            "status_url": reverse("plans:pdf_status", args=[acronym, label]),
        },
    )


def plan_pdf_status(request, acronym: str, label: str):
    plan = load_plan(request, acronym, label)
    return JsonResponse(plan_pdf_state(plan).as_json())
