"""Rebuild article records from labelled character ranges (for the readers of
brat, doccano and Label Studio, which know ranges, not spans).

Readers first declare span ranges (a label range or an explicit span entity),
then attach labels, skips, cues, sources and notes to them by annotator. Cue
and source ranges are given in article offsets and land on the smallest span
that contains them, stored relative to that span as in the record shape.
"""

from annotate.core.export.records import normalise_article

GOLD = object()  # the layer of the adjudicated decision, as opposed to an annotator


class ArticleAssembler:
    """Collects ranges of one article and returns its record."""

    def __init__(self, article_id, text: str, **fields) -> None:
        self.article = {"article_id": article_id, "text": text, **fields}
        self.spans: dict[tuple[int, int], dict] = {}

    def span(self, start: int, end: int, span_id=None, kind=None) -> dict:
        """The span at ``[start, end)``, created on first use."""
        span = self.spans.get((start, end))
        if span is None:
            span = {
                "span_id": span_id,
                "start": start,
                "end": end,
                "text": self.article["text"][start:end],
                "kind": kind,
                "gold": None,
                "annotations": [],
                "prediction": None,
            }
            self.spans[(start, end)] = span
        span["span_id"] = span["span_id"] if span_id is None else span_id
        span["kind"] = span["kind"] if kind is None else kind
        return span

    def containing(self, start: int, end: int) -> dict | None:
        """The smallest declared span holding ``[start, end)``, or None."""
        holders = [s for (s0, s1), s in self.spans.items() if s0 <= start and end <= s1]
        return min(holders, key=lambda s: s["end"] - s["start"], default=None)

    def entry(self, span: dict, layer) -> dict:
        """The annotation of ``layer`` (an annotator name, or GOLD) on ``span``."""
        if layer is GOLD:
            if span["gold"] is None:
                span["gold"] = {"labels": [], "basis": None, "reviewer": None, "skip": False}
            return span["gold"]
        for annotation in span["annotations"]:
            if annotation["annotator"] == layer:
                return annotation
        annotation = {
            "annotator": layer,
            "labels": [],
            "skip": False,
            "cue": None,
            "source": None,
            "note": "",
            "updated_at": None,
        }
        span["annotations"].append(annotation)
        return annotation

    def add_labels(self, layer, start: int, end: int, labels) -> dict:
        """Add ``labels`` to ``layer``'s annotation of the span at ``[start, end)``."""
        entry = self.entry(self.span(start, end), layer)
        entry["labels"] = sorted(set(entry["labels"]) | set(labels))
        return entry

    def add_range(self, layer, role: str, start: int, end: int) -> bool:
        """Attach a ``role`` ("cue" or "source") range to the span containing it;
        False when no declared span contains it (the range is then dropped)."""
        span = self.containing(start, end)
        if span is None:
            return False
        self.entry(span, layer)[role] = [start - span["start"], end - span["start"]]
        return True

    def record(self) -> dict:
        """The article record: spans by position, numbered, annotators sorted."""
        spans = sorted(self.spans.values(), key=lambda s: (s["start"], s["end"]))
        for order, span in enumerate(spans):
            span["order"] = order
            span["annotations"].sort(key=lambda a: a["annotator"])
        return normalise_article(self.article | {"spans": spans})
