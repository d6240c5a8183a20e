"""Score pre-labels against reference labels (pure; used by evaluate_prelabels).

Label sets are compared per label (precision / recall / F1), as whole sets
(exact match) and as nominal values (Cohen's kappa: each distinct set, e.g.
"attributed+speculative", is one category).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from annotate.core.agreement import cohen_kappa

# Quote marks that scrapers and segmenters swap freely; apostrophes become "'".
_QUOTES = str.maketrans({"«": None, "»": None, "“": None, "”": None, "„": None, '"': None})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
# French typography spaces punctuation ("« oui » :"), English does not ('"yes":').
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,.;:!?)])")


def normalise_text(text: str) -> str:
    """The form texts are matched on: no double quotes, one apostrophe, single
    spaces, none before punctuation."""
    text = text.translate(_QUOTES).translate(_APOSTROPHES)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def align_by_text(gold_texts: Sequence[str], span_texts: Sequence[str]) -> list[tuple[int, int]]:
    """(gold index, span index) pairs whose normalised texts are equal, in order.

    The pairing is the longest order-preserving one, so a missing or extra line
    on either side does not shift the rest; unmatched lines are left out.
    """
    gold = [normalise_text(text) for text in gold_texts]
    spans = [normalise_text(text) for text in span_texts]
    matcher = SequenceMatcher(None, gold, spans, autojunk=False)
    return [
        (block.a + offset, block.b + offset)
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
    ]


def score_label_sets(
    gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], labels: Sequence[str]
) -> dict:
    """Per-label P/R/F1, macro-F1, exact match and Cohen's kappa of two label-set lists.

    Undefined ratios (nothing predicted, nothing to find) are 0.0 for P/R/F1;
    macro-F1 averages only the labels present in gold or predictions, and is
    None when there are none. ``kappa`` is None when it is undefined.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold label sets but {len(predicted)} predicted")
    per_label = {label: _label_scores(gold, predicted, label) for label in labels}
    present = [
        scores["f1"]
        for label, scores in per_label.items()
        if scores["support"] or any(label in p for p in predicted)
    ]
    exact = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "per_label": per_label,
        "macro_f1": sum(present) / len(present) if present else None,
        "exact_match": exact / len(gold) if gold else None,
        "kappa": cohen_kappa([_category(g) for g in gold], [_category(p) for p in predicted]),
        "n": len(gold),
    }


def _label_scores(
    gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], label: str
) -> dict:
    pairs = list(zip(gold, predicted, strict=True))
    true_positive = sum(label in g and label in p for g, p in pairs)
    false_positive = sum(label not in g and label in p for g, p in pairs)
    false_negative = sum(label in g and label not in p for g, p in pairs)
    precision = _ratio(true_positive, true_positive + false_positive)
    recall = _ratio(true_positive, true_positive + false_negative)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": true_positive + false_negative,
    }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _category(labels: frozenset[str]) -> str:
    """A label set as one nominal value, independent of order."""
    return "+".join(sorted(labels))
