from django.contrib import admin

from ssc_reports.models import Photo, Report, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "quadrennium", "start", "end", "submission_deadline", "is_open"]
    list_filter = ["quadrennium", "is_open"]


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["order", "image", "caption", "credit", "component"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["group", "period", "status", "updated_at"]
    list_filter = ["period", "status", "group__kind"]
    search_fields = ["group__acronym", "group__name"]
    autocomplete_fields = ["group"]
    inlines = [PhotoInline]
    list_select_related = ["group", "period"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "component", "caption"]
    list_filter = ["component", "report__period"]
    search_fields = ["caption", "credit", "report__group__acronym"]
    raw_id_fields = ["report"]
