"""CSV exports, streamed row by row with the csv module.

* ``write_csv``: one row per span and annotation; a span nobody annotated still
  gets one row, with an empty annotator.
* ``write_gold_csv``: one row per span with its gold decision and one 0/1 column
  per schema label. A span without gold leaves the label columns EMPTY, not 0:
  "not adjudicated" is not "none of the labels".

Label sets are joined with ``|``; booleans are 1/0; missing values are empty.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from annotate.core.export.records import Tally, gold_labels, join_labels

ANNOTATION_COLUMNS = (
    "article_id",
    "title",
    "outlet",
    "url",
    "language",
    "span_id",
    "order",
    "start",
    "end",
    "kind",
    "text",
    "annotator",
    "labels",
    "skip",
    "cue_start",
    "cue_end",
    "source_start",
    "source_end",
    "note",
    "gold_labels",
    "gold_basis",
    "gold_skip",
    "prediction_labels",
    "prediction_confidence",
)
_SPAN_COLUMNS = ANNOTATION_COLUMNS[: ANNOTATION_COLUMNS.index("annotator")]
GOLD_COLUMNS = (*_SPAN_COLUMNS, "gold_labels", "gold_basis", "gold_skip")


class _Line:
    """A file-like object whose write returns the text, so csv.writer can feed a
    generator (and a streaming HTTP response) one row at a time."""

    def write(self, text: str) -> str:
        return text


def _flag(value: bool | None) -> str:
    return "" if value is None else str(int(bool(value)))


def _span_cells(article: dict, span: dict) -> list:
    return [
        article["article_id"],
        article.get("title") or "",
        article.get("outlet") or "",
        article.get("url") or "",
        article.get("language") or "",
        span["span_id"],
        span["order"],
        span["start"],
        span["end"],
        span.get("kind") or "",
        span["text"],
    ]


def _gold_cells(span: dict) -> list:
    gold = span.get("gold")
    if not gold:
        return ["", "", ""]
    return [join_labels(gold_labels(span)), gold.get("basis") or "", _flag(gold.get("skip"))]


def _annotation_cells(annotation: dict | None) -> list:
    if annotation is None:
        return [""] * 8
    cue = annotation.get("cue") or ("", "")
    source = annotation.get("source") or ("", "")
    return [
        annotation["annotator"],
        join_labels(annotation.get("labels")),
        _flag(annotation.get("skip")),
        cue[0],
        cue[1],
        source[0],
        source[1],
        annotation.get("note") or "",
    ]


def _prediction_cells(span: dict) -> list:
    prediction = span.get("prediction")
    if not prediction:
        return ["", ""]
    confidence = prediction.get("confidence")
    return [join_labels(prediction.get("labels")), "" if confidence is None else confidence]


def annotation_rows(article: dict) -> Iterator[list]:
    """The CSV rows of one article: one per span and annotation."""
    for span in article["spans"]:
        tail = _gold_cells(span) + _prediction_cells(span)
        for annotation in span.get("annotations") or [None]:
            yield _span_cells(article, span) + _annotation_cells(annotation) + tail


def gold_rows(article: dict, labels: Sequence[str]) -> Iterator[list]:
    """The gold CSV rows of one article: one per span, one-hot label columns last."""
    for span in article["spans"]:
        chosen = set(gold_labels(span))
        if span.get("gold"):
            one_hot = [int(name in chosen) for name in labels]
        else:
            one_hot = [""] * len(labels)
        yield _span_cells(article, span) + _gold_cells(span) + one_hot


def iter_csv(articles: Iterable[dict]) -> Iterator[str]:
    """Yield the per-annotation CSV, header first, one row at a time."""
    writer = csv.writer(_Line())
    yield writer.writerow(ANNOTATION_COLUMNS)
    for article in articles:
        for row in annotation_rows(article):
            yield writer.writerow(row)


def iter_gold_csv(articles: Iterable[dict], labels: Sequence[str]) -> Iterator[str]:
    """Yield the gold CSV, header first, one row per span."""
    overlap = set(labels) & set(GOLD_COLUMNS)
    if overlap:
        raise ValueError(f"label name(s) {sorted(overlap)} clash with CSV column names")
    writer = csv.writer(_Line())
    yield writer.writerow((*GOLD_COLUMNS, *labels))
    for article in articles:
        for row in gold_rows(article, labels):
            yield writer.writerow(row)


def write_csv(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write the per-annotation CSV to ``out`` (open it with ``newline=""``)."""
    tally = Tally()
    for chunk in iter_csv(tally.watch(articles)):
        out.write(chunk)
    return tally.as_dict()


def write_gold_csv(out: TextIO, articles: Iterable[dict], labels: Sequence[str]) -> dict[str, int]:
    """Write the gold CSV to ``out`` (open it with ``newline=""``)."""
    tally = Tally()
    for chunk in iter_gold_csv(tally.watch(articles), labels):
        out.write(chunk)
    return tally.as_dict()
