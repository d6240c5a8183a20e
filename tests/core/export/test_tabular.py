"""CSV exports, parsed back with the csv module."""

import csv
import io

import pytest

from annotate.core.export.tabular import (
    ANNOTATION_COLUMNS,
    iter_csv,
    iter_gold_csv,
    write_csv,
    write_gold_csv,
)
from tests.core.export import LABELS, NOTE, SCRIPT_SPAN, sample_articles


@pytest.fixture
def articles():
    return sample_articles()


def _rows(write, *args) -> list[dict]:
    out = io.StringIO(newline="")
    write(out, *args)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_one_row_per_span_and_annotator(articles):
    rows = _rows(write_csv, articles)

    assert list(rows[0]) == list(ANNOTATION_COLUMNS)
    # 13 annotations, plus one row for the span nobody annotated
    assert len(rows) == 14
    assert [r["annotator"] for r in rows if r["span_id"] == "302"] == ["alice", "bob"]


def test_disagreement_cue_source_note_and_gold_survive(articles):
    rows = {(r["span_id"], r["annotator"]): r for r in _rows(write_csv, articles)}

    alice, bob = rows[("302", "alice")], rows[("302", "bob")]
    assert alice["labels"] == "attributed"
    assert bob["labels"] == "attributed|speculative"
    assert (alice["cue_start"], alice["cue_end"]) == ("0", "5")
    assert (alice["source_start"], alice["source_end"]) == ("6", "27")
    assert bob["source_start"] == bob["source_end"] == ""
    assert bob["note"] == NOTE  # newline and quotes intact
    assert bob["gold_labels"] == "attributed" and bob["gold_basis"] == "reviewer"
    assert bob["prediction_labels"] == "attributed"
    assert float(bob["prediction_confidence"]) == 0.8


def test_skip_script_text_and_missing_gold(articles):
    rows = {(r["span_id"], r["annotator"]): r for r in _rows(write_csv, articles)}

    skipped = rows[("304", "alice")]
    assert skipped["text"] == SCRIPT_SPAN
    assert skipped["skip"] == "1" and skipped["labels"] == ""
    assert skipped["gold_labels"] == skipped["gold_basis"] == skipped["gold_skip"] == ""
    assert rows[("304", "bob")]["skip"] == "0"


def test_span_without_annotation_gets_one_row_with_empty_annotator(articles):
    rows = [r for r in _rows(write_csv, articles) if r["span_id"] == "403"]

    assert len(rows) == 1
    assert rows[0]["annotator"] == "" and rows[0]["labels"] == ""
    assert rows[0]["text"] == "Aucun chiffre n'a été communiqué par les syndicats."


def test_multiline_span_text_is_one_record(articles):
    rows = [r for r in _rows(write_csv, articles) if r["span_id"] == "305"]

    assert rows[0]["text"] == articles[0]["spans"][4]["text"]
    assert "\n" in rows[0]["text"]


def test_gold_csv_one_row_per_span_with_one_hot_labels(articles):
    rows = _rows(write_gold_csv, articles, LABELS)

    assert len(rows) == 8
    assert list(rows[0])[-4:] == list(LABELS)
    by_span = {r["span_id"]: r for r in rows}
    assert [by_span["302"][name] for name in LABELS] == ["0", "1", "0", "0"]
    assert [by_span["303"][name] for name in LABELS] == ["0", "0", "0", "1"]
    assert by_span["401"]["gold_basis"] == "unanimous"


def test_gold_csv_leaves_label_columns_empty_without_gold(articles):
    row = {r["span_id"]: r for r in _rows(write_gold_csv, articles, LABELS)}["304"]

    assert [row[name] for name in LABELS] == ["", "", "", ""]


def test_gold_csv_refuses_a_label_named_like_a_column(articles):
    with pytest.raises(ValueError, match="clash"):
        list(iter_gold_csv(articles, ["text"]))


def test_csv_generator_yields_header_before_reading_any_article():
    def no_articles_yet():
        raise AssertionError("read too early")
        yield  # pragma: no cover

    rows = iter_csv(no_articles_yet())

    assert next(rows).startswith("article_id,title,")
