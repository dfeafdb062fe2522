"""The Coral phase in the admin: a site's signing secrets (pasted from Coral) and its settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from townsquare.coral.models import CoralPhaseSettings, CoralSigningSecret
from townsquare.coral.services import (
    coral_phase_settings_set,
    coral_secret_clean,
    coral_secret_create,
    coral_secret_revoke,
)


class CoralSigningSecretAddForm(forms.ModelForm):
    secret = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text="The signing secret Coral shows for its external moderation phase "
        "(Coral admin → Configure → Moderation → External moderation phases). It is shown "
        "again only by its first characters.",
    )

    class Meta:
        model = CoralSigningSecret
        fields = ["site", "name", "secret"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if "secret" in cleaned and cleaned.get("site") is not None:
            try:
                cleaned["secret"] = coral_secret_clean(cleaned["secret"], site=cleaned["site"])
            except ValidationError as error:
                self.add_error("secret", error.message_dict["secret"])
        return cleaned


@admin.register(CoralSigningSecret)
class CoralSigningSecretAdmin(admin.ModelAdmin):
    list_display = ["prefix", "site", "name", "created_at", "last_used_at", "live"]
    list_filter = ["site", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["site"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = CoralSigningSecretAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["site", "name", "secret"]
        return ["site", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["site", "prefix", "created_at", "last_used_at", "revoked_at"]

    @admin.display(boolean=True, description="Live")
    def live(self, obj: CoralSigningSecret) -> bool:
        return obj.is_live

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.save(update_fields=["name"])
            return
        created = coral_secret_create(
            site=form.cleaned_data["site"],
            secret=form.cleaned_data["secret"],
            name=form.cleaned_data.get("name", ""),
        )
        obj.pk, obj.prefix, obj.created_at = created.pk, created.prefix, created.created_at

    @admin.action(
        description="Revoke the selected secrets (Coral's requests signed with them fail)"
    )
    def revoke(self, request, queryset) -> None:
        revoked = sum(coral_secret_revoke(secret=secret) for secret in queryset[:100])
        messages.success(request, f"{revoked} secret(s) revoked.")


@admin.register(CoralPhaseSettings)
class CoralPhaseSettingsAdmin(admin.ModelAdmin):
    list_display = ["site", "reject_directed", "updated_at"]
    fields = ["site", "reject_directed"]

    def get_readonly_fields(self, request, obj=None):
        return ["site"] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        saved = coral_phase_settings_set(site=obj.site, reject_directed=obj.reject_directed)
        obj.pk = saved.pk
