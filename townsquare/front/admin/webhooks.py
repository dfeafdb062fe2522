"""Webhooks in the admin: administrators manage a site's webhooks and read the delivery log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from townsquare.lib.events import EVENTS
from townsquare.webhooks.models import Webhook, WebhookDelivery
from townsquare.webhooks.selectors import webhook_delivery_status_text
from townsquare.webhooks.services import webhook_redeliver


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in EVENTS], widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Webhook
        fields = ["site", "url", "description", "events", "active", "secret"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "site", "subscribed", "active", "created_at"]
    list_filter = ["site", "active"]

    @admin.display(description="Events")
    def subscribed(self, obj: Webhook) -> str:
        return ", ".join(obj.events or []) or "—"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only, as a log is; "Deliver again" makes a new entry."""

    list_display = [
        "created_at",
        "event",
        "webhook",
        "status_text",
        "attempts",
        "response_status",
        "next_attempt_at",
    ]
    list_filter = ["status", "event", "webhook__site"]
    list_select_related = ["webhook__site"]
    readonly_fields = [
        "status_text" if f.name == "status" else f.name for f in WebhookDelivery._meta.fields
    ]
    actions = ["deliver_again"]

    @admin.display(description="Status", ordering="status")
    def status_text(self, obj: WebhookDelivery) -> str:
        return webhook_delivery_status_text(obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Deliver the selected events again")
    def deliver_again(self, request, queryset) -> None:
        deliveries = list(queryset.select_related("webhook")[:100])
        for delivery in deliveries:
            webhook_redeliver(delivery=delivery)
        messages.success(request, f"{len(deliveries)} delivery(ies) queued again.")
