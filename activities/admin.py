from django.contrib import admin
from django.utils.translation import ngettext

from activities import services
from activities.models import Activity, ActivityCategory, CatalogueChange, Indicator, Result
from ssc_reports.admin import ReadOnlyAdmin
from ssc_reports.entry.progress import RefreshProgressAdmin


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["name", "component", "quadrennium", "provisional", "retired"]
    list_filter = ["quadrennium", "component", "provisional", "retired"]
    search_fields = ["name"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["text", "ksr", "category", "kind", "standard", "needs_review", "retired"]
    list_filter = [
        "standard",
        "needs_review",
        "retired",
        "provisional",
        "kind",
        "category__component",
        "category",
    ]
    search_fields = ["text", "definition"]
    list_select_related = ["ksr", "category"]
    raw_id_fields = ["merged_into", "proposed_by", "proposed_in"]
    actions = ["mark_reviewed"]

    @admin.action(description="Mark the selected indicators as reviewed")
    def mark_reviewed(self, request, queryset):
        waiting = list(queryset.filter(needs_review=True))
        for indicator in waiting:  # one catalogue history entry each, as on the staff pages
            services.mark_reviewed(indicator=indicator, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d indicator marked as reviewed.",
                "%(count)d indicators marked as reviewed.",
                len(waiting),
            )
            % {"count": len(waiting)},
        )


class ResultInline(admin.StackedInline):
    model = Result
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["order", "indicator", "value_number", "value_text", "description"]


@admin.register(Activity)
class ActivityAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["__str__", "report", "ksr", "ssc_grant_awarded"]
    list_filter = ["report__period", "category__component", "category", "ssc_grant_awarded"]
    search_fields = ["target__code", "target__title", "report__group__acronym"]
    raw_id_fields = ["report", "target"]
    inlines = [ResultInline]
    list_select_related = ["report__group", "report__period", "target", "category", "ksr"]


@admin.register(Result)
class ResultAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["indicator", "value_number", "value_text", "activity"]
    list_filter = ["indicator__standard", "activity__report__period"]
    search_fields = ["indicator__text", "description", "value_text"]
    raw_id_fields = ["activity"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator", "activity__target", "activity__category", "activity__ksr"]


@admin.register(CatalogueChange)
class CatalogueChangeAdmin(ReadOnlyAdmin):
    """The catalogue's history, written by activities.services: read-only here."""

    list_display = ["at", "by", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]
    list_select_related = ["by"]
