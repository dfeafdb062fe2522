from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "townsquare.transfer"
    verbose_name = "Import and export"
