from django.contrib import admin
from django.core.exceptions import PermissionDenied

from townsquare.stories.models import Story
from townsquare.stories.services import StoryRefused, story_may_set_ad_html, story_save


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

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # Raw ad HTML runs on every article; only superusers set it (townsquare.stories.services).
        readonly = list(super().get_readonly_fields(request, obj))
        if not story_may_set_ad_html(actor=request.user):
            readonly.append("ad_html")
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        try:
            story_save(story=obj, actor=request.user)
        except StoryRefused as refusal:
            raise PermissionDenied(refusal.message) from None
