from __future__ import annotations

from django import forms
from django.contrib import admin

from townsquare.lib.urls import InvalidURL, origin_normalise
from townsquare.sites.models import Site


class SiteForm(forms.ModelForm):
    """Allowed origins typed one per line rather than as JSON."""

    allowed_origins = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, e.g. https://news.example.org",
    )

    class Meta:
        model = Site
        fields = ["name", "slug", "allowed_origins"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["allowed_origins"] = "\n".join(self.instance.allowed_origins or [])

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


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    form = SiteForm
    list_display = ["name", "slug", "origins", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="Allowed origins")
    def origins(self, obj: Site) -> str:
        return ", ".join(obj.allowed_origins or []) or "—"
