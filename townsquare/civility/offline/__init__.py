"""Offline civility tooling: training data, fine-tuning and export (never imported at run time)."""
