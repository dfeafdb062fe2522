from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "townsquare.front"
    label = "front"
    verbose_name = "Web interface"
