from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "townsquare.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
