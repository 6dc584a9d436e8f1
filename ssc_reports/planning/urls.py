from django.urls import path

from ssc_reports.planning import pdf_views, views

app_name = "plans"

urlpatterns = [
    path("<str:acronym>/<str:label>/", views.plan_view, name="detail"),
    path("<str:acronym>/<str:label>/targets/add/", views.target_view, name="target_add"),
    path("<str:acronym>/<str:label>/targets/<int:pk>/", views.target_view, name="target_edit"),
    path(
        "<str:acronym>/<str:label>/targets/<int:pk>/delete/",
        views.target_delete_view,
        name="target_delete",
    ),
    path("<str:acronym>/<str:label>/carry/", views.carry_view, name="carry"),
    path("<str:acronym>/<str:label>/submit/", views.submit_view, name="submit"),
    path("<str:acronym>/<str:label>/comment/", views.comment_view, name="comment"),
    path("<str:acronym>/<str:label>/pdf/", pdf_views.plan_pdf, name="pdf"),
    path("<str:acronym>/<str:label>/pdf/status/", pdf_views.plan_pdf_status, name="pdf_status"),
]
