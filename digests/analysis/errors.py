"""Errors of the text analysis.

AnalysisError
├── ModelNotAvailable   the configured spaCy pipeline is not installed
└── UnknownMethod       no summarizer of that name
"""

from __future__ import annotations

__all__ = ["AnalysisError", "ModelNotAvailable", "UnknownMethod"]


class AnalysisError(Exception):
    """Base of analysis errors; the message is one line a user can act on."""


class ModelNotAvailable(AnalysisError):
    """The spaCy pipeline named by NEWSDIGEST_SPACY_MODEL cannot be loaded."""


class UnknownMethod(AnalysisError):
    """The summary method named is not in the registry."""
