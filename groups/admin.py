from django.contrib import admin
from django.db import models

from groups.models import Group, Membership, Officer, UserPreference
from ssc_reports.entry.progress import RefreshProgressAdmin
from ssc_reports.images import CleanImageField

CLEAN_IMAGES = {models.ImageField: {"form_class": CleanImageField}}


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    fields = ["order", "name", "role", "title", "affiliation", "photo"]
    formfield_overrides = CLEAN_IMAGES


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["acronym", "name", "kind", "members_count", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]
    inlines = [OfficerInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}, **CLEAN_IMAGES}


@admin.register(Officer)
class OfficerAdmin(RefreshProgressAdmin, admin.ModelAdmin):
    list_display = ["name", "role", "title", "group", "affiliation"]
    list_filter = ["role", "group__kind"]
    search_fields = ["name", "affiliation", "group__acronym", "group__name"]
    list_select_related = ["group"]
    formfield_overrides = CLEAN_IMAGES


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "created_at"]
    list_filter = ["role", "group__kind"]
    search_fields = ["user__username", "user__email", "group__acronym", "group__name"]
    autocomplete_fields = ["user", "group"]
    list_select_related = ["user", "group"]


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
