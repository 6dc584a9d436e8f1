"""Admin of the review side's models (imported by ssc_reports.admin)."""

from django.contrib import admin

from ssc_reports.review_models import DeadlineExtension, ReviewComment, SentReminder


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["report", "section", "author", "created", "resolved"]
    list_filter = ["section", "resolved", "report__period"]
    search_fields = ["report__group__acronym", "text"]
    list_select_related = ["report__group", "report__period", "author"]
    raw_id_fields = ["report", "target", "activity", "author"]


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
