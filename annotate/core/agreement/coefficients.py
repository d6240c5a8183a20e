"""Nominal agreement coefficients over plain reliability data.

Reliability data is a units x coders float matrix of category codes, NaN where a
coder did not rate a unit. Codes index a list of category values, so any hashable
value (a label name, a frozenset of labels, a skip sentinel) can be coded; see
``encode`` and ``reliability_matrix``.

Every coefficient returns ``None`` when it is not defined, never NaN, so JSON
and templates show the gap plainly. The two undefined cases are:

* nothing to compare: no unit with two or more ratings (alpha, Fleiss, observed
  agreement) or no unit rated by both coders (Cohen);
* no expected disagreement: every pairable rating is one and the same value.
  Chance then explains the agreement fully and the coefficient is 0/0. We return
  None rather than 1.0 because a coder who always answers the same thing has
  shown nothing about their reliability; observed agreement (1.0) still reports
  that they matched.
"""

from collections.abc import Hashable, Sequence

import numpy as np


def encode(values: Sequence[Hashable | None]) -> tuple[np.ndarray, list[Hashable]]:
    """Code ``values`` as floats (NaN for None) and return ``(codes, categories)``.

    Categories are numbered in order of first appearance.
    """
    index: dict[Hashable, int] = {}
    codes = np.array(
        [np.nan if v is None else index.setdefault(v, len(index)) for v in values], dtype=float
    )
    return codes, list(index)


def reliability_matrix(
    rows: Sequence[Sequence[Hashable | None]],
) -> tuple[np.ndarray, list[Hashable]]:
    """Build the units x coders code matrix from rows of values (None = missing).

    Short rows are padded with missing values. Returns ``(matrix, categories)``.
    """
    n_coders = max((len(row) for row in rows), default=0)
    flat = [row[j] if j < len(row) else None for row in rows for j in range(n_coders)]
    codes, categories = encode(flat)
    return codes.reshape(len(rows), n_coders), categories


def _n_categories(codes: np.ndarray) -> int:
    present = codes[~np.isnan(codes)]
    return int(present.max()) + 1 if present.size else 0


def value_counts(matrix: np.ndarray, n_categories: int | None = None) -> np.ndarray:
    """Units x categories table: how many coders gave each category to each unit."""
    matrix = np.asarray(matrix, dtype=float)
    k = _n_categories(matrix) if n_categories is None else n_categories
    units, _ = np.nonzero(~np.isnan(matrix))
    codes = matrix[~np.isnan(matrix)].astype(np.int64)
    if codes.size and codes.max() >= k:
        raise ValueError(f"code {codes.max()} does not fit {k} categories")
    flat = np.bincount(units * k + codes, minlength=matrix.shape[0] * k)
    return flat.reshape(matrix.shape[0], k)


def coincidences(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix from a units x categories counts table.

    Each unit with m >= 2 ratings adds its m(m-1) ordered pairs of ratings with
    weight 1/(m-1); units with fewer ratings cannot be paired and add nothing.
    """
    counts = np.asarray(counts, dtype=float)
    m = counts.sum(axis=1)
    pairable = m >= 2
    c = counts[pairable]
    weighted = c / (m[pairable] - 1)[:, None]
    o = weighted.T @ c
    # A rating is not paired with itself: remove the n_uc self-pairs per unit.
    o[np.diag_indices_from(o)] -= weighted.sum(axis=0)
    return o


def alpha_from_counts(counts: np.ndarray, distance: np.ndarray | None = None) -> float | None:
    """Krippendorff's alpha from a counts table and a categories x categories distance.

    ``distance`` defaults to the nominal one (0 on the diagonal, 1 elsewhere).
    None when fewer than two pairable values or no expected disagreement.
    """
    o = coincidences(counts)
    if distance is None:
        distance = 1.0 - np.eye(o.shape[0])
    n_c = o.sum(axis=0)
    n = n_c.sum()
    if n < 2:
        return None
    expected = float((np.outer(n_c, n_c) * distance).sum()) / (n - 1)
    if expected <= 0:
        return None
    return 1.0 - float((o * distance).sum()) / expected


def krippendorff_alpha(matrix: np.ndarray, distance: np.ndarray | None = None) -> float | None:
    """Krippendorff's alpha of a code matrix, nominal unless ``distance`` is given.

    Missing values (NaN) are allowed; units with fewer than two ratings are
    dropped. None when not defined (see the module docstring).
    """
    k = len(distance) if distance is not None else None
    return alpha_from_counts(value_counts(matrix, k), distance)


def agreement_from_counts(counts: np.ndarray) -> float | None:
    """Observed agreement (see observed_agreement) from a units x categories counts table."""
    o = coincidences(counts)
    n = o.sum()
    return float(np.trace(o) / n) if n > 0 else None


def observed_agreement(matrix: np.ndarray) -> float | None:
    """Share of pairable rating pairs (within a unit, across coders) that match exactly.

    This is 1 - D_o of nominal alpha: with two coders it is percent agreement,
    with a constant number of coders it is Fleiss' mean agreement P-bar. None
    when no unit has two or more ratings.
    """
    return agreement_from_counts(value_counts(matrix))


def fleiss_kappa_from_counts(table: np.ndarray) -> float | None:
    """Fleiss' kappa from a units x categories table of rating counts.

    With the same number of raters per unit this is exactly Fleiss (1971). Units
    with fewer than two ratings are dropped; if the number varies, P-bar is the
    plain mean of the per-unit agreements and the category shares are pooled over
    all kept ratings. None when no unit is left or no expected disagreement.
    """
    table = np.asarray(table, dtype=float)
    m = table.sum(axis=1)
    keep = m >= 2
    table, m = table[keep], m[keep]
    if not len(table):
        return None
    per_unit = ((table * table).sum(axis=1) - m) / (m * (m - 1))
    shares = table.sum(axis=0) / m.sum()
    expected = float((shares * shares).sum())
    if expected >= 1.0:
        return None
    return (float(per_unit.mean()) - expected) / (1.0 - expected)


def fleiss_kappa(matrix: np.ndarray) -> float | None:
    """Fleiss' kappa of a code matrix with missing values (see fleiss_kappa_from_counts)."""
    return fleiss_kappa_from_counts(value_counts(matrix))


def _confusion(a: np.ndarray, b: np.ndarray, n_categories: int) -> np.ndarray:
    """Counts of (a, b) code pairs over the positions where both are present."""
    both = ~(np.isnan(a) | np.isnan(b))
    pairs = a[both].astype(np.int64) * n_categories + b[both].astype(np.int64)
    counts = np.bincount(pairs, minlength=n_categories * n_categories)
    return counts.reshape(n_categories, n_categories)


def _kappa_from_confusion(confusion: np.ndarray) -> float | None:
    """Cohen's kappa of a confusion table; None if empty or with no expected disagreement."""
    n = confusion.sum()
    if n == 0:
        return None
    observed = np.trace(confusion) / n
    expected = float(confusion.sum(axis=1) @ confusion.sum(axis=0)) / (n * n)
    if expected >= 1.0:
        # Both coders used one and the same category throughout: chance explains it all.
        return None
    return float((observed - expected) / (1.0 - expected))


def pair_statistics(a: np.ndarray, b: np.ndarray) -> dict:
    """``{n, kappa, accuracy}`` of two code columns over the units both rated.

    ``accuracy`` is the share of exact matches; it and ``kappa`` are None when n is 0.
    """
    k = max(_n_categories(a), _n_categories(b))
    confusion = _confusion(np.asarray(a, float), np.asarray(b, float), k)
    n = int(confusion.sum())
    return {
        "n": n,
        "kappa": _kappa_from_confusion(confusion),
        "accuracy": float(np.trace(confusion) / n) if n else None,
    }


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> float | None:
    """Cohen's kappa between two coders' values of the same units.

    Pairs where either value is None are dropped. Returns None when no pair is
    left, or when both coders gave one and the same value to every unit (no
    expected disagreement, so kappa is 0/0).
    """
    if len(a) != len(b):
        raise ValueError(f"cohen_kappa needs equal lengths, got {len(a)} and {len(b)}")
    codes, _ = encode([*a, *b])
    return pair_statistics(codes[: len(a)], codes[len(a) :])["kappa"]


def pairwise_cohen(matrix: np.ndarray, coder_names: Sequence[str]) -> list[dict]:
    """Cohen's kappa for every pair of coders (matrix columns), as ``{a, b, kappa, n}``.

    ``n`` counts the units both coders rated; kappa is None when n is 0 or the
    pair never varied.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.shape[1] != len(coder_names):
        raise ValueError(f"{matrix.shape[1]} columns but {len(coder_names)} coder names")
    pairs = []
    for i, first in enumerate(coder_names):
        for j in range(i + 1, len(coder_names)):
            stats = pair_statistics(matrix[:, i], matrix[:, j])
            pairs.append(
                {"a": first, "b": coder_names[j], "kappa": stats["kappa"], "n": stats["n"]}
            )
    return pairs


def confusion_table(
    a: Sequence[Hashable | None], b: Sequence[Hashable | None]
) -> tuple[list[Hashable], list[list[int]]]:
    """Confusion counts of two coders' values: ``(values, counts)``.

    ``counts[i][j]`` is how many units got ``values[i]`` from ``a`` and
    ``values[j]`` from ``b``; pairs with a None are dropped.
    """
    if len(a) != len(b):
        raise ValueError(f"confusion_table needs equal lengths, got {len(a)} and {len(b)}")
    codes, values = encode([*a, *b])
    counts = _confusion(codes[: len(a)], codes[len(a) :], len(values))
    return values, counts.tolist()
