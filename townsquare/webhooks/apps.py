from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "townsquare.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        """Hear every event; sweep overdue deliveries every minute."""
        from townsquare.lib.events import event_listener_register
        from townsquare.lib.periodic import periodic_task_register
        from townsquare.webhooks.services import webhook_event_handle
        from townsquare.webhooks.tasks import webhook_deliveries_sweep_task

        event_listener_register(webhook_event_handle)
        # Sends every delivery whose attempt is overdue (a retry job lost, run early, or never
        # queued).
        periodic_task_register(webhook_deliveries_sweep_task, every=60)
