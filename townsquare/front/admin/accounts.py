"""Staff API tokens in the admin: made here (the token is shown once), revoked here."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import api_token_create, api_token_revoke


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name", "scopes"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # absent on a token's page, where every field is read-only
            # Narrows the admin's own choices (ApiTokenAdmin.formfield_for_foreignkey).
            self.fields["user"].queryset = self.fields["user"].queryset.filter(
                is_staff=True, is_active=True
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "scope_list", "created_at", "last_used_at", "live"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            # A token acts as its user: an Administrator may not make one that acts as a
            # superuser (and so do, and sign the audit trail, as someone above them).
            kwargs["queryset"] = get_user_model().objects.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a token is made, used and revoked; never edited

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # revoked instead, so the record of what it was stays

    @admin.display(description="Scopes")
    def scope_list(self, obj: ApiToken) -> str:
        return ", ".join(obj.scopes or [])

    @admin.display(description="Live", boolean=True)
    def live(self, obj: ApiToken) -> bool:
        return obj.is_live

    def save_model(self, request, obj, form, change) -> None:
        try:
            record, token = api_token_create(
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except ValidationError as error:  # the form checked these; a race is still possible
            messages.error(request, "; ".join(error.messages))
            return
        obj.pk = record.pk
        messages.warning(
            request,
            f"The token for “{record.name}” is {token} — copy it now: it is stored only as a "
            "hash and will not be shown again.",
        )

    def save_related(self, request, form, formsets, change) -> None:
        pass  # no relations beyond the user, set by the service

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        revoked = sum(api_token_revoke(token=token) for token in queryset[:100])
        messages.success(request, f"{revoked} token(s) revoked.")
