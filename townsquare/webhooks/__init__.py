"""Webhooks: a site's own systems told, signed, when comments and reports happen.

- ``models``: ``Webhook`` (a site's endpoint, its secret and the events it wants) and
  ``WebhookDelivery`` (the delivery log: each attempt's answer, the next retry).
- ``services``: the event handler (``webhook_event_handle``, registered in ``apps.py``) that
  logs one delivery per subscribed webhook, the signature, and one delivery attempt with its
  retry schedule, and the sweep of overdue deliveries; ``tasks``: the delivery task and the
  periodic sweep the worker runs.
- ``selectors``: whether the task backend can retry, and a delivery's status in words true of it.
- The admin pages (webhooks, and the read-only delivery log with "deliver again") are
  ``front.admin.webhooks``.

Depends on ``comments``, ``stories``, ``sites`` and ``lib``; nothing below imports it (events
reach it through ``lib.events``, where ``WebhooksConfig.ready()`` registers it).
"""
