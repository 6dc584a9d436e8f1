"""The pages of one group's report for one period: /reports/<acronym>/<period>/..."""

from django.urls import path

from ssc_reports.entry.views import activities, home, photos, sections, submit, targets

app_name = "reports"

urlpatterns = [
    path("<str:acronym>/<str:period>/", sections.OverviewView.as_view(), name="detail"),
    path("<str:acronym>/<str:period>/start/", home.StartReportView.as_view(), name="start"),
    path("<str:acronym>/<str:period>/group/", sections.GroupInfoView.as_view(), name="group"),
    path("<str:acronym>/<str:period>/impact/", sections.ImpactView.as_view(), name="impact"),
    path("<str:acronym>/<str:period>/targets/", targets.TargetListView.as_view(), name="targets"),
    path(
        "<str:acronym>/<str:period>/targets/confirm/",
        targets.ConfirmStatusesView.as_view(),
        name="targets_confirm",
    ),
    path(
        "<str:acronym>/<str:period>/targets/add/",
        targets.TargetEditView.as_view(),
        name="target_add",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/",
        targets.TargetEditView.as_view(),
        name="target_edit",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/retire/",
        targets.TargetRetireView.as_view(),
        name="target_retire",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/reinstate/",
        targets.TargetReinstateView.as_view(),
        name="target_reinstate",
    ),
    path(
        "<str:acronym>/<str:period>/targets/<int:pk>/delete/",
        targets.TargetDeleteView.as_view(),
        name="target_delete",
    ),
    path(
        "<str:acronym>/<str:period>/activities/",
        activities.ActivityListView.as_view(),
        name="activities",
    ),
    path(
        "<str:acronym>/<str:period>/activities/add/<int:target_pk>/",
        activities.ActivityEditView.as_view(),
        name="activity_add",
    ),
    path(
        "<str:acronym>/<str:period>/activities/<int:pk>/",
        activities.ActivityEditView.as_view(),
        name="activity_edit",
    ),
    path(
        "<str:acronym>/<str:period>/activities/<int:pk>/delete/",
        activities.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path("<str:acronym>/<str:period>/photos/", photos.PhotoListView.as_view(), name="photos"),
    path(
        "<str:acronym>/<str:period>/photos/<int:pk>/",
        photos.PhotoEditView.as_view(),
        name="photo_edit",
    ),
    path(
        "<str:acronym>/<str:period>/photos/<int:pk>/delete/",
        photos.PhotoDeleteView.as_view(),
        name="photo_delete",
    ),
    path(
        "<str:acronym>/<str:period>/acknowledgements/",
        sections.AcknowledgementsView.as_view(),
        name="acknowledgements",
    ),
    path("<str:acronym>/<str:period>/preview/", submit.PreviewView.as_view(), name="preview"),
    path("<str:acronym>/<str:period>/submit/", submit.SubmitView.as_view(), name="submit"),
    path(
        "<str:acronym>/<str:period>/pdf-language/",
        submit.PdfLanguageView.as_view(),
        name="pdf_language",
    ),
]
