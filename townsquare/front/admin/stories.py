from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from townsquare.lib.urls import InvalidURL, canonical_url
from townsquare.sites.models import Site, default_site_id
from townsquare.stories.models import Story
from townsquare.stories.services import StoryRefused, story_may_set_ad_html, story_save


class StoryForm(forms.ModelForm):
    """The site may be left empty (the default site); the canonical URL is stored normalised."""

    class Meta:
        model = Story
        fields = [
            *["headline", "slug", "standfirst", "byline", "dateline", "body"],
            *["photo", "photo_alt", "photo_caption", "photo_credit"],
            *["published_at", "site", "canonical_url", "metadata_confirmed"],
            *["comments_open", "close_after_days", "premoderate", "commenting"],
            *["language"],
            *["ad_enabled", "ad_after_paragraph", "ad_html"],
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "site" in self.fields:
            self.fields["site"].required = False

    def clean_site(self) -> Site:
        return self.cleaned_data.get("site") or Site.objects.get(pk=default_site_id())

    def clean_canonical_url(self) -> str:
        value = self.cleaned_data.get("canonical_url", "").strip()
        if not value:
            return ""
        try:
            return canonical_url(value)
        except InvalidURL as exc:
            raise forms.ValidationError("Give the page's full http(s) address.") from exc


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryForm
    list_display = ["headline", "site", "published_at", "comments_open", "premoderate"]
    list_filter = ["site", "metadata_confirmed", "comments_open", "premoderate"]
    search_fields = ["headline", "slug", "byline", "canonical_url"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "byline", "dateline", "body"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_caption", "photo_credit"]}),
        (
            "Publishing",
            {"fields": ["published_at", "site", "canonical_url", "metadata_confirmed"]},
        ),
        (
            "Discussion",
            {"fields": ["comments_open", "close_after_days", "premoderate", "commenting"]},
        ),
        ("Language", {"fields": ["language"]}),
        ("Advertising", {"fields": ["ad_enabled", "ad_after_paragraph", "ad_html"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A story an editor adds is theirs: there is no claimed headline to confirm yet.
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != "metadata_confirmed"]},
            )
            for name, options in fieldsets
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
