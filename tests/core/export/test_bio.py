"""Token-level BIO for cue and source ranges."""

import io

import pytest

from annotate.core.export.bio import read_bio, spacy_tokenizer, tags, write_bio
from tests.core.export import sample_articles


@pytest.fixture
def articles():
    return sample_articles()


def _blocks(articles, **options) -> list[dict]:
    out = io.StringIO()
    write_bio(out, articles, **options)
    return list(read_bio(io.StringIO(out.getvalue())))


def _block(blocks, span_id: str, annotator: str) -> dict:
    return next(b for b in blocks if (b["span_id"], b["annotator"]) == (span_id, annotator))


def test_spacy_tokenizer_gives_offsets_of_non_space_tokens():
    tokenize = spacy_tokenizer("fr")
    text = "Selon l'AFP,\nle  trafic"

    assert [text[a:b] for a, b in tokenize(text)] == ["Selon", "l'", "AFP", ",", "le", "trafic"]


def test_tags_mark_tokens_overlapping_the_range():
    tokens = [(0, 5), (6, 8), (9, 18), (19, 27)]

    assert tags(tokens, [6, 27], "SOURCE") == ["O", "B-SOURCE", "I-SOURCE", "I-SOURCE"]
    assert tags(tokens, [7, 12], "CUE") == ["O", "B-CUE", "I-CUE", "O"]  # cuts two tokens
    assert tags(tokens, None, "CUE") == ["O"] * 4


def test_one_block_per_span_and_annotation(articles):
    blocks = _blocks(articles)

    assert len(blocks) == 13
    assert [b["annotator"] for b in blocks if b["span_id"] == "302"] == ["alice", "bob"]
    assert all(b["article_id"] in {"12", "13"} for b in blocks)


def test_cue_and_source_tags_follow_each_annotator(articles):
    blocks = _blocks(articles)

    alice, bob = _block(blocks, "302", "alice"), _block(blocks, "302", "bob")
    assert alice["tokens"][:5] == ["Selon", "un", "diplomate", "européen", ","]
    assert alice["cue"][:5] == ["B-CUE", "O", "O", "O", "O"]
    assert alice["source"][:5] == ["O", "B-SOURCE", "I-SOURCE", "I-SOURCE", "O"]
    assert set(bob["source"]) == {"O"}
    assert alice["labels"] == "attributed" and bob["labels"] == "attributed|speculative"


def test_skip_script_and_newline_spans(articles):
    blocks = _blocks(articles)

    skipped = _block(blocks, "304", "alice")
    assert skipped["labels"] == "skip"
    assert "<" in skipped["tokens"] and 'script>alert("x")</script' in "".join(skipped["tokens"])
    later = _block(blocks, "305", "alice")
    assert "\n" not in later["tokens"] and "en" in later["tokens"]
    assert later["cue"][later["tokens"].index("pourraient")] == "B-CUE"


def test_comment_lines_and_blank_lines_separate_blocks(articles):
    out = io.StringIO()
    write_bio(out, articles[:1])
    text = out.getvalue()

    assert text.startswith("# article_id = 12, span_id = 301, annotator = alice\nUkraine\tO\tO\t")
    assert text.endswith("\n\n")
    assert text.count("\n\n") == 9


def test_one_annotator_only_and_a_custom_tokenizer(articles):
    def whitespace(text):
        import re

        return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    blocks = _blocks(articles, tokenize=whitespace, annotator="bob")

    assert {b["annotator"] for b in blocks} == {"bob"}
    assert len(blocks) == 6
    assert _block(blocks, "302", "bob")["tokens"][:3] == ["Selon", "un", "diplomate"]
