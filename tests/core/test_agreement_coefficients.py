"""Nominal coefficients: published worked examples, reference libraries, edge cases."""

import math
import warnings
from collections import Counter
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask

from annotate.core.agreement import (
    cohen_kappa,
    confusion_table,
    encode,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    observed_agreement,
    pair_statistics,
    pairwise_cohen,
    reliability_matrix,
    value_counts,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# four observers, twelve units, nominal values with missing data (None).
KRIPPENDORFF_2011_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Same paper, section A: two observers, ten units, binary data.
KRIPPENDORFF_2011_BINARY = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
FLEISS_WIKIPEDIA_COUNTS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Fleiss (1971), Table 1: psychiatric diagnoses (1 depression, 2 personality disorder,
# 3 schizophrenia, 4 neurosis, 5 other) of 30 subjects by 6 raters each, as the
# raw subjects x raters layout of the R irr package's `diagnoses` data set.
FLEISS_1971_DIAGNOSES = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
]


def units_by_coders(observers: list[list]) -> np.ndarray:
    """The papers print observers x units; our matrices are units x coders."""
    matrix, _ = reliability_matrix([list(unit) for unit in zip(*observers, strict=True)])
    return matrix


def to_nan_array(rows: list[list[int | None]]) -> np.ndarray:
    """Plain values as floats with NaN, the layout the krippendorff package reads."""
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


# --- published worked examples ------------------------------------------------------------


def test_krippendorff_2011_nominal_example_with_missing_values():
    alpha = krippendorff_alpha(units_by_coders(KRIPPENDORFF_2011_OBSERVERS))
    # The paper: 1 - (40 - 1) * (40 - 32) / (40^2 - 384) = 904/1216 = 0.743.
    assert alpha == pytest.approx(float(Fraction(904, 1216)), abs=1e-12)
    assert round(alpha, 3) == 0.743


def test_krippendorff_2011_binary_two_observer_example():
    alpha = krippendorff_alpha(units_by_coders(KRIPPENDORFF_2011_BINARY))
    # The paper: 1 - (20 - 1) * 4 / (14 * 6) = 0.095 (= 2/21 exactly).
    assert alpha == pytest.approx(2 / 21, abs=1e-12)
    assert round(alpha, 3) == 0.095


def test_fleiss_wikipedia_worked_example():
    assert round(fleiss_kappa_from_counts(FLEISS_WIKIPEDIA_COUNTS), 3) == 0.210


def test_fleiss_1971_table_from_raw_ratings_and_from_counts():
    matrix, categories = reliability_matrix(FLEISS_1971_DIAGNOSES)
    counts = value_counts(matrix)
    # Column totals of Fleiss' table, as a check on the transcription.
    totals = dict(zip(categories, counts.sum(axis=0).tolist(), strict=True))
    assert totals == {1: 26, 2: 26, 3: 30, 4: 55, 5: 43}
    assert round(fleiss_kappa(matrix), 3) == 0.430
    assert fleiss_kappa_from_counts(counts) == pytest.approx(fleiss_kappa(matrix), abs=1e-15)


def test_cohen_kappa_wikipedia_example():
    # Wikipedia, "Cohen's kappa": 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)


# --- reference libraries on random data ---------------------------------------------------

VALUE = st.one_of(st.none(), st.integers(min_value=0, max_value=3))


@st.composite
def rating_rows(draw, min_coders=1, max_coders=5, value=VALUE):
    """Units x coders rows of small category values, None for missing."""
    n_coders = draw(st.integers(min_value=min_coders, max_value=max_coders))
    row = st.lists(value, min_size=n_coders, max_size=n_coders)
    return draw(st.lists(row, min_size=1, max_size=30))


@settings(max_examples=50, deadline=None)
@given(rating_rows())
def test_nominal_alpha_matches_krippendorff_package(rows):
    ours = krippendorff_alpha(reliability_matrix(rows)[0])
    coders_by_units = to_nan_array(rows).T
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            reference = krippendorff.alpha(coders_by_units, level_of_measurement="nominal")
    except ValueError:
        reference = math.nan  # the package refuses the data where alpha is undefined
    if ours is None:
        assert math.isnan(reference)
    else:
        assert ours == pytest.approx(reference, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(rating_rows(min_coders=2, max_coders=2))
def test_cohen_kappa_matches_nltk_on_the_pairs_both_rated(rows):
    a, b = [row[0] for row in rows], [row[1] for row in rows]
    both = [(x, y) for x, y in rows if x is not None and y is not None]
    ours = cohen_kappa(a, b)
    if not both:
        assert ours is None
        return
    task = AnnotationTask(
        [("a", i, x) for i, (x, _) in enumerate(both)]
        + [("b", i, y) for i, (_, y) in enumerate(both)]
    )
    if len({v for pair in both for v in pair}) == 1:
        assert ours is None  # one value throughout: no expected disagreement
    else:
        assert ours == pytest.approx(task.kappa_pairwise("a", "b"), abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(rating_rows(min_coders=2, max_coders=5, value=st.integers(0, 3)))
def test_fleiss_matches_nltk_multi_pi_on_complete_data(rows):
    # nltk's pi() is Scott's pi for many coders (Siegel & Castellan's K), which is
    # Fleiss' kappa when every coder rated every unit; multi_kappa is Davies & Fleiss.
    ours = fleiss_kappa(reliability_matrix(rows)[0])
    values = {v for row in rows for v in row}
    if len(values) == 1:
        assert ours is None
        return
    task = AnnotationTask([(c, u, v) for u, row in enumerate(rows) for c, v in enumerate(row)])
    assert ours == pytest.approx(task.pi(), abs=1e-9)


def fleiss_by_hand(rows: list[list[int | None]]) -> float | None:
    """Fleiss' kappa straight from its definition, one unit at a time."""
    tables = [Counter(v for v in row if v is not None) for row in rows]
    tables = [t for t in tables if t.total() >= 2]
    if not tables:
        return None
    agreements = [
        sum(n * (n - 1) for n in t.values()) / (t.total() * (t.total() - 1)) for t in tables
    ]
    pooled = sum(tables, Counter())
    expected = sum((n / pooled.total()) ** 2 for n in pooled.values())
    if expected == 1:
        return None
    return (sum(agreements) / len(agreements) - expected) / (1 - expected)


@settings(max_examples=50, deadline=None)
@given(rating_rows())
def test_fleiss_with_missing_data_matches_its_definition(rows):
    ours = fleiss_kappa(reliability_matrix(rows)[0])
    expected = fleiss_by_hand(rows)
    if expected is None:
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


def agreement_by_hand(rows: list[list[int | None]]) -> float | None:
    """Matching ordered pairs within units, each unit's pairs weighted 1/(m-1)."""
    matches = total = 0.0
    for row in rows:
        values = [v for v in row if v is not None]
        m = len(values)
        if m < 2:
            continue
        pairs = [(x, y) for i, x in enumerate(values) for j, y in enumerate(values) if i != j]
        same = sum(x == y for x, y in pairs)
        matches += same / (m - 1)
        total += m
    return matches / total if total else None


@settings(max_examples=50, deadline=None)
@given(rating_rows())
def test_observed_agreement_matches_pair_counting(rows):
    ours = observed_agreement(reliability_matrix(rows)[0])
    expected = agreement_by_hand(rows)
    if expected is None:
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-12)


# --- coding plain values ------------------------------------------------------------------


def test_encode_maps_any_hashable_and_none_to_nan():
    codes, categories = encode([frozenset({"a"}), None, "x", frozenset({"a"}), ("t",)])
    assert categories == [frozenset({"a"}), "x", ("t",)]
    assert codes[0] == codes[3] == 0
    assert np.isnan(codes[1])


def test_reliability_matrix_pads_short_rows_with_missing():
    matrix, categories = reliability_matrix([["a", "b"], ["a"]])
    assert categories == ["a", "b"]
    assert matrix.shape == (2, 2)
    assert np.isnan(matrix[1, 1])


def test_observed_agreement_of_two_coders_is_percent_agreement():
    matrix, _ = reliability_matrix([["a", "a"], ["a", "b"], ["b", "b"], ["b", None]])
    assert observed_agreement(matrix) == pytest.approx(2 / 3)


def test_pairwise_cohen_lists_every_pair_with_its_overlap():
    matrix, _ = reliability_matrix(
        [["a", "a", None], ["b", "b", "a"], ["a", "b", "b"], ["b", None, "b"]]
    )
    pairs = pairwise_cohen(matrix, ["ann", "bob", "cat"])
    assert [(p["a"], p["b"], p["n"]) for p in pairs] == [
        ("ann", "bob", 3),
        ("ann", "cat", 3),
        ("bob", "cat", 2),
    ]
    assert pairs[0]["kappa"] == pytest.approx(cohen_kappa(["a", "b", "a"], ["a", "b", "b"]))


def test_pair_statistics_accuracy_counts_exact_matches_on_shared_units():
    codes, _ = encode(["a", "b", "a", None, "b", "b", "a", "a"])
    stats = pair_statistics(codes[:4], codes[4:])
    assert stats["n"] == 3
    assert stats["accuracy"] == pytest.approx(2 / 3)


def test_confusion_table_counts_value_pairs():
    values, counts = confusion_table(["a", "a", "b", None], ["a", "b", "b", "a"])
    assert values == ["a", "b"]
    assert counts == [[1, 1], [0, 1]]


def test_value_counts_refuses_codes_beyond_the_categories():
    with pytest.raises(ValueError, match="does not fit"):
        value_counts(np.array([[0.0, 2.0]]), n_categories=2)


def test_cohen_kappa_refuses_unequal_lengths():
    with pytest.raises(ValueError, match="equal lengths"):
        cohen_kappa(["a"], ["a", "b"])


# --- edge cases: defined answers, never NaN -----------------------------------------------


def test_one_coder_only_has_nothing_to_compare():
    matrix, _ = reliability_matrix([["a"], ["b"], ["a"]])
    assert krippendorff_alpha(matrix) is None
    assert fleiss_kappa(matrix) is None
    assert observed_agreement(matrix) is None
    assert pairwise_cohen(matrix, ["solo"]) == []


def test_no_unit_with_two_ratings_has_nothing_to_compare():
    matrix, _ = reliability_matrix([["a", None], [None, "b"], [None, None]])
    assert krippendorff_alpha(matrix) is None
    assert fleiss_kappa(matrix) is None
    assert observed_agreement(matrix) is None


def test_everyone_always_choosing_one_value_is_undefined_not_perfect():
    matrix, _ = reliability_matrix([["a", "a", "a"]] * 4)
    assert krippendorff_alpha(matrix) is None
    assert fleiss_kappa(matrix) is None
    assert cohen_kappa(["a"] * 4, ["a"] * 4) is None
    assert observed_agreement(matrix) == 1.0  # the match itself stays visible


def test_no_overlap_between_two_coders_gives_no_kappa():
    matrix, _ = reliability_matrix([["a", None], ["b", None], [None, "a"], [None, "b"]])
    assert pairwise_cohen(matrix, ["ann", "bob"]) == [
        {"a": "ann", "b": "bob", "kappa": None, "n": 0}
    ]
    assert cohen_kappa(["a", None], [None, "b"]) is None
    assert cohen_kappa([], []) is None


def test_perfect_agreement_with_variation_is_one():
    matrix, _ = reliability_matrix([["a", "a"], ["b", "b"], ["c", "c", "c"]])
    assert krippendorff_alpha(matrix) == pytest.approx(1.0)
    assert fleiss_kappa(matrix) == pytest.approx(1.0)
