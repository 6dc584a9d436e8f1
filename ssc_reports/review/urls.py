"""Review pages the group sees too (timeline, approved PDF, comment threads), under /review/."""

from django.urls import path

from ssc_reports.review import views

app_name = "review"

urlpatterns = [
    path("<str:acronym>/<str:period>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("<str:acronym>/<str:period>/approved.pdf", views.approved_pdf_view, name="approved_pdf"),
    path(
        "<str:acronym>/<str:period>/comments/<int:pk>/reply/",
        views.comment_reply_view,
        name="comment_reply",
    ),
    path(
        "<str:acronym>/<str:period>/comments/<int:pk>/resolve/",
        views.comment_resolve_view,
        name="comment_resolve",
    ),
]
