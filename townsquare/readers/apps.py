from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "townsquare.readers"
    verbose_name = "Readers"
