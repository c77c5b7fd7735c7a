from django.contrib import admin

from forum.models import CategoryModerator
from moderation import services
from moderation.models import AuditEntry


@admin.register(CategoryModerator)
class CategoryModeratorAdmin(admin.ModelAdmin):
    """Admins appoint category moderators here; the services keep the member's role flag."""

    list_display = ["member", "category"]
    list_filter = ["category"]
    autocomplete_fields = ["member"]

    def save_model(self, request, obj, form, change):
        services.appoint_category_moderator(
            admin=request.user, member=obj.member, category=obj.category
        )

    def delete_model(self, request, obj):
        services.remove_category_moderator(
            admin=request.user, member=obj.member, category=obj.category
        )

    def delete_queryset(self, request, queryset):
        for row in queryset.select_related("member", "category"):
            self.delete_model(request, row)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Readable by admins; nobody edits or deletes the record of what moderators did."""

    list_display = ["created_at", "moderator", "action", "target_label", "reason"]
    list_filter = ["action"]
    search_fields = ["target_label", "moderator__username", "member__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
