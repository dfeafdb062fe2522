"""Townsquare: the comment section under a news article."""

__version__ = "0.1.0"
