"""The agreement report of a project or an article, from plain unit data.

Units are coded once into a units x annotators matrix (one cheap pass over the
Python objects); every figure after that is a vectorised numpy operation.
"""

import enum
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from annotate.core.agreement.coefficients import (
    agreement_from_counts,
    alpha_from_counts,
    confusion_table,
    encode,
    fleiss_kappa_from_counts,
    pair_statistics,
    pairwise_cohen,
    value_counts,
)
from annotate.core.agreement.multilabel import SKIP, distance_matrix, per_label_from_counts

__all__ = ["SKIP", "Reference", "Unit", "agreement_report", "confusion", "describe", "interpret"]


@dataclass(frozen=True)
class Unit:
    """One span as the agreement report sees it.

    ``ratings`` maps annotator username to label set, or SKIP for an explicit
    "no label"; an annotator absent from the mapping, or mapped to None, did not
    label the span (missing).
    """

    key: Hashable
    ratings: Mapping[str, frozenset[str] | None]
    gold: frozenset[str] | None = None
    prediction: frozenset[str] | None = None
    group: str | None = None


class Reference(enum.Enum):
    """Non-annotator coders a confusion table can compare against."""

    GOLD = "gold"
    PRELABELLER = "prelabeller"


@dataclass(frozen=True)
class _Coded:
    """Units coded as numbers: ratings matrix plus gold, prediction and group columns."""

    ratings: np.ndarray  # units x annotators, NaN = missing
    annotators: list[str]
    gold: np.ndarray
    prediction: np.ndarray
    categories: list[frozenset[str]]
    groups: np.ndarray  # group code per unit, -1 = no group
    group_names: list[str]  # by code, not sorted


def _code_units(units: Sequence[Unit]) -> _Coded:
    """Code every value once, sharing one codebook between ratings, gold and prediction.

    A handful of list comprehensions and one dict pass (``encode``) over the
    values: the only work proportional to the number of ratings that numpy does
    not do.
    """
    names = sorted(set().union(*(unit.ratings for unit in units)))
    values = [unit.gold for unit in units] + [unit.prediction for unit in units]
    for name in names:
        values += [unit.ratings.get(name) for unit in units]
    codes, categories = encode(values)
    table = codes.reshape(len(names) + 2, len(units)).T
    # Annotators mapped only to None never rated anything: not annotators of these units.
    rated = [column for column in range(len(names)) if not np.isnan(table[:, column + 2]).all()]
    group_codes, group_names = encode([unit.group for unit in units])
    return _Coded(
        ratings=table[:, [column + 2 for column in rated]],
        annotators=[names[column] for column in rated],
        gold=table[:, 0],
        prediction=table[:, 1],
        categories=categories,
        groups=np.nan_to_num(group_codes, nan=-1),
        group_names=group_names,
    )


def _annotator_figures(coded: _Coded, pairs: list[dict]) -> dict[str, dict]:
    """Per annotator: units labelled, kappa and accuracy vs gold, mean kappa vs the others."""
    figures = {}
    for column, name in enumerate(coded.annotators):
        ratings = coded.ratings[:, column]
        vs_gold = pair_statistics(ratings, coded.gold)
        kappas = [p["kappa"] for p in pairs if name in (p["a"], p["b"]) and p["kappa"] is not None]
        figures[name] = {
            "n": int((~np.isnan(ratings)).sum()),
            "vs_gold_kappa": vs_gold["kappa"],
            "vs_gold_accuracy": vs_gold["accuracy"],
            "vs_others_kappa": float(np.mean(kappas)) if kappas else None,
        }
    return figures


def _prelabeller_figures(coded: _Coded) -> dict:
    """Units pre-labelled, and the pre-labeller's kappa and accuracy vs gold."""
    vs_gold = pair_statistics(coded.prediction, coded.gold)
    return {
        "n": int((~np.isnan(coded.prediction)).sum()),
        "vs_gold_kappa": vs_gold["kappa"],
        "vs_gold_accuracy": vs_gold["accuracy"],
    }


def _pairable(counts: np.ndarray) -> int:
    return int((counts.sum(axis=1) >= 2).sum())


def _over_time(coded: _Coded, counts: np.ndarray, distance: np.ndarray) -> dict[str, dict]:
    """MASI alpha per group (e.g. ISO week), in group order; units without a group are left out."""
    series = {}
    for code, name in sorted(enumerate(coded.group_names), key=lambda pair: pair[1]):
        rows = counts[coded.groups == code]
        series[name] = {"alpha": alpha_from_counts(rows, distance), "n_units": _pairable(rows)}
    return series


def agreement_report(units: Sequence[Unit], labels: Sequence[str]) -> dict:
    """Agreement figures of ``units`` as a JSON-ready dict (None where not defined).

    * ``krippendorff_alpha``: alpha over whole label sets under MASI distance.
    * ``observed_agreement``: share of rating pairs on a unit with identical sets.
    * ``fleiss_kappa``: label sets taken as nominal values.
    * ``per_label``: label -> ``{alpha, kappa_fleiss, n_units}`` of its yes/no decisions.
    * ``pairs``: Cohen's kappa per annotator pair, ``{a, b, kappa, n}``.
    * ``annotators``: username -> ``{n, vs_gold_kappa, vs_gold_accuracy,
      vs_others_kappa}``; ``n`` counts units labelled, the gold figures use the
      ones that have gold, ``vs_others_kappa`` is the mean of defined pair kappas.
    * ``prelabeller``: ``{n, vs_gold_kappa, vs_gold_accuracy}``, ``n`` = units predicted.
    * ``over_time``: group -> ``{alpha, n_units}``.
    * ``n_units``: units with two or more ratings (those the coefficients use);
      ``n_annotators``: annotators with at least one rating.

    Values are compared as given: a prediction of ``frozenset()`` does not match
    a gold SKIP.
    """
    coded = _code_units(units)
    # One units x label-set-values table feeds every unit-level figure below.
    counts = value_counts(coded.ratings, len(coded.categories))
    distance = distance_matrix(coded.categories)
    pairs = pairwise_cohen(coded.ratings, coded.annotators)
    return {
        "krippendorff_alpha": alpha_from_counts(counts, distance),
        "observed_agreement": agreement_from_counts(counts),
        "fleiss_kappa": fleiss_kappa_from_counts(counts),
        "per_label": per_label_from_counts(counts, coded.categories, labels),
        "pairs": pairs,
        "annotators": _annotator_figures(coded, pairs),
        "prelabeller": _prelabeller_figures(coded),
        "over_time": _over_time(coded, counts, distance),
        "n_units": _pairable(counts),
        "n_annotators": len(coded.annotators),
    }


def _values_of(units: Sequence[Unit], coder: str | Reference) -> list[frozenset[str] | None]:
    if coder is Reference.GOLD:
        return [unit.gold for unit in units]
    if coder is Reference.PRELABELLER:
        return [unit.prediction for unit in units]
    return [unit.ratings.get(coder) for unit in units]


def describe(value: frozenset[str]) -> str:
    """Display name of a label set: "skip", "(none)" for the empty set, else "a+b"."""
    if value == SKIP:
        return "skip"
    return "+".join(sorted(value)) or "(none)"


def confusion(units: Sequence[Unit], first: str | Reference, second: str | Reference) -> dict:
    """Confusion table of label-set values between two coders (usernames or a Reference).

    Returns ``{"values": [names], "counts": [[int]]}``: ``counts[i][j]`` units got
    ``values[i]`` from ``first`` and ``values[j]`` from ``second``. Values are the
    label sets either coder used, single labels first and skip last; units either
    coder left unlabelled are not counted.
    """
    values, counts = confusion_table(_values_of(units, first), _values_of(units, second))
    order = sorted(range(len(values)), key=lambda i: _display_order(values[i]))
    table = np.array(counts, dtype=np.int64).reshape(len(values), len(values))
    return {
        "values": [describe(values[i]) for i in order],
        "counts": table[np.ix_(order, order)].tolist(),
    }


def _display_order(value: frozenset[str]) -> tuple:
    """Single labels first, then combinations, alphabetically; skip last."""
    return value == SKIP, len(value), sorted(value)


_KAPPA_BANDS = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
)
_ALPHA_BANDS = ((0.667, "discard"), (0.8, "tentative"))


def interpret(value: float | None, kind: str) -> str:
    """The usual reading of a coefficient.

    ``kind="kappa"``: Landis & Koch (1977): < 0 poor, up to 0.20 slight, 0.40
    fair, 0.60 moderate, 0.80 substantial, above almost perfect.
    ``kind="alpha"``: Krippendorff (2004): < 0.667 discard, < 0.8 tentative,
    otherwise reliable. None reads "not defined" (too few pairable ratings, or
    no variation in them).
    """
    if kind not in ("kappa", "alpha"):
        raise ValueError(f"kind must be 'kappa' or 'alpha', not {kind!r}")
    if value is None:
        return "not defined"
    if kind == "alpha":
        return next((name for top, name in _ALPHA_BANDS if value < top), "reliable")
    if value < 0:
        return "poor"
    return next((name for top, name in _KAPPA_BANDS if value <= top), "almost perfect")
