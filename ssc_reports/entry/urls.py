"""The pages of one group's report for one period: /reports/<acronym>/<period>/..."""

from django.urls import path

from ssc_reports.entry import views

app_name = "reports"

urlpatterns = [
    path("<str:acronym>/<str:period>/", views.OverviewView.as_view(), name="detail"),
    path("<str:acronym>/<str:period>/start/", views.StartReportView.as_view(), name="start"),
    path("<str:acronym>/<str:period>/group/", views.GroupInfoView.as_view(), name="group"),
    path("<str:acronym>/<str:period>/impact/", views.ImpactView.as_view(), name="impact"),
    path("<str:acronym>/<str:period>/targets/", views.TargetListView.as_view(), name="targets"),
    path(
        "<str:acronym>/<str:period>/targets/confirm/",
        views.ConfirmStatusesView.as_view(),
        name="targets_confirm",
    ),
    path(
        "<str:acronym>/<str:period>/targets/add/",
        views.TargetEditView.as_view(),
        name="target_add",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/",
        views.TargetEditView.as_view(),
        name="target_edit",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/retire/",
        views.TargetRetireView.as_view(),
        name="target_retire",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/reinstate/",
        views.TargetReinstateView.as_view(),
        name="target_reinstate",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/delete/",
        views.TargetDeleteView.as_view(),
        name="target_delete",
    ),
    path(
        "<str:acronym>/<str:period>/activities/",
        views.ActivityListView.as_view(),
        name="activities",
    ),
    path(
        "<str:acronym>/<str:period>/activities/add/<int:target_pk>/",
        views.ActivityEditView.as_view(),
        name="activity_add",
    ),
    path(
        "<str:acronym>/<str:period>/activities/<int:pk>/",
        views.ActivityEditView.as_view(),
        name="activity_edit",
    ),
    path(
        "<str:acronym>/<str:period>/activities/<int:pk>/delete/",
        views.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path("<str:acronym>/<str:period>/photos/", views.PhotoListView.as_view(), name="photos"),
    path(
        "<str:acronym>/<str:period>/photos/<int:pk>/",
        views.PhotoEditView.as_view(),
        name="photo_edit",
    ),
    path(
        "<str:acronym>/<str:period>/photos/<int:pk>/delete/",
        views.PhotoDeleteView.as_view(),
        name="photo_delete",
    ),
    path(
        "<str:acronym>/<str:period>/acknowledgements/",
        views.AcknowledgementsView.as_view(),
        name="acknowledgements",
    ),
    path("<str:acronym>/<str:period>/preview/", views.PreviewView.as_view(), name="preview"),
    path("<str:acronym>/<str:period>/submit/", views.SubmitView.as_view(), name="submit"),
]
