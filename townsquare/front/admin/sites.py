from __future__ import annotations

from django import forms
from django.contrib import admin

from townsquare.lib.i18n import installation_language
from townsquare.lib.urls import InvalidURL, origin_normalise
from townsquare.moderation.policy import moderation_policy
from townsquare.sites.models import MODERATION_SETTINGS, Site


class SiteForm(forms.ModelForm):
    """Allowed origins typed one per line rather than as JSON."""

    allowed_origins = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, e.g. https://news.example.org",
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "slug",
            "allowed_origins",
            "stories_on_first_view",
            "fetch_metadata",
            "front_page_lists_pages",
            *MODERATION_SETTINGS,
            "unscored_language_rule",
            "edit_window_minutes",
            "close_after_days",
            "commenting",
            "subscriber_badge",
            "commenting_url",
            "language",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["allowed_origins"] = "\n".join(self.instance.allowed_origins or [])
        # A form that leaves the language out (older scripts) keeps the installation's.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return (
            self.cleaned_data.get("language") or self.instance.language or installation_language()
        )

    def clean_allowed_origins(self) -> list[str]:
        origins = []
        for line in self.cleaned_data["allowed_origins"].splitlines():
            if not line.strip():
                continue
            try:
                origins.append(origin_normalise(line))
            except InvalidURL as exc:
                raise forms.ValidationError(str(exc)) from exc
        return list(dict.fromkeys(origins))

    def clean(self) -> dict:
        data = super().clean()
        # The site's own thresholds with the site-wide ones it leaves empty must still go up.
        site_wide = moderation_policy()
        names = ("nudge_threshold", "hold_threshold", "reject_threshold")
        effective = [
            data.get(name) if data.get(name) is not None else getattr(site_wide, name)
            for name in names
        ]
        if effective != sorted(effective):
            self.add_error(
                "hold_threshold",
                "With the site-wide values for those left empty, the thresholds must go up: "
                f"nudge ≤ hold ≤ reject (here {effective[0]:.2f}, {effective[1]:.2f}, "
                f"{effective[2]:.2f}).",
            )
        return data


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    form = SiteForm
    list_display = ["name", "slug", "origins", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "allowed_origins"]}),
        (
            "Embedded pages",
            {"fields": ["stories_on_first_view", "fetch_metadata", "front_page_lists_pages"]},
        ),
        (
            "Moderation (empty: as the site-wide Moderation policy says)",
            {"fields": [*MODERATION_SETTINGS, "unscored_language_rule"]},
        ),
        (
            "Discussion (empty: as the COMMENTS_EDIT_MINUTES and COMMENTS_CLOSE_AFTER_DAYS "
            "settings say)",
            {"fields": ["edit_window_minutes", "close_after_days"]},
        ),
        (
            "Who may comment (docs/identity.md; a story may say otherwise)",
            {"fields": ["commenting", "subscriber_badge", "commenting_url"]},
        ),
        ("Language (docs/translating.md; a story may say otherwise)", {"fields": ["language"]}),
    ]

    @admin.display(description="Allowed origins")
    def origins(self, obj: Site) -> str:
        return ", ".join(obj.allowed_origins or []) or "—"
