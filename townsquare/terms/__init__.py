"""Versioned Terms of Service and Community Guidelines pages."""
