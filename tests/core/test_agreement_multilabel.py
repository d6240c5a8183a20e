"""Set-valued ratings: MASI distance and alpha, per-label decisions, skip vs missing."""

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import masi_distance as nltk_masi_distance

from annotate.core.agreement import (
    SKIP,
    fleiss_kappa,
    krippendorff_alpha,
    label_decisions,
    masi_alpha,
    masi_distance,
    per_label_agreement,
    reliability_matrix,
)

LABELS = ["reported", "attributed", "speculative", "denied"]
REP, ATT, SPEC, DEN = (frozenset({name}) for name in LABELS)


# --- MASI distance ------------------------------------------------------------------------


def test_masi_distance_follows_passonneau_2006():
    assert masi_distance(frozenset({1, 2}), frozenset({1, 2})) == 0.0
    # subset: Jaccard 2/4, M = 2/3 (the nltk docstring example)
    assert masi_distance(frozenset({1, 2}), frozenset({1, 2, 3, 4})) == pytest.approx(2 / 3)
    # overlap, neither a subset: Jaccard 1/3, M = 1/3
    assert masi_distance(frozenset({1, 2}), frozenset({2, 3})) == pytest.approx(1 - 1 / 9)
    assert masi_distance(frozenset({1}), frozenset({2})) == 1.0


def test_masi_distance_of_two_empty_sets_is_zero():
    assert masi_distance(frozenset(), frozenset()) == 0.0
    assert masi_distance(frozenset(), REP) == 1.0


def test_skip_is_far_from_every_label_set_and_near_itself():
    for value in (REP, ATT | SPEC, frozenset()):
        assert masi_distance(SKIP, value) == masi_distance(value, SKIP) == 1.0
    assert masi_distance(SKIP, SKIP) == 0.0


LABEL_SET = st.frozensets(st.sampled_from(LABELS), min_size=1)
RATING = st.one_of(LABEL_SET, st.just(SKIP))


@settings(max_examples=50, deadline=None)
@given(RATING, RATING)
def test_masi_distance_matches_nltk_on_non_empty_sets(a, b):
    assert masi_distance(a, b) == pytest.approx(nltk_masi_distance(a, b), abs=1e-12)


# --- MASI alpha ---------------------------------------------------------------------------


RATING_OR_MISSING = st.one_of(st.none(), RATING)


@st.composite
def set_rows(draw):
    """Units x coders rows of label sets, SKIP or None (missing)."""
    n_coders = draw(st.integers(min_value=2, max_value=4))
    row = st.lists(RATING_OR_MISSING, min_size=n_coders, max_size=n_coders)
    return draw(st.lists(row, min_size=1, max_size=25))


def nltk_masi_alpha(rows) -> float:
    task = AnnotationTask(
        [(c, u, v) for u, row in enumerate(rows) for c, v in enumerate(row) if v is not None],
        distance=nltk_masi_distance,
    )
    return task.alpha()


def pairable_values(rows) -> set:
    return {v for row in rows if sum(v is not None for v in row) >= 2 for v in row} - {None}


@settings(max_examples=50, deadline=None)
@given(set_rows())
def test_masi_alpha_matches_nltk(rows):
    assume(len(pairable_values(rows)) >= 2)  # else undefined (nltk says 1, we say None)
    matrix, categories = reliability_matrix(rows)
    assert masi_alpha(matrix, categories) == pytest.approx(nltk_masi_alpha(rows), abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(set_rows())
def test_masi_alpha_is_none_exactly_when_undefined(rows):
    matrix, categories = reliability_matrix(rows)
    assert (masi_alpha(matrix, categories) is None) == (len(pairable_values(rows)) < 2)


def test_masi_alpha_gives_partial_credit_that_nominal_alpha_does_not():
    rows = [[ATT, ATT | SPEC], [REP, REP], [SPEC, SPEC], [DEN, DEN], [ATT, ATT]]
    matrix, categories = reliability_matrix(rows)
    assert masi_alpha(matrix, categories) > krippendorff_alpha(matrix)


# --- per-label yes/no decisions -----------------------------------------------------------


def test_label_decisions_count_skip_and_absence_as_no_and_keep_missing():
    matrix, categories = reliability_matrix([[ATT | SPEC, SKIP, None, REP]])
    decisions = label_decisions(matrix, categories, "speculative")
    assert decisions[0, :2].tolist() == [1.0, 0.0]
    assert np.isnan(decisions[0, 2])
    assert decisions[0, 3] == 0.0


@settings(max_examples=50, deadline=None)
@given(set_rows())
def test_per_label_figures_are_nominal_figures_of_the_decisions(rows):
    matrix, categories = reliability_matrix(rows)
    figures = per_label_agreement(matrix, categories, LABELS)
    for label in LABELS:
        decisions = label_decisions(matrix, categories, label)
        assert figures[label]["kappa_fleiss"] == fleiss_kappa(decisions)
        alpha = figures[label]["alpha"]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                reference = krippendorff.alpha(
                    decisions.T, level_of_measurement="nominal", value_domain=[0.0, 1.0]
                )
        except ValueError:
            reference = math.nan
        if alpha is None:
            assert math.isnan(reference)
        else:
            assert alpha == pytest.approx(reference, abs=1e-9)


def test_per_label_n_units_counts_units_with_two_ratings():
    matrix, categories = reliability_matrix([[REP, REP], [ATT, None], [SKIP, SPEC]])
    figures = per_label_agreement(matrix, categories, LABELS)
    assert {f["n_units"] for f in figures.values()} == {2}


def test_a_label_nobody_used_has_no_figures():
    matrix, categories = reliability_matrix([[REP, REP], [ATT, SPEC]])
    denied = per_label_agreement(matrix, categories, LABELS)["denied"]
    assert denied["alpha"] is None
    assert denied["kappa_fleiss"] is None


# --- skip is not missing ------------------------------------------------------------------

SKIP_ROWS = [
    [REP, REP],
    [ATT, ATT],
    [SPEC, SKIP],  # a skip that disagrees with a label set
    [SKIP, SKIP],
    [SPEC, SPEC],
    [DEN, ATT],
]


def with_cell(rows, unit, coder, value):
    return [
        [value if (u, c) == (unit, coder) else v for c, v in enumerate(row)]
        for u, row in enumerate(rows)
    ]


def test_turning_a_disagreeing_skip_into_missing_raises_agreement():
    skipped, categories = reliability_matrix(SKIP_ROWS)
    missing, missing_categories = reliability_matrix(with_cell(SKIP_ROWS, 2, 1, None))
    assert masi_alpha(missing, missing_categories) > masi_alpha(skipped, categories)
    # For "speculative" the skip is a "no" against a "yes"; missing, it is no vote at all.
    assert per_label_agreement(skipped, categories, LABELS)["speculative"]["alpha"] < 1.0
    assert per_label_agreement(missing, missing_categories, LABELS)["speculative"]["alpha"] == 1.0


def test_turning_an_agreeing_skip_into_missing_lowers_agreement():
    skipped, categories = reliability_matrix(SKIP_ROWS)
    missing, missing_categories = reliability_matrix(with_cell(SKIP_ROWS, 3, 1, None))
    assert masi_alpha(missing, missing_categories) < masi_alpha(skipped, categories)
