"""Heuristic pre-labellers: suggest how a news article holds each span's claim.

Plain Python over plain data (no Django). Entry points: :func:`get_labeller`,
:func:`labeller_for_language`, then ``labeller.predict([SpanInput(...), ...])``.
"""

from .base import LABELS, Labeller, PredictionResult, SpanInput
from .registry import UnsupportedLanguage, available_labellers, get_labeller, labeller_for_language

__all__ = [
    "LABELS",
    "Labeller",
    "PredictionResult",
    "SpanInput",
    "UnsupportedLanguage",
    "available_labellers",
    "get_labeller",
    "labeller_for_language",
]
