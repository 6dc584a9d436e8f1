"""SSC staff pages, under /staff/ (404 for anyone but staff)."""

from django.urls import path

from ssc_reports.review import staff_views as views

app_name = "staff"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("periods/", views.PeriodListView.as_view(), name="periods"),
    path("periods/new/", views.PeriodCreateView.as_view(), name="period_create"),
    path("groups/", views.GroupListView.as_view(), name="groups"),
    path("groups/<str:acronym>/members/", views.MembersView.as_view(), name="members"),
    path(
        "groups/<str:acronym>/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("review/<str:acronym>/<str:period>/", views.ReviewView.as_view(), name="review"),
    path("review/<str:acronym>/<str:period>/return/", views.return_view, name="return"),
    path("review/<str:acronym>/<str:period>/approve/", views.approve_view, name="approve"),
    path("review/<str:acronym>/<str:period>/reopen/", views.reopen_view, name="reopen"),
    path(
        "review/<str:acronym>/<str:period>/comments/",
        views.comment_add_view,
        name="comment_add",
    ),
    path(
        "review/<str:acronym>/<str:period>/comments/<int:pk>/resolve/",
        views.comment_resolve_view,
        name="comment_resolve",
    ),
    path(
        "review/<str:acronym>/<str:period>/extension/",
        views.extension_view,
        name="extension",
    ),
]
