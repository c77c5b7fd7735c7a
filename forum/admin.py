from django.contrib import admin

from forum.models import Category, Post, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_zh", "position", "is_introductions"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "author", "reply_count", "last_posted_at", "deleted_at"]
    list_filter = ["category"]
    search_fields = ["title"]
    raw_id_fields = ["author", "last_poster"]
    readonly_fields = ["created_at", "last_posted_at", "reply_count", "language"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "region_code", "language", "created_at", "deleted_at"]
    raw_id_fields = ["thread", "author", "quoted_post"]
    # Where a post was written from is a fact, not a setting: nobody edits it.
    readonly_fields = ["region_code", "language", "language_is_mixed", "created_at", "edited_at"]
