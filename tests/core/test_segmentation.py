"""Sentence cutting and span assembly: the known hard cases, then properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.core.cleaning import Block
from annotate.core.segmentation import assemble, split_sentences


def sentences(text, language):
    return [text[start:end] for start, end in split_sentences(text, language)]


FRENCH_CASES = {
    "civilities": (
        "M. Macron a parlé. Mme Dupont a répondu. Le Dr Martin est venu. MM. Durand et "
        "Petit aussi.",
        [
            "M. Macron a parlé.",
            "Mme Dupont a répondu.",
            "Le Dr Martin est venu.",
            "MM. Durand et Petit aussi.",
        ],
    ),
    "guillemets continued by the speech verb": (
        "« Nous gagnerons. Ils perdront », a déclaré M. Zelensky. Le lendemain, rien.",
        ["« Nous gagnerons. Ils perdront », a déclaré M. Zelensky.", "Le lendemain, rien."],
    ),
    "guillemets after a colon": (
        "Il a déclaré : « Nous n'avons rien à dire. Les gens parlent. » Puis il est parti.",
        ["Il a déclaré : « Nous n'avons rien à dire. Les gens parlent. »", "Puis il est parti."],
    ),
    "a standalone quotation may be cut": (
        "Le ministre est arrivé. « Nous gagnerons. » Il est reparti.",
        ["Le ministre est arrivé.", "« Nous gagnerons. »", "Il est reparti."],
    ),
    "colon introducing speech": (
        "Dmitri Peskov a déclaré : nous n'avons rien à dire sur cet article. Fin.",
        ["Dmitri Peskov a déclaré : nous n'avons rien à dire sur cet article.", "Fin."],
    ),
    "numbers": (
        "Environ 350 000 foyers sont privés de courant. Soit 40 % du total. Le taux "
        "atteint 3.5 points, contre 2,5 hier.",
        [
            "Environ 350 000 foyers sont privés de courant.",
            "Soit 40 % du total.",
            "Le taux atteint 3.5 points, contre 2,5 hier.",
        ],
    ),
    "abbreviations and dates": (
        "Né en 52 av. J.-C., il est mort le 14 nov. 2022 à Rome. Il aimait les pommes, les "
        "poires, etc. Le reste est connu. Voir p. 12 pour la suite.",
        [
            "Né en 52 av. J.-C., il est mort le 14 nov. 2022 à Rome.",
            "Il aimait les pommes, les poires, etc.",
            "Le reste est connu.",
            "Voir p. 12 pour la suite.",
        ],
    ),
    "ellipsis": (
        "Il hésita… puis repartit. Il attendit... et rien. On verra… Demain peut-être.",
        ["Il hésita… puis repartit.", "Il attendit... et rien.", "On verra…", "Demain peut-être."],
    ),
    "question and exclamation": (
        "Pourquoi ? Parce que ! « Vraiment ? », demande-t-il. Oui.",
        ["Pourquoi ?", "Parce que !", "« Vraiment ? », demande-t-il.", "Oui."],
    ),
}

ENGLISH_CASES = {
    "titles and U.S.": (
        "Mr. Smith met Dr. Jones in St. Louis. The U.S. Army said so. Gen. Milley agreed.",
        ["Mr. Smith met Dr. Jones in St. Louis.", "The U.S. Army said so.", "Gen. Milley agreed."],
    ),
    "curly quotes continued by the speech verb": (
        "“We will win. They will lose,” he said. Then he left.",
        ["“We will win. They will lose,” he said.", "Then he left."],
    ),
    "straight quotes continued by the speech verb": (
        '"We will win. They will lose," she said. Then she left.',
        ['"We will win. They will lose," she said.', "Then she left."],
    ),
    "quote closing the sentence": (
        "He said: “No way. Never.” Then he left.",
        ["He said: “No way. Never.”", "Then he left."],
    ),
    "numbers and abbreviations before numbers": (
        "Prices rose 3.5 percent. Jobs grew 40 % in 2023. He lives at No. 10 Downing St. now.",
        [
            "Prices rose 3.5 percent.",
            "Jobs grew 40 % in 2023.",
            "He lives at No. 10 Downing St. now.",
        ],
    ),
    "question, exclamation, ellipsis": (
        "Is it true? Yes! Really... maybe not. Wait… Now.",
        ["Is it true?", "Yes!", "Really... maybe not.", "Wait…", "Now."],
    ),
}


@pytest.mark.parametrize(("text", "expected"), FRENCH_CASES.values(), ids=FRENCH_CASES.keys())
def test_french_cut_points(text, expected):
    assert sentences(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES.values(), ids=ENGLISH_CASES.keys())
def test_english_cut_points(text, expected):
    assert sentences(text, "en") == expected


def test_paragraphs_and_line_breaks_always_cut():
    text = "First paragraph here. It has two sentences.\n\nSecond paragraph\nwith a break."
    assert sentences(text, "en") == [
        "First paragraph here.",
        "It has two sentences.",
        "Second paragraph",
        "with a break.",
    ]


def test_language_tags_and_unknown_languages_still_segment():
    assert sentences("Guten Tag. Wie geht es?", "de-DE") == ["Guten Tag.", "Wie geht es?"]
    assert sentences("Un. Deux.", "zz") == ["Un.", "Deux."]


def test_assemble_joins_blocks_and_marks_kinds():
    blocks = [
        Block("title", "  Un titre  "),
        Block("body", "Première phrase. Deuxième phrase."),
        Block("body", "   "),
        Block("heading", "Un intertitre"),
        Block("body", "Dernière phrase."),
    ]
    result = assemble(blocks, "fr")
    assert result.text == (
        "Un titre\n\nPremière phrase. Deuxième phrase.\n\nUn intertitre\n\nDernière phrase."
    )
    assert [(result.text[s.start : s.end], s.kind) for s in result.spans] == [
        ("Un titre", "title"),
        ("Première phrase.", "body"),
        ("Deuxième phrase.", "body"),
        ("Un intertitre", "heading"),
        ("Dernière phrase.", "body"),
    ]


def test_a_heading_with_a_full_stop_is_still_one_span():
    result = assemble([Block("heading", "Étape 1. Préparer. Agir.")], "fr")
    assert [(s.start, s.end, s.kind) for s in result.spans] == [(0, 24, "heading")]


# ---------------------------------------------------------------- properties

_TRICKY = list(".!?…:;,«»“”\"'’()[]%-– \u00a0\u202f\t") + ["...", "M.", "U.S.", "\n", "\n\n"]
texts = st.lists(
    st.one_of(st.text(min_size=0, max_size=12), st.sampled_from(_TRICKY)),
    max_size=40,
).map("".join)


def assert_spans_cover(text, bounds):
    previous_end = 0
    covered = [False] * len(text)
    for start, end in bounds:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        covered[start:end] = [True] * (end - start)
        previous_end = end
    outside = [ch for ch, inside in zip(text, covered, strict=True) if not inside]
    assert all(ch.isspace() for ch in outside)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["fr", "en"]))
def test_split_sentences_properties(text, language):
    assert_spans_cover(text, split_sentences(text, language))


blocks_strategy = st.lists(
    st.builds(Block, st.sampled_from(["title", "heading", "body"]), texts), max_size=6
)


@settings(max_examples=200, deadline=None)
@given(blocks_strategy, st.sampled_from(["fr", "en"]))
def test_assemble_properties(blocks, language):
    result = assemble(blocks, language)
    assert_spans_cover(result.text, [(s.start, s.end) for s in result.spans])
    assert all(s.kind in ("title", "heading", "body") for s in result.spans)
    kept = [b for b in blocks if b.text.strip()]
    assert result.text == "\n\n".join(b.text.strip() for b in kept)
    single = [b.kind for b in kept if b.kind != "body"]
    assert [s.kind for s in result.spans if s.kind != "body"] == single
