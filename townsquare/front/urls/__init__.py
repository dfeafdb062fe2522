"""The URL sets of the HTML views, each under its own namespace (``moderation``, ``reports``,
``readers``, ``notifications``, ``terms``, ``accounts``), included by ``townsquare.urls``."""
