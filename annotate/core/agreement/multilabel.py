"""Agreement on set-valued ratings: per-label yes/no decisions and MASI-weighted alpha.

A rating is a frozenset of label names, or ``SKIP`` for an explicit "no label".
SKIP is its own value, not the empty set: an annotator who pressed skip made a
decision that differs from any label set, so MASI puts it at distance 1 from
every label set (the empty set included) and at 0 from another skip. A missing
rating (None / NaN code) is no decision at all and is left out of every figure.
"""

from collections.abc import Callable, Hashable, Sequence

import numpy as np

from annotate.core.agreement.coefficients import (
    alpha_from_counts,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    value_counts,
)

SKIP: frozenset[str] = frozenset({"__skip__"})


def masi_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """MASI distance (Passonneau 2006): 1 - Jaccard(a, b) * M.

    M is 1 when the sets are equal, 2/3 when one is a subset of the other, 1/3
    when they overlap otherwise, 0 when disjoint. Two empty sets are equal, so at
    distance 0 (nltk divides by zero there). SKIP is at distance 1 from every
    label set and 0 from SKIP.
    """
    if a == b:
        return 0.0
    if SKIP in (a, b):
        return 1.0
    shared = len(a & b)
    if shared == 0:
        return 1.0
    monotonicity = 2 / 3 if shared == min(len(a), len(b)) else 1 / 3
    return 1.0 - shared / len(a | b) * monotonicity


def distance_matrix(
    values: Sequence[Hashable], distance: Callable[[Hashable, Hashable], float] = masi_distance
) -> np.ndarray:
    """Pairwise distances between the category values (a few dozen at most)."""
    return np.array([[distance(a, b) for b in values] for a in values], dtype=float)


def masi_alpha(matrix: np.ndarray, categories: Sequence[frozenset[str]]) -> float | None:
    """Krippendorff's alpha of coded label sets under the MASI distance.

    ``categories[code]`` is the label set (or SKIP) of each code. None when not
    defined: no unit with two or more ratings, or only one value ever given.
    """
    return krippendorff_alpha(matrix, distance_matrix(categories))


def label_decisions(
    matrix: np.ndarray, categories: Sequence[frozenset[str]], label: str
) -> np.ndarray:
    """The yes (1) / no (0) decision on ``label`` for every rating; NaN stays NaN.

    A skip, or a set without the label, is a "no"; only a missing rating is missing.
    """
    has_label = np.array([label in value for value in categories], dtype=float)
    decisions = np.full(np.shape(matrix), np.nan)
    present = ~np.isnan(matrix)
    decisions[present] = has_label[matrix[present].astype(np.int64)]
    return decisions


def pairable_units(matrix: np.ndarray) -> int:
    """How many units have two or more ratings, the ones agreement is measured on."""
    return int(((~np.isnan(matrix)).sum(axis=1) >= 2).sum())


def label_counts(
    counts: np.ndarray, categories: Sequence[frozenset[str]], label: str
) -> np.ndarray:
    """Units x [no, yes] counts of ``label`` from a units x label-set-values counts table."""
    has_label = np.array([label in value for value in categories], dtype=bool)
    yes = counts[:, has_label].sum(axis=1)
    return np.column_stack([counts.sum(axis=1) - yes, yes])


def per_label_from_counts(
    counts: np.ndarray, categories: Sequence[frozenset[str]], labels: Sequence[str]
) -> dict[str, dict]:
    """per_label_agreement from a units x categories counts table (no recount per label)."""
    n_units = int((counts.sum(axis=1) >= 2).sum())
    report = {}
    for label in labels:
        decisions = label_counts(counts, categories, label)
        report[label] = {
            "alpha": alpha_from_counts(decisions),
            "kappa_fleiss": fleiss_kappa_from_counts(decisions),
            "n_units": n_units,
        }
    return report


def per_label_agreement(
    matrix: np.ndarray, categories: Sequence[frozenset[str]], labels: Sequence[str]
) -> dict[str, dict]:
    """For each label, ``{alpha, kappa_fleiss, n_units}`` of its yes/no decisions.

    A skip, or a set without the label, is a "no"; missing ratings stay missing.
    Alpha is nominal over the binary decisions; either figure is None when not
    defined (e.g. nobody ever used the label, or everybody always did).
    ``n_units`` counts units with two or more ratings, the same for every label.
    """
    return per_label_from_counts(value_counts(matrix, len(categories)), categories, labels)
