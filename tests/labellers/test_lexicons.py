"""The lexicon files: valid, consistent, documented."""

from pathlib import Path

import pytest
import spacy

from annotate.labellers import english, french
from annotate.labellers.base import LEXICON_DIR, compile_patterns, load_lexicon

EXPECTED_LABEL = {
    "source_introducer": "attributed",
    "source_phrase": "attributed",
    "opinion_holder": "attributed",
    "reporting_verb": "attributed",
    "reported_act": "reported",
    "denial_verb": "denied",
    "denial_phrase": "denied",
    "hedge_phrase": "speculative",
    "hedge_verb": "speculative",
    "unconfirmed": "speculative",
    "not_a_cue": None,
}
LEXICONS = {"fr": (french.FAMILIES, True), "en": (english.FAMILIES, False)}


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_every_entry_has_the_label_of_its_family(language):
    lexicon = load_lexicon(language, LEXICONS[language][0])
    assert lexicon.language == language
    for entry in lexicon.entries:
        assert entry.label == EXPECTED_LABEL[entry.family], entry


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_no_cue_word_is_both_a_reporting_verb_and_a_reported_act(language):
    lexicon = load_lexicon(language, LEXICONS[language][0])
    saying = set(lexicon.by_word("reporting_verb"))
    assert not saying & set(lexicon.by_word("reported_act"))
    assert not saying & set(lexicon.by_word("denial_verb"))


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_every_pattern_compiles(language):
    families, has_lemmas = LEXICONS[language]
    tokenizer = spacy.blank(language).tokenizer
    for entry in load_lexicon(language, families).entries:
        patterns = compile_patterns(
            entry.pattern or entry.cue,
            lambda t: [x.text for x in tokenizer(t)],
            has_lemmas=has_lemmas,
        )
        assert patterns and all(patterns), entry


def test_readme_documents_every_family():
    readme = Path(LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for family in set(french.FAMILIES) | set(english.FAMILIES):
        assert f"`{family}`" in readme, family
