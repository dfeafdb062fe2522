from django.contrib import admin

from townsquare.stories.models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "published_at", "comments_open", "premoderate"]
    list_filter = ["comments_open", "premoderate"]
    search_fields = ["headline", "slug", "byline"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "byline", "dateline", "body"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_caption", "photo_credit"]}),
        ("Publishing", {"fields": ["published_at"]}),
        ("Discussion", {"fields": ["comments_open", "premoderate"]}),
        ("Advertising", {"fields": ["ad_enabled", "ad_after_paragraph", "ad_html"]}),
    ]
