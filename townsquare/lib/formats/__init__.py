"""Our own date formats for a language, where Django's do not suit a comment thread.

``settings.FORMAT_MODULE_PATH`` points here; a language without a folder here keeps Django's
formats (Spanish, French, German and Portuguese do: their times are already on the 24-hour
clock). Templates use the format names (``DATETIME_FORMAT``, ``DATE_FORMAT``, ``TIME_FORMAT``).
"""
