"""Notifications: e-mails readers and moderators asked for, each a task sent after the commit.

- ``models``: reply subscriptions (per comment, pending until the address is confirmed), readers'
  delivery preference (each reply, a daily digest, none), and one delivery row per reply and
  subscription, so nothing is sent twice.
- ``services``: subscribing, confirming, unsubscribing (by the token in the mail), the event
  handler that hears of published replies, and the reader and moderator digests.
- ``mail``: the e-mails themselves, with ``List-Unsubscribe`` (RFC 8058 one-click).
- ``tasks``: thin task wrappers. The unsubscribe page is ``front.views.notifications``.
"""
