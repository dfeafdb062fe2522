"""Admin for scoring from other platforms: analysis keys, sites' opt-ins, the dashboard."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from townsquare.scoring import selectors
from townsquare.scoring.models import AnalysisCall, AnalysisKey, ScoreFeedback, SiteScoring
from townsquare.scoring.services import analysis_key_create, analysis_key_revoke
from townsquare.sites.models import Site


class AnalysisKeyForm(forms.ModelForm):
    class Meta:
        model = AnalysisKey
        fields = ["site", "name", "rate_per_minute"]


@admin.register(AnalysisKey)
class AnalysisKeyAdmin(admin.ModelAdmin):
    form = AnalysisKeyForm
    list_display = [
        "name",
        "site",
        "prefix",
        "rate_per_minute",
        "created_at",
        "last_used_at",
        "live",
    ]
    list_filter = ["site", "revoked_at"]
    list_select_related = ["site"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a key is made, used and revoked; never edited

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # revoked instead, so its calls keep their key

    @admin.display(description="Live", boolean=True)
    def live(self, obj: AnalysisKey) -> bool:
        return obj.is_live

    def save_model(self, request, obj, form, change) -> None:
        try:
            record, key = analysis_key_create(
                site=form.cleaned_data["site"],
                name=form.cleaned_data["name"],
                rate_per_minute=form.cleaned_data["rate_per_minute"],
            )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return
        obj.pk = record.pk
        messages.warning(
            request,
            f"The analysis key for “{record.name}” ({record.site}) is {key} — copy it now: it "
            "is stored only as a hash and will not be shown again.",
        )

    def save_related(self, request, form, formsets, change) -> None:
        pass  # nothing beyond the site, set by the service

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset) -> None:
        revoked = sum(analysis_key_revoke(key=key) for key in queryset[:100])
        messages.success(request, f"{revoked} key(s) revoked.")


@admin.register(AnalysisCall)
class AnalysisCallAdmin(admin.ModelAdmin):
    """Every analysis answered (scores, never text); filtered to a site, a table per day."""

    list_display = ["created_at", "site", "toxicity", "over_threshold", "model_version"]
    list_filter = ["site", "over_threshold"]
    list_select_related = ["site"]
    date_hierarchy = "created_at"
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        site_id = request.GET.get("site__id__exact", "")
        site = Site.objects.filter(pk=site_id).first() if site_id.isdigit() else None
        if site is not None:
            extra_context["scoring_site"] = site
            extra_context["scoring_days"] = selectors.analysis_calls_per_day(site=site)
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(SiteScoring)
class SiteScoringAdmin(admin.ModelAdmin):
    list_display = ["site", "keep_feedback"]
    list_select_related = ["site"]


@admin.register(ScoreFeedback)
class ScoreFeedbackAdmin(admin.ModelAdmin):
    list_display = ["client_token", "site", "label", "community_id", "updated_at"]
    list_filter = ["site", "label"]
    list_select_related = ["site"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
