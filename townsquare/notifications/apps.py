from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "townsquare.notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Listen for published replies, join readers' data rights, schedule the digests."""
        from django.conf import settings

        from townsquare.lib.events import event_listener_register
        from townsquare.lib.periodic import periodic_task_register
        from townsquare.notifications.selectors import notifications_data_for
        from townsquare.notifications.services import (
            notification_event_handle,
            notifications_erase,
        )
        from townsquare.notifications.tasks import moderator_digest_task, reader_digest_task
        from townsquare.readers.registry import (
            reader_data_eraser_register,
            reader_data_section_register,
        )

        event_listener_register(notification_event_handle)
        reader_data_section_register(notifications_data_for)
        reader_data_eraser_register(notifications_erase)
        # 0 turns a digest off (docs/configuration.md).
        if settings.MODERATOR_DIGEST_SECONDS:
            periodic_task_register(moderator_digest_task, every=settings.MODERATOR_DIGEST_SECONDS)
        if settings.READER_DIGEST_SECONDS:
            periodic_task_register(reader_digest_task, every=settings.READER_DIGEST_SECONDS)
