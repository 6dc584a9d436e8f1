from django.contrib import admin

from ssc_reports.entry.progress import RefreshProgressAdmin
from targets.models import KSR, Quadrennium, Region, Target, TargetStatus


@admin.register(Quadrennium)
class QuadrenniumAdmin(admin.ModelAdmin):
    list_display = ["label", "start", "end"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(KSR)
class KSRAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "component", "quadrennium"]
    list_filter = ["quadrennium", "component"]
    search_fields = ["title", "text"]


class TargetStatusInline(admin.TabularInline):
    model = TargetStatus
    extra = 0
    fields = ["report", "status"]
    raw_id_fields = ["report"]


@admin.register(Target)
class TargetAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["code", "title", "group", "component", "quadrennium", "retired"]
    list_filter = ["quadrennium", "component", "retired", "regions", "group__kind"]
    search_fields = ["code", "title", "group__acronym", "group__name"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["regions"]
    inlines = [TargetStatusInline]
    list_select_related = ["group", "quadrennium"]


@admin.register(TargetStatus)
class TargetStatusAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["target", "report", "status"]
    list_filter = ["status", "report__period"]
    search_fields = ["target__code", "target__title", "report__group__acronym"]
    raw_id_fields = ["report", "target"]
    list_select_related = ["target", "report__group", "report__period"]
