from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "townsquare.moderation"
    verbose_name = "Moderation"
