"""evaluation.py: text alignment and label-set scores on hand-computed cases."""

import pytest

from annotate.labellers.evaluation import align_by_text, normalise_text, score_label_sets

A, S, D, R = "attributed", "speculative", "denied", "reported"
LABELS = (A, D, R, S)


def test_normalise_text_ignores_quotes_apostrophes_and_spacing():
    assert normalise_text("  « Nous  irons »,\u00a0a-t-il dit ") == "Nous irons, a-t-il dit"
    assert normalise_text("Il a dit : « oui ».") == normalise_text('Il a dit: "oui".')
    assert normalise_text("l’armée") == normalise_text("l'armée")
    assert normalise_text("“quoted”") == normalise_text('"quoted"')


def test_align_matches_variants_in_order_and_leaves_unmatched_out():
    gold = ["Selon l’AFP, rien.", "Gold only line.", "« Il viendra », dit-il.", "Fin."]
    spans = ["Page chrome", "Selon l'AFP,  rien.", '"Il viendra", dit-il.', "Fin.", "Comments"]
    assert align_by_text(gold, spans) == [(0, 1), (2, 2), (3, 3)]


def test_align_keeps_order_with_repeated_texts():
    gold = ["A.", "B.", "A."]
    spans = ["A.", "A.", "B.", "A."]
    pairs = align_by_text(gold, spans)
    assert len(pairs) == 3
    assert [g for g, _ in pairs] == [0, 1, 2]
    assert all(s1 < s2 for (_, s1), (_, s2) in zip(pairs, pairs[1:], strict=False))


def test_align_of_nothing():
    assert align_by_text([], ["a"]) == []
    assert align_by_text(["a"], []) == []


def test_scores_on_a_hand_computed_case():
    gold = [{R}, {A}, {A, S}, {D}, {A, D}]
    predicted = [{R}, {A, S}, {S}, {R}, {A, D}]
    scores = score_label_sets(list(map(frozenset, gold)), list(map(frozenset, predicted)), LABELS)
    per = scores["per_label"]
    # attributed: tp=2 (items 1, 4), fp=0, fn=1 (item 2)
    assert per[A] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3})
    # speculative: tp=1 (item 2), fp=1 (item 1), fn=0
    assert per[S] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    # denied: tp=1 (item 4), fp=0, fn=1 (item 3)
    assert per[D] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    # reported: tp=1 (item 0), fp=1 (item 3), fn=0
    assert per[R] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    assert scores["macro_f1"] == pytest.approx((0.8 + 3 * 2 / 3) / 4)
    assert scores["exact_match"] == pytest.approx(2 / 5)
    # sets as nominal values: po = 2/5; pe = .2*.4 (R) + .2*.2 (A+S) + .2*.2 (A+D) = .16
    assert scores["kappa"] == pytest.approx((0.4 - 0.16) / (1 - 0.16))
    assert scores["n"] == 5


def test_labels_absent_from_both_sides_do_not_count_in_macro_f1():
    gold = [frozenset({R}), frozenset({A})]
    scores = score_label_sets(gold, gold, LABELS)
    assert scores["macro_f1"] == 1.0
    assert scores["per_label"][D] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert scores["kappa"] == 1.0


def test_set_order_does_not_matter_for_kappa():
    gold = [frozenset({A, S}), frozenset({R})]
    predicted = [frozenset({S, A}), frozenset({R})]
    assert score_label_sets(gold, predicted, LABELS)["kappa"] == 1.0


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        score_label_sets([frozenset({R})], [], LABELS)
