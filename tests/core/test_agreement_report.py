"""The agreement report over plain units: shape, consistency with the coefficients, edges."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import masi_distance as nltk_masi_distance

from annotate.core.agreement import (
    SKIP,
    Reference,
    Unit,
    agreement_report,
    cohen_kappa,
    confusion,
    fleiss_kappa,
    interpret,
    reliability_matrix,
)

LABELS = ["reported", "attributed", "speculative", "denied"]
REP, ATT, SPEC, DEN = (frozenset({name}) for name in LABELS)
KEYS = {
    "krippendorff_alpha",
    "observed_agreement",
    "fleiss_kappa",
    "per_label",
    "pairs",
    "annotators",
    "prelabeller",
    "over_time",
    "n_units",
    "n_annotators",
}

UNITS = [
    Unit(1, {"ann": REP, "bob": REP, "cat": REP}, gold=REP, prediction=REP, group="2026-W47"),
    Unit(2, {"ann": ATT, "bob": ATT | SPEC}, gold=ATT, prediction=ATT, group="2026-W47"),
    Unit(3, {"ann": SPEC, "bob": SKIP, "cat": SPEC}, gold=SPEC, prediction=DEN, group="2026-W47"),
    Unit(4, {"ann": SKIP, "bob": SKIP}, gold=SKIP, prediction=REP, group="2026-W48"),
    Unit(5, {"ann": DEN, "cat": DEN}, group="2026-W48"),
    Unit(6, {"bob": REP, "cat": ATT}, gold=ATT, group="2026-W48"),
    Unit(7, {"ann": REP}, prediction=REP),
]


def column(units, coder):
    return [unit.ratings.get(coder) for unit in units]


def nltk_masi_alpha(units) -> float:
    triples = [(c, u.key, v) for u in units for c, v in u.ratings.items() if v is not None]
    return AnnotationTask(triples, distance=nltk_masi_distance).alpha()


@pytest.fixture(scope="module")
def report():
    return agreement_report(UNITS, LABELS)


def test_report_has_exactly_the_agreed_keys_and_is_strict_json(report):
    assert set(report) == KEYS
    json.dumps(report, allow_nan=False)


def test_report_counts(report):
    assert report["n_units"] == 6  # unit 7 has a single rating
    assert report["n_annotators"] == 3
    assert {name: f["n"] for name, f in report["annotators"].items()} == {
        "ann": 6,
        "bob": 5,
        "cat": 4,
    }


def test_report_overall_figures_match_the_coefficients(report):
    rows = [[u.ratings.get(c) for c in ("ann", "bob", "cat")] for u in UNITS]
    assert report["krippendorff_alpha"] == pytest.approx(nltk_masi_alpha(UNITS), abs=1e-12)
    assert report["fleiss_kappa"] == pytest.approx(fleiss_kappa(reliability_matrix(rows)[0]))
    # identical-set pairs over all ordered pairs, each unit's pairs weighted 1/(m-1)
    assert report["observed_agreement"] == pytest.approx((3 + 0 + 1 + 2 + 2 + 0) / 14)


def test_report_pairs_are_cohen_kappas_of_the_annotators(report):
    for pair in report["pairs"]:
        a, b = column(UNITS, pair["a"]), column(UNITS, pair["b"])
        assert pair["kappa"] == pytest.approx(cohen_kappa(a, b))
        assert pair["n"] == sum(x is not None and y is not None for x, y in zip(a, b, strict=True))


def test_report_annotators_against_gold_and_each_other(report):
    gold = [unit.gold for unit in UNITS]
    bob = report["annotators"]["bob"]
    assert bob["vs_gold_kappa"] == pytest.approx(cohen_kappa(column(UNITS, "bob"), gold))
    assert bob["vs_gold_accuracy"] == pytest.approx(2 / 5)  # units 1 and 4 of 1, 2, 3, 4, 6
    pair_kappas = [p["kappa"] for p in report["pairs"] if "bob" in (p["a"], p["b"])]
    assert bob["vs_others_kappa"] == pytest.approx(sum(pair_kappas) / len(pair_kappas))


def test_report_prelabeller_against_gold(report):
    prelabeller = report["prelabeller"]
    assert prelabeller["n"] == 5
    assert prelabeller["vs_gold_accuracy"] == pytest.approx(2 / 4)  # units 1-4 have both
    predictions = [unit.prediction for unit in UNITS]
    expected = cohen_kappa(predictions, [unit.gold for unit in UNITS])
    assert prelabeller["vs_gold_kappa"] == pytest.approx(expected)


def test_report_over_time_is_the_alpha_of_each_group_alone(report):
    assert list(report["over_time"]) == ["2026-W47", "2026-W48"]  # unit 7 has no group
    for week, figures in report["over_time"].items():
        alone = agreement_report([u for u in UNITS if u.group == week], LABELS)
        assert figures["alpha"] == pytest.approx(alone["krippendorff_alpha"], abs=1e-12)
        assert figures["n_units"] == alone["n_units"]


def test_report_per_label_has_each_label(report):
    assert list(report["per_label"]) == LABELS
    assert report["per_label"]["reported"]["n_units"] == 6


@st.composite
def random_units(draw):
    rating = st.one_of(st.none(), st.just(SKIP), st.frozensets(st.sampled_from(LABELS), min_size=1))
    n = draw(st.integers(min_value=0, max_value=20))
    return [
        Unit(
            key,
            draw(st.dictionaries(st.sampled_from(["ann", "bob", "cat"]), rating)),
            gold=draw(rating),
            prediction=draw(rating),
            group=draw(st.sampled_from([None, "2026-W01", "2026-W02"])),
        )
        for key in range(n)
    ]


@settings(max_examples=50, deadline=None)
@given(random_units())
def test_report_is_strict_json_on_any_data(units):
    report = agreement_report(units, LABELS)
    assert set(report) == KEYS
    json.dumps(report, allow_nan=False)


# --- edge cases ---------------------------------------------------------------------------


def test_empty_report_is_all_not_defined():
    report = agreement_report([], LABELS)
    assert report["krippendorff_alpha"] is None
    assert report["observed_agreement"] is None
    assert report["fleiss_kappa"] is None
    assert report["pairs"] == []
    assert report["annotators"] == {}
    assert report["prelabeller"] == {"n": 0, "vs_gold_kappa": None, "vs_gold_accuracy": None}
    assert report["over_time"] == {}
    assert report["n_units"] == report["n_annotators"] == 0
    assert report["per_label"]["reported"] == {"alpha": None, "kappa_fleiss": None, "n_units": 0}


def test_one_annotator_only():
    units = [Unit(1, {"ann": REP}, gold=REP), Unit(2, {"ann": ATT}, gold=SPEC)]
    report = agreement_report(units, LABELS)
    assert report["krippendorff_alpha"] is None
    assert report["pairs"] == []
    assert report["n_units"] == 0
    assert report["annotators"]["ann"]["vs_others_kappa"] is None
    assert report["annotators"]["ann"]["vs_gold_accuracy"] == 0.5


def test_everyone_always_choosing_the_same_set():
    units = [Unit(key, {"ann": REP, "bob": REP}) for key in range(5)]
    report = agreement_report(units, LABELS)
    assert report["krippendorff_alpha"] is None
    assert report["fleiss_kappa"] is None
    assert report["observed_agreement"] == 1.0
    assert report["pairs"] == [{"a": "ann", "b": "bob", "kappa": None, "n": 5}]
    assert interpret(report["krippendorff_alpha"], "alpha") == "not defined"


def test_no_overlap_between_two_annotators():
    units = [Unit(1, {"ann": REP}), Unit(2, {"bob": ATT}), Unit(3, {"ann": ATT, "cat": ATT})]
    report = agreement_report(units, LABELS)
    pair = next(p for p in report["pairs"] if (p["a"], p["b"]) == ("ann", "bob"))
    assert pair == {"a": "ann", "b": "bob", "kappa": None, "n": 0}


def test_annotator_mapped_only_to_none_is_not_an_annotator():
    units = [Unit(1, {"ann": REP, "bob": REP, "ghost": None}), Unit(2, {"ann": ATT, "bob": ATT})]
    report = agreement_report(units, LABELS)
    assert report["n_annotators"] == 2
    assert "ghost" not in report["annotators"]


def test_skip_and_missing_are_kept_apart_in_the_report():
    agreed = [Unit(1, {"ann": REP, "bob": REP}), Unit(2, {"ann": ATT, "bob": ATT})]
    also = [Unit(4, {"ann": SPEC, "bob": SPEC})]
    skipped = agreement_report([*agreed, Unit(3, {"ann": SPEC, "bob": SKIP}), *also], LABELS)
    missing = agreement_report([*agreed, Unit(3, {"ann": SPEC}), *also], LABELS)
    assert skipped["n_units"] == missing["n_units"] + 1
    # The skip is a decision that disagrees with "speculative"; missing, it is no decision.
    assert skipped["krippendorff_alpha"] < missing["krippendorff_alpha"] == 1.0
    assert skipped["per_label"]["speculative"]["alpha"] < 1.0
    assert missing["per_label"]["speculative"]["alpha"] == 1.0


# --- confusion tables ---------------------------------------------------------------------


def test_confusion_between_an_annotator_and_gold():
    table = confusion(UNITS, "bob", Reference.GOLD)
    values = ["attributed", "reported", "speculative", "attributed+speculative", "skip"]
    assert table["values"] == values
    # bob vs gold on units 1, 2, 3, 4, 6; rows are bob's values, columns gold's.
    assert table["counts"] == [
        [0, 0, 0, 0, 0],
        [1, 1, 0, 0, 0],  # bob REP: gold ATT (unit 6), gold REP (unit 1)
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],  # bob ATT+SPEC: gold ATT (unit 2)
        [0, 0, 1, 0, 1],  # bob SKIP: gold SPEC (unit 3), gold SKIP (unit 4)
    ]


def test_confusion_between_prelabeller_and_gold_counts_units_with_both():
    table = confusion(UNITS, Reference.PRELABELLER, Reference.GOLD)
    assert sum(map(sum, table["counts"])) == 4
    assert sum(table["counts"][i][i] for i in range(len(table["values"]))) == 2


# --- interpretation bands -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.5, "moderate"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (None, "not defined"),
    ],
)
def test_interpret_kappa_uses_landis_and_koch(value, band):
    assert interpret(value, "kappa") == band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.5, "discard"),
        (0.666, "discard"),
        (0.667, "tentative"),
        (0.79, "tentative"),
        (0.8, "reliable"),
        (None, "not defined"),
    ],
)
def test_interpret_alpha_uses_krippendorffs_thresholds(value, band):
    assert interpret(value, "alpha") == band


def test_interpret_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        interpret(0.5, "tau")
