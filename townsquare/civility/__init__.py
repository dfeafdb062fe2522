"""The local civility classifier: scoring, training, evaluation."""
