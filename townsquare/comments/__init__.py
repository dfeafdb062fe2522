"""Commenters, comments, threads and their rendering."""
