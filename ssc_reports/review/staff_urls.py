"""SSC staff pages, under /staff/ (404 for anyone but staff)."""

from django.urls import path

from ssc_reports.review import catalogue_views
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
    # The catalogue: activity categories, indicators and KSR titles (catalogue_views.py).
    path("indicators/", catalogue_views.CatalogueView.as_view(), name="catalogue"),
    path(
        "indicators/history/",
        catalogue_views.CatalogueHistoryView.as_view(),
        name="catalogue_history",
    ),
    path(
        "indicators/<int:pk>/", catalogue_views.IndicatorEditView.as_view(), name="indicator_edit"
    ),
    path(
        "indicators/<int:pk>/accept/",
        catalogue_views.IndicatorAcceptView.as_view(),
        name="indicator_accept",
    ),
    path(
        "indicators/<int:pk>/merge/",
        catalogue_views.IndicatorMergeView.as_view(),
        name="indicator_merge",
    ),
    path(
        "indicators/<int:pk>/retire/",
        catalogue_views.IndicatorRetireView.as_view(),
        name="indicator_retire",
    ),
    path(
        "indicators/<int:pk>/reinstate/",
        catalogue_views.IndicatorReinstateView.as_view(),
        name="indicator_reinstate",
    ),
    path(
        "indicators/categories/<int:pk>/",
        catalogue_views.CategoryEditView.as_view(),
        name="category_edit",
    ),
    path(
        "indicators/categories/<int:pk>/retire/",
        catalogue_views.CategoryRetireView.as_view(),
        name="category_retire",
    ),
    path(
        "indicators/categories/<int:pk>/merge/",
        catalogue_views.CategoryMergeView.as_view(),
        name="category_merge",
    ),
    path(
        "indicators/categories/<int:pk>/reinstate/",
        catalogue_views.CategoryReinstateView.as_view(),
        name="category_reinstate",
    ),
    path("indicators/ksrs/<int:pk>/", catalogue_views.KSREditView.as_view(), name="ksr_edit"),
]
