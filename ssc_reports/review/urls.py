"""Review pages the group sees too (timeline, approved PDF), under /review/."""

from django.urls import path

from ssc_reports.review import views

app_name = "review"

urlpatterns = [
    path("<str:acronym>/<str:period>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("<str:acronym>/<str:period>/approved.pdf", views.approved_pdf_view, name="approved_pdf"),
]
