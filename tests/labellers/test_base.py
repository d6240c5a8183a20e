"""Shared plumbing: result validation, decision, patterns, overlap, quotes."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.labellers.base import (
    REPORTED_CONFIDENCE,
    STRENGTHS,
    Cue,
    MatcherAnchors,
    PredictionResult,
    compile_patterns,
    decide,
    keep_longest,
    load_lexicon,
    normalise_for_model,
    opens_quote,
    pattern_lemmas,
    quote_segments,
)
from annotate.labellers.registry import labeller_for_language


def split_words(text):
    # stand-in tokenizer: the French one splits "peut-être" only when capitalised
    return text.split("-") if text[0].isupper() else [text]


def test_prediction_result_rejects_invalid_label_sets():
    with pytest.raises(ValueError):
        PredictionResult((), 0.5, None, None, "")
    with pytest.raises(ValueError):
        PredictionResult(("speculative", "attributed"), 0.5, None, None, "")  # unsorted
    with pytest.raises(ValueError):
        PredictionResult(("attributed", "reported"), 0.5, None, None, "")
    with pytest.raises(ValueError):
        PredictionResult(("reported",), 1.5, None, None, "")


def test_decide_without_cues_is_reported_with_moderate_confidence():
    result = decide("Plain text.", [])
    assert result.labels == ("reported",)
    assert result.confidence == REPORTED_CONFIDENCE
    assert result.cue is None and result.source is None


def test_decide_combines_labels_and_takes_the_weakest_label_strength():
    text = "Selon X, il aurait menti."
    cues = [
        Cue("speculative", "conditional", 12, 18, STRENGTHS["medium"]),
        Cue("attributed", "selon", 0, 5, STRENGTHS["strong"], source=(6, 7)),
        Cue("attributed", "quotation", 9, 11, STRENGTHS["weak"]),
    ]
    result = decide(text, cues)
    assert result.labels == ("attributed", "speculative")
    assert result.confidence == STRENGTHS["medium"]
    assert text[result.cue[0] : result.cue[1]] == "Selon"  # attribution shown first
    assert text[result.source[0] : result.source[1]] == "X"
    assert "selon: 'Selon'" in result.rationale and "conditional" in result.rationale


def test_compile_patterns_syntax():
    [pattern] = compile_patterns("<ne> <avoir>? pas ~ a|b =may *", split_words, has_lemmas=True)
    assert pattern == [
        {"LEMMA": {"IN": ["ne"]}},
        {"LEMMA": {"IN": ["avoir"]}, "OP": "?"},
        {"LOWER": "pas"},
        {"POS": "ADV", "OP": "{0,3}"},
        {"LOWER": {"IN": ["a", "b"]}},
        {"ORTH": "may"},
        {"IS_PUNCT": False, "OP": "{0,3}"},
    ]
    assert pattern_lemmas([pattern]) == {"ne", "avoir"}


def test_compile_patterns_gives_a_variant_per_tokenisation():
    variants = compile_patterns("peut-être", split_words, has_lemmas=True)
    assert sorted(len(v) for v in variants) == [1, 2]


def test_an_elided_word_stays_one_token_as_in_running_text():
    def splits_the_apostrophe(text):  # what spaCy's French tokenizer does to "s'" alone
        return text.replace("'", " '").split()

    [pattern] = compile_patterns("de s'? exprimer", splits_the_apostrophe, has_lemmas=True)
    assert pattern == [{"LOWER": "de"}, {"LOWER": "s'", "OP": "?"}, {"LOWER": "exprimer"}]


def test_lemma_patterns_need_a_lemmatizer():
    with pytest.raises(ValueError):
        compile_patterns("<dire>", split_words, has_lemmas=False)
    with pytest.raises(ValueError):
        compile_patterns("not ~ said", split_words, has_lemmas=False)


def test_keep_longest_drops_overlapping_shorter_matches():
    found = [(0, 1, "selon"), (0, 3, "selon toute vraisemblance"), (5, 6, "serait"), (2, 4, "x")]
    assert [payload for _, _, payload in keep_longest(found)] == [
        "selon toute vraisemblance",
        "serait",
    ]


def test_quote_segments_and_open_quotes():
    tokens = ["«", "Non", "»", ",", "dit", '"', "il", '"', "«", "ouvert"]
    assert quote_segments(tokens) == [(0, 3), (5, 8), (8, 10)]
    assert opens_quote("Il a dit : « Nous avons tout essayé.")
    assert not opens_quote("« Oui », a-t-il dit.")
    assert not opens_quote(None)


@given(st.text())
def test_normalise_for_model_preserves_length(text):
    assert len(normalise_for_model(text)) == len(text)


def test_load_lexicon_rejects_unknown_families_labels_and_requirements(tmp_path):
    template = "language: xx\ncues:\n  - {cue: a, family: %s, label: %s%s}\n"
    cases = [("mystery", "attributed", ""), ("f", "believed", ""), ("f", "denied", ", requires: x")]
    for family, label, extra in cases:
        (tmp_path / "xx.yaml").write_text(template % (family, label, extra), encoding="utf-8")
        with pytest.raises(ValueError):
            load_lexicon("xx", ["f"], directory=tmp_path)


# ----------------------------------------------------------------- Matcher anchors

DATA = Path(__file__).parent / "data"


def _corpus(language: str) -> list[str]:
    return [
        json.loads(line)["text"]
        for name in (f"unseen_{language}.jsonl", f"holdout_{language}.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _unfiltered(matcher, doc):
    found = matcher._phrases(doc) + matcher._matcher(doc)
    return sorted((matcher._entries[key].cue, start, end) for key, start, end in found)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_skipping_the_matcher_on_docs_without_anchors_loses_no_match(language):
    """The prefilter is only worth having if it skips docs, and only safe if every
    match found without it is still found."""
    labeller = labeller_for_language(language)
    rules, nlp = labeller.rules(), labeller.pipeline()
    skipped = 0
    for doc in nlp.pipe(_corpus(language)):
        if language == "fr":
            rules._repair_lemmas(doc)  # as label() does before matching
        found = sorted((entry.cue, start, end) for entry, start, end in rules.matcher(doc))
        assert found == _unfiltered(rules.matcher, doc), doc.text
        skipped += not rules.matcher._anchors.found_in(doc)
    assert skipped > 0


def test_a_pattern_is_anchored_on_its_rarest_required_word():
    import spacy

    nlp = spacy.blank("fr")
    anchors = MatcherAnchors(nlp.vocab.strings)
    anchors.add(
        [
            {"LEMMA": {"IN": ["ne"]}},
            {"LOWER": "pas", "OP": "?"},
            {"LOWER": "pas"},
            {"LEMMA": {"IN": ["commenter", "réagir"]}},
        ]
    )
    assert not anchors.found_in(nlp("Il ne parle pas."))  # "ne" and "pas" are not anchors
    doc = nlp("Il ne veut pas réagir.")
    doc[4].lemma_ = "réagir"
    assert anchors.found_in(doc)

    anchors.add([{"POS": "ADV", "OP": "{0,3}"}, {"IS_PUNCT": True}])  # nothing to anchor on
    assert anchors.found_in(nlp("Rien."))
