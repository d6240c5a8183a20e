"""The article record every export writer consumes, and small helpers over it.

An article record is plain data (see annotate/selectors/export_records.py)::

    {"article_id", "external_id", "title", "outlet", "byline", "url", "published",
     "language", "text", "agreement", "spans": [
        {"span_id", "order", "start", "end", "text", "kind",
         "gold": {"labels", "basis", "reviewer", "skip"} | None,
         "annotations": [{"annotator", "labels", "skip", "cue", "source", "note",
                          "updated_at"}],
         "prediction": {"labeller", "version", "labels", "confidence", "cue",
                        "source", "rationale"} | None}]}

Span ``start``/``end`` index the article text; ``cue`` and ``source`` ranges are
relative to the span text. Readers of the interchange formats rebuild this shape
and set to None what a format cannot carry.
"""

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence

import orjson

SCHEMA_VERSION = 1
DEFAULT_LABELS = ("reported", "attributed", "speculative", "denied")

ARTICLE_FIELDS = (
    "article_id",
    "external_id",
    "title",
    "outlet",
    "byline",
    "url",
    "published",
    "language",
    "text",
    "agreement",
    "spans",
)
SPAN_FIELDS = (
    "span_id",
    "order",
    "start",
    "end",
    "text",
    "kind",
    "gold",
    "annotations",
    "prediction",
)
GOLD_FIELDS = ("labels", "basis", "reviewer", "skip")
ANNOTATION_FIELDS = ("annotator", "labels", "skip", "cue", "source", "note", "updated_at")
PREDICTION_FIELDS = ("labeller", "version", "labels", "confidence", "cue", "source", "rationale")

# Raw in JSON strings these are legal, but str.splitlines() and some JSONL tools
# treat them as line breaks; escaping keeps one record per physical line.
_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def pseudonymise(name: str, salt: str) -> str:
    """A stable, salted pseudonym for an annotator: ``annotator-<8 hex>``.

    The same name and salt always give the same pseudonym; without the salt the
    pseudonym cannot be reversed by hashing a list of likely usernames.
    """
    digest = hashlib.sha256(f"{salt}\x00{name}".encode()).hexdigest()
    return f"annotator-{digest[:8]}"


def dumps_line(value: object) -> str:
    """Compact, non-ASCII-preserving JSON for one line of a JSONL file (no newline).

    orjson rather than the json module: exports spend most of their time here, and
    orjson is several times faster for the same compact UTF-8 output (small floats
    print as 0.00001 rather than 1e-05; both read back to the same number).
    """
    text = orjson.dumps(value).decode()
    for raw, escaped in _LINE_BREAKERS.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def ordered(record: Mapping | None, fields: Sequence[str]) -> dict | None:
    """``record`` with ``fields`` first, in that order (None when absent), then any
    other keys sorted, so serialised output never depends on insertion order."""
    if record is None:
        return None
    if tuple(record) == tuple(fields):  # already canonical: the common case when exporting
        return dict(record)
    result = {name: record.get(name) for name in fields}
    for name in sorted(set(record) - set(fields)):
        result[name] = record[name]
    return result


def as_range(value: Sequence[int] | None) -> list[int] | None:
    """A ``[start, end]`` list from any pair, or None."""
    return None if value is None else [int(value[0]), int(value[1])]


def normalise_annotation(annotation: Mapping) -> dict:
    """An annotation in canonical key order, ranges as lists."""
    result = ordered(annotation, ANNOTATION_FIELDS)
    result["labels"] = list(result["labels"] or [])
    result["skip"] = bool(result["skip"])
    result["cue"] = as_range(result["cue"])
    result["source"] = as_range(result["source"])
    result["note"] = result["note"] or ""
    return result


def normalise_prediction(prediction: Mapping | None) -> dict | None:
    """A prediction in canonical key order, ranges as lists."""
    result = ordered(prediction, PREDICTION_FIELDS)
    if result is not None:
        result["labels"] = list(result["labels"] or [])
        result["cue"] = as_range(result["cue"])
        result["source"] = as_range(result["source"])
    return result


def normalise_gold(gold: Mapping | None) -> dict | None:
    """A gold decision in canonical key order."""
    result = ordered(gold, GOLD_FIELDS)
    if result is not None:
        result["labels"] = list(result["labels"] or [])
        result["skip"] = bool(result["skip"])
    return result


def normalise_span(span: Mapping) -> dict:
    """A span in canonical key order, its nested records normalised too."""
    result = ordered(span, SPAN_FIELDS)
    result["gold"] = normalise_gold(result["gold"])
    result["annotations"] = [normalise_annotation(a) for a in result["annotations"] or []]
    result["prediction"] = normalise_prediction(result["prediction"])
    return result


class CanonicalSpan(dict):
    """A span record whose builder guarantees canonical form: keys in the order of
    SPAN_FIELDS (and of the nested records' fields), ranges as lists, labels as lists.
    Writers use it as is; the export selector builds these."""


def canonical_span(span: Mapping) -> Mapping:
    """``span`` itself when it is a CanonicalSpan, else ``normalise_span(span)``.
    Normalising every span again cost a quarter of a large export."""
    if type(span) is CanonicalSpan:
        return span
    return normalise_span(span)


def normalise_article(article: Mapping) -> dict:
    """An article in canonical key order, with every span normalised."""
    result = ordered(article, ARTICLE_FIELDS)
    result["spans"] = [normalise_span(span) for span in result["spans"] or []]
    return result


def absolute(span: Mapping, value: Sequence[int] | None) -> tuple[int, int] | None:
    """A span-relative range as offsets into the article text."""
    if value is None:
        return None
    return span["start"] + int(value[0]), span["start"] + int(value[1])


def join_labels(labels: Iterable[str] | None) -> str:
    """Labels as one ``a|b`` cell (empty for none)."""
    return "|".join(labels or [])


def gold_labels(span: Mapping) -> list[str]:
    """The span's gold labels; empty when it has no gold or the gold is a skip."""
    gold = span.get("gold")
    if not gold or gold.get("skip"):
        return []
    return list(gold.get("labels") or [])


class Tally:
    """Counts what a writer consumed, without holding any of it."""

    def __init__(self) -> None:
        self.articles = 0
        self.spans = 0
        self.annotations = 0

    def watch(self, articles: Iterable[dict]) -> Iterator[dict]:
        """Yield the articles unchanged, counting them as they pass."""
        for article in articles:
            spans = article.get("spans") or []
            self.articles += 1
            self.spans += len(spans)
            self.annotations += sum(len(span.get("annotations") or []) for span in spans)
            yield article

    def as_dict(self) -> dict[str, int]:
        """The counts, for a manifest."""
        return {"articles": self.articles, "spans": self.spans, "annotations": self.annotations}
