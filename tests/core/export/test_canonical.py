"""Canonical (span per line) and nested (article per line) JSONL."""

import io
import json

import pytest

from annotate.core.export.canonical import read_canonical_jsonl, write_canonical_jsonl
from annotate.core.export.nested import read_nested_jsonl, write_nested_jsonl
from annotate.core.export.records import normalise_article
from tests.core.export import NOTE, SCRIPT_SPAN, sample_articles


@pytest.fixture
def articles():
    return sample_articles()


def _canonical(articles) -> str:
    out = io.StringIO()
    write_canonical_jsonl(out, articles)
    return out.getvalue()


def test_one_line_per_span_with_article_fields(articles):
    lines = [json.loads(line) for line in _canonical(articles).splitlines()]

    assert len(lines) == 8
    assert [line["span_id"] for line in lines] == [301, 302, 303, 304, 305, 401, 402, 403]
    first = lines[0]
    assert list(first)[:10] == [
        "schema_version",
        "article_id",
        "external_id",
        "title",
        "outlet",
        "byline",
        "url",
        "published",
        "language",
        "span_id",
    ]
    assert first["schema_version"] == 1
    assert first["outlet"] == "Le Monde"
    assert first["article_agreement"]["krippendorff_alpha"] == 0.71
    assert lines[3]["text"] == SCRIPT_SPAN
    bob = lines[1]["annotations"][1]
    assert bob["annotator"] == "bob" and bob["note"] == NOTE
    assert lines[1]["prediction"]["labeller"] == "heuristic-fr"


def test_article_text_only_on_each_articles_first_line(articles):
    lines = [json.loads(line) for line in _canonical(articles).splitlines()]

    carrying = [line["span_id"] for line in lines if "article_text" in line]
    assert carrying == [301, 401]
    assert lines[0]["article_text"] == articles[0]["text"]
    assert "\n\n" in lines[0]["article_text"]


def test_output_is_compact_utf8_one_physical_line_per_span(articles):
    text = _canonical(articles)

    assert "Genève" in text and "\\u00e8" not in text  # UTF-8 kept, not escaped
    assert '"article_id":12,' in text  # compact separators
    assert text.count("\n") == 8  # newlines inside text and notes are escaped


def test_line_separators_are_escaped_so_splitlines_is_safe(articles):
    articles[1]["title"] = "Ligne\u2028suivante"

    text = _canonical(articles)

    assert "\u2028" not in text
    assert len(text.splitlines()) == 8
    assert json.loads(text.splitlines()[-1])["title"] == "Ligne\u2028suivante"


def test_read_restores_the_article_records(articles):
    restored = list(read_canonical_jsonl(io.StringIO(_canonical(articles))))

    assert restored == [normalise_article(a) for a in articles]


def test_round_trip_gives_identical_bytes(articles):
    first = _canonical(articles)
    second = _canonical(read_canonical_jsonl(first.splitlines(keepends=True)))

    assert second.encode("utf-8") == first.encode("utf-8")


def test_output_does_not_depend_on_key_insertion_order(articles):
    shuffled = [dict(reversed(list(a.items()))) for a in sample_articles()]
    for article in shuffled:
        article["spans"] = [dict(reversed(list(s.items()))) for s in article["spans"]]

    assert _canonical(shuffled) == _canonical(articles)


def test_reader_keeps_two_copies_of_one_article_apart(articles):
    doubled = _canonical(articles[:1]) + _canonical(articles[:1])

    restored = list(read_canonical_jsonl(doubled.splitlines()))

    assert len(restored) == 2
    assert all(len(a["spans"]) == 5 for a in restored)


def test_nested_jsonl_round_trips_articles_including_span_less_ones(articles):
    empty = articles[1] | {"article_id": 99, "spans": []}
    out = io.StringIO()

    counts = write_nested_jsonl(out, [*articles, empty])
    lines = out.getvalue().splitlines()

    assert counts == {"articles": 3, "spans": 8, "annotations": 13}
    assert len(lines) == 3
    assert json.loads(lines[0])["text"] == articles[0]["text"]
    restored = list(read_nested_jsonl(lines))
    assert restored == [normalise_article(a) for a in [*articles, empty]]
