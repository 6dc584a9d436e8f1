"""The admin of the ssc_reports app's models (the report aggregate, review and compilation)."""

from django.contrib import admin
from django.db import models

from ssc_reports.entry.progress import RefreshProgressAdmin
from ssc_reports.images import CleanImageField
from ssc_reports.models import (
    CommentReply,
    Compilation,
    DeadlineExtension,
    Photo,
    Plan,
    PlanComment,
    PlanEvent,
    PlannedTarget,
    PlanningRound,
    PlanPdf,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportPdf,
    ReviewComment,
    SentReminder,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For tables only services write (logs, the catalogue's history, planning): the admin
    shows them and changes nothing, so every write keeps its history entry."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "quadrennium", "start", "end", "submission_deadline", "is_open"]
    list_filter = ["quadrennium", "is_open"]


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["order", "image", "caption", "credit", "component"]
    formfield_overrides = {models.ImageField: {"form_class": CleanImageField}}


@admin.register(Report)
class ReportAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["group", "period", "status", "updated_at"]
    list_filter = ["period", "status", "group__kind"]
    search_fields = ["group__acronym", "group__name"]
    autocomplete_fields = ["group"]
    inlines = [PhotoInline]
    list_select_related = ["group", "period"]


@admin.register(Photo)
class PhotoAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["__str__", "report", "component", "caption"]
    list_filter = ["component", "report__period"]
    search_fields = ["caption", "credit", "report__group__acronym"]
    raw_id_fields = ["report"]
    formfield_overrides = {models.ImageField: {"form_class": CleanImageField}}


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    """The review history: written by the workflow services, read-only here."""

    list_display = ["report", "old_status", "new_status", "by", "at"]
    list_filter = ["new_status", "report__period"]
    search_fields = ["report__group__acronym", "reason", "by__username"]
    list_select_related = ["report__group", "report__period", "by"]
    readonly_fields = ["report", "by", "at", "old_status", "new_status", "reason"]
    exclude = ["snapshot"]


@admin.register(Compilation)
class CompilationAdmin(admin.ModelAdmin):
    """Compilations of the SSC Species Report: started from the staff pages, read-only here."""

    list_display = ["period", "status", "done", "total", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "period"]
    list_select_related = ["period"]
    readonly_fields = [field.name for field in Compilation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["report", "section", "author", "created", "resolved"]
    list_filter = ["section", "resolved", "report__period"]
    search_fields = ["report__group__acronym", "text"]
    list_select_related = ["report__group", "report__period", "author"]
    raw_id_fields = ["report", "target", "activity", "author", "resolved_by"]


@admin.register(CommentReply)
class CommentReplyAdmin(admin.ModelAdmin):
    list_display = ["comment", "author", "created"]
    search_fields = ["comment__report__group__acronym", "text"]
    list_select_related = ["comment__report__group", "comment__report__period", "author"]
    raw_id_fields = ["comment", "author"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ["report", "until", "granted_by", "granted_at"]
    list_select_related = ["report__group", "report__period", "granted_by"]
    raw_id_fields = ["report", "granted_by"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Which reminder digests went out (written by `send_reminders`), read-only."""

    list_display = ["report", "step", "sent_at", "recipients"]
    list_filter = ["step", "report__period"]
    list_select_related = ["report__group", "report__period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportPdf)
class ReportPdfAdmin(admin.ModelAdmin):
    """The background renders of reports' PDFs (ssc_reports.pdf.cache): read-only here."""

    list_display = ["report", "final", "status", "attempts", "created_at", "seconds", "error"]
    list_filter = ["status", "final"]
    list_select_related = ["report__group", "report__period"]
    readonly_fields = [field.name for field in ReportPdf._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlannedTargetInline(admin.TabularInline):
    model = PlannedTarget
    fields = ["code", "component", "title", "ksr", "carried_from"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanningRound)
class PlanningRoundAdmin(ReadOnlyAdmin):
    list_display = ["quadrennium", "previous", "deadline", "opened_at", "opened_by"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["group", "planning", "status", "extended_until"]
    list_filter = ["planning", "status"]
    search_fields = ["group__acronym", "group__name"]
    list_select_related = ["group", "planning__quadrennium"]
    inlines = [PlannedTargetInline]


@admin.register(PlannedTarget)
class PlannedTargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "plan", "component", "ksr", "carried_from"]
    list_filter = ["plan__planning", "component"]
    search_fields = ["plan__group__acronym", "title"]
    list_select_related = ["plan__group", "plan__planning__quadrennium", "ksr", "carried_from"]


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdmin):
    list_display = ["plan", "old_status", "new_status", "by", "at"]
    list_select_related = ["plan__group", "plan__planning__quadrennium", "by"]


@admin.register(PlanComment)
class PlanCommentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "target", "author", "created"]
    list_select_related = ["plan__group", "plan__planning__quadrennium", "target", "author"]


@admin.register(PlanPdf)
class PlanPdfAdmin(ReadOnlyAdmin):
    list_display = ["plan", "status", "created_at", "finished_at"]
    list_select_related = ["plan__group", "plan__planning__quadrennium"]
