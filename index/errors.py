"""What the index package raises; ``claims`` maps it into its own error hierarchy at the one call site."""

from __future__ import annotations


class EmbeddingModelError(RuntimeError):
    """The embedding model cannot be loaded."""
