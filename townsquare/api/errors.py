"""The API's error shape, kept under its old name for the modules that still import it from here.

The shape itself lives in ``townsquare.lib.apierrors`` (Coral's phase answers with it too).
"""

from townsquare.lib.apierrors import ApiError, error_response

__all__ = ["ApiError", "error_response"]
