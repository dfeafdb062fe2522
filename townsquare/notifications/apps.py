from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "townsquare.notifications"
    verbose_name = "Notifications"
