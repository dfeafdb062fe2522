from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "townsquare.embed"
    label = "embed"
    verbose_name = "Embed"
