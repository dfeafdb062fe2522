from django.apps import AppConfig


class CoralConfig(AppConfig):
    name = "townsquare.coral"
    label = "coral"
    verbose_name = "Coral moderation phase"
