from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Interest, Member


@admin.register(Member)
class MemberAdmin(UserAdmin):
    list_display = [
        "username",
        "display_name",
        "email",
        "preferred_language",
        "region_code",
        "date_joined",
        "is_staff",
    ]
    list_filter = ["preferred_language", "is_staff", "is_active"]
    search_fields = ["username", "display_name", "email"]
    readonly_fields = ["region_code", "last_login", "date_joined"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "avatar",
                    "bio",
                    "preferred_language",
                    "languages_spoken",
                    "languages_learning",
                    "interests",
                    "region_code",
                )
            },
        ),
    )
    filter_horizontal = ["groups", "user_permissions", "interests"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_zh", "is_suggested"]
    list_editable = ["is_suggested"]
    search_fields = ["slug", "name_en", "name_zh"]
    prepopulated_fields = {"slug": ["name_en"]}
