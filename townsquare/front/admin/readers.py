"""Admin for single sign-on: a site's secrets (add, rotate with an overlap), its OpenID provider,
the accounts that signed in (read, for support), and the stories given to reporters. See
docs/identity.md."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse

from townsquare.readers.models import OIDCProvider, SSOIdentity, SSOSecret, StoryReporter
from townsquare.readers.oidc import oidc_provider_check
from townsquare.readers.sso import sso_secret_check, sso_secret_rotate


class SSOSecretForm(forms.ModelForm):
    class Meta:
        model = SSOSecret
        fields = ["site", "kid", "secret", "expires_at"]

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        sso_secret_check(secret=secret)
        return secret


class RotateForm(ActionForm):
    overlap_hours = forms.IntegerField(
        min_value=0,
        max_value=24 * 90,
        initial=24,
        required=False,
        help_text="Rotate: hours the old secrets keep working.",
    )


@admin.register(SSOSecret)
class SSOSecretAdmin(admin.ModelAdmin):
    form = SSOSecretForm
    action_form = RotateForm
    list_display = ["site", "kid", "created_at", "expires_at"]
    list_filter = ["site"]
    readonly_fields = ["created_at"]
    actions = ["rotate"]

    @admin.action(description="Rotate: a new secret for these sites; the old ones end later")
    def rotate(self, request, queryset) -> None:
        hours = request.POST.get("overlap_hours") or "24"
        try:
            overlap = timedelta(hours=max(0, min(int(hours), 24 * 90)))
        except ValueError:
            self.message_user(request, "The overlap is a number of hours.", messages.ERROR)
            return
        for site_id in sorted(set(queryset.values_list("site_id", flat=True))):
            secret = sso_secret_rotate(
                site=queryset.filter(site_id=site_id)[0].site, overlap=overlap
            )
            self.message_user(
                request, f"{secret.site}: new secret with kid {secret.kid}; copy it from its page."
            )


class OIDCProviderForm(forms.ModelForm):
    issuer = forms.URLField(
        max_length=300,
        assume_scheme="https",
        help_text=OIDCProvider._meta.get_field("issuer").help_text,
    )
    discovery_url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        required=False,
        help_text=OIDCProvider._meta.get_field("discovery_url").help_text,
    )

    class Meta:
        model = OIDCProvider
        fields = [
            "site",
            "name",
            "enabled",
            "issuer",
            "discovery_url",
            "client_id",
            "client_secret",
            "scopes",
            "name_claim",
            "email_claim",
            "email_verified_required",
            "badges_claim",
            "badges_allowed",
            "subscriber_claim",
            "subscriber_value",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        oidc_provider_check(
            issuer=cleaned.get("issuer") or "",
            scopes=cleaned.get("scopes") or "",
            subscriber_claim=cleaned.get("subscriber_claim") or "",
            subscriber_value=cleaned.get("subscriber_value") or "",
            discovery_url=cleaned.get("discovery_url") or "",
        )
        return cleaned


@admin.register(OIDCProvider)
class OIDCProviderAdmin(admin.ModelAdmin):
    form = OIDCProviderForm
    list_display = ["name", "site", "issuer", "enabled", "updated_at"]
    list_filter = ["enabled"]
    readonly_fields = ["redirect_uri", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["site", "name", "enabled", "redirect_uri"]}),
        (
            "Provider",
            {"fields": ["issuer", "discovery_url", "client_id", "client_secret", "scopes"]},
        ),
        (
            "Claims",
            {
                "fields": [
                    "name_claim",
                    "email_claim",
                    "email_verified_required",
                    "badges_claim",
                    "badges_allowed",
                    "subscriber_claim",
                    "subscriber_value",
                ]
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Redirect URI to register at the provider")
    def redirect_uri(self, provider: OIDCProvider) -> str:
        if provider.site_id is None:
            return "(save first)"
        return settings.SITE_URL + reverse("readers:oidc_callback", args=[provider.site.slug])


@admin.register(SSOIdentity)
class SSOIdentityAdmin(admin.ModelAdmin):
    list_display = ["username", "site", "email", "role", "issuer", "issued_at", "updated_at"]
    list_filter = ["site", "role"]
    search_fields = ["username", "email", "subject"]
    readonly_fields = [f.name for f in SSOIdentity._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # accounts come from tokens only


@admin.register(StoryReporter)
class StoryReporterAdmin(admin.ModelAdmin):
    list_display = ["identity", "story", "created_at"]
    autocomplete_fields = ["story", "identity"]
    search_fields = ["identity__username", "story__headline"]
