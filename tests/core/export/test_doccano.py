"""doccano sequence-labelling JSONL, written and read back."""

import io
import json

import pytest

from annotate.core.export.doccano import read_doccano, write_doccano
from tests.core.export import sample_articles


@pytest.fixture
def articles():
    return sample_articles()


def _lines(articles) -> list[str]:
    out = io.StringIO()
    write_doccano(out, articles)
    return out.getvalue().splitlines()


def test_one_line_per_article_and_layer(articles):
    lines = [json.loads(line) for line in _lines(articles)]

    assert [(line["meta"]["article_id"], line["user"]) for line in lines] == [
        (12, "gold"),
        (12, "alice"),
        (12, "bob"),
        (13, "gold"),
        (13, "alice"),
        (13, "bob"),
    ]
    assert all(line["text"] == articles[0]["text"] for line in lines[:3])
    assert lines[0]["meta"]["layer"] == "gold" and lines[1]["meta"]["layer"] == "annotator"


def test_labels_are_absolute_ranges_with_cue_source_and_skip(articles):
    alice = json.loads(_lines(articles)[1])
    text = alice["text"]

    ranges = {(text[s:e], name) for s, e, name in alice["label"]}
    assert ("Selon", "CUE") in ranges
    assert ("un diplomate européen", "SOURCE") in ranges
    assert ("Le Kremlin a démenti toute rencontre.", "denied") in ranges
    skipped = articles[0]["spans"][3]
    assert [skipped["start"], skipped["end"], "SKIP"] in alice["label"]


def test_read_recovers_spans_labels_ranges_and_annotators(articles):
    restored = list(read_doccano(_lines(articles)))

    assert [a["article_id"] for a in restored] == [12, 13]
    for original, back in zip(articles, restored, strict=True):
        assert back["text"] == original["text"] and back["outlet"] == original["outlet"]
        labelled = [s for s in original["spans"] if s["gold"] or s["annotations"]]
        assert [_carried(s) for s in back["spans"]] == [_carried(s) for s in labelled]


def test_what_doccano_cannot_carry_comes_back_empty(articles):
    back = next(read_doccano(_lines(articles)))

    bob = back["spans"][1]["annotations"][1]
    assert bob["note"] == "" and bob["updated_at"] is None
    assert back["spans"][1]["gold"]["basis"] is None
    assert all(s["prediction"] is None and s["kind"] is None for s in back["spans"])


def test_reader_builds_spans_from_label_ranges_without_meta():
    line = {
        "id": 7,
        "text": "Selon X, il pleut. Rien.",
        "label": [[0, 18, "attributed"], [0, 5, "CUE"], [6, 7, "SOURCE"], [19, 24, "SKIP"]],
        "user": "carole",
    }

    (back,) = read_doccano([json.dumps(line)])

    assert back["article_id"] == 7
    first, second = back["spans"]
    assert first["annotations"][0]["labels"] == ["attributed"]
    assert first["annotations"][0]["cue"] == [0, 5]
    assert first["annotations"][0]["source"] == [6, 7]
    assert second["text"] == "Rien." and second["annotations"][0]["skip"] is True


def _carried(span: dict) -> dict:
    """What doccano carries: offsets, span id, gold labels and skip, and each
    annotation's annotator, labels, skip, cue and source."""
    gold = span["gold"]
    return {
        "range": (span["start"], span["end"], span["span_id"]),
        "gold": gold and (gold["labels"], gold["skip"]),
        "annotations": [
            (a["annotator"], a["labels"], a["skip"], a["cue"], a["source"])
            for a in span["annotations"]
        ],
    }
