"""The embedded NLU model (the default backend): see docs/adr/0002-embedded-nlu.md."""

from nlu.embedded.classifier import EmbeddedClassifier, load_or_train

__all__ = ["EmbeddedClassifier", "load_or_train"]
