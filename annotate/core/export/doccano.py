"""doccano sequence-labelling JSONL, and a reader back.

One file; one line per article AND layer (each annotator, plus the gold), all
lines of an article consecutive::

    {"text": <article text>,
     "label": [[start, end, "attributed"], [start, end, "CUE"], ...],
     "user": "alice" | "gold",
     "meta": {"article_id", "external_id", "title", "outlet", "url", "published",
              "language", "layer": "annotator" | "gold", "spans": [[start, end, span_id]]}}

Offsets are absolute. Each label of a span is a range over the whole span;
``CUE`` and ``SOURCE`` mark the cue and source ranges; ``SKIP`` over a span
marks an explicit skip. doccano imports ``text`` and ``label`` and keeps the
other keys as metadata. It cannot carry notes, gold basis and reviewer,
timestamps, span kinds or predictions: the reader returns None/"" for those.
"""

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotate.core.export.assemble import GOLD, ArticleAssembler
from annotate.core.export.records import Tally, absolute, dumps_line

CUE, SOURCE, SKIP = "CUE", "SOURCE", "SKIP"
GOLD_USER = "gold"
_META_KEYS = ("article_id", "external_id", "title", "outlet", "url", "published", "language")


def _ranges(span: dict, entry: dict) -> list[list]:
    whole = [span["start"], span["end"]]
    found = [[*whole, SKIP]] if entry.get("skip") else []
    found += [[*whole, label] for label in entry.get("labels") or []]
    for role, name in (("cue", CUE), ("source", SOURCE)):
        value = absolute(span, entry.get(role))
        if value is not None:
            found.append([*value, name])
    return found


def article_lines(article: dict) -> Iterator[dict]:
    """The doccano lines of one article: gold first, then annotators by name."""
    layers: dict[str, tuple[list, list]] = {}
    for span in article["spans"]:
        entries = [(GOLD_USER, span["gold"])] if span.get("gold") else []
        entries += [(a["annotator"], a) for a in span.get("annotations") or []]
        for user, entry in entries:
            labels, spans = layers.setdefault(user, ([], []))
            labels.extend(_ranges(span, entry))
            spans.append([span["start"], span["end"], span["span_id"]])
    meta = {key: article.get(key) for key in _META_KEYS}
    users = sorted(layers, key=lambda user: (user != GOLD_USER, user))
    for user in users:
        labels, spans = layers[user]
        layer = "gold" if user == GOLD_USER else "annotator"
        yield {
            "text": article["text"],
            "label": labels,
            "user": user,
            "meta": meta | {"layer": layer, "spans": spans},
        }


def iter_doccano(articles: Iterable[dict]) -> Iterator[str]:
    """Yield the doccano JSONL, one line per article and layer."""
    for article in articles:
        for line in article_lines(article):
            yield dumps_line(line) + "\n"


def write_doccano(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write doccano JSONL to ``out`` as the articles arrive; return the counts."""
    tally = Tally()
    for chunk in iter_doccano(tally.watch(articles)):
        out.write(chunk)
    return tally.as_dict()


# --- reading -----------------------------------------------------------------


def _label_triples(line: dict) -> list[tuple[int, int, str]]:
    # Sequence-labelling JSONL says "label" (older doccano) or "labels"; relation
    # projects export "entities" with start_offset/end_offset.
    triples = [tuple(item) for item in line.get("label") or line.get("labels") or []]
    for entity in line.get("entities") or []:
        triples.append((entity["start_offset"], entity["end_offset"], entity["label"]))
    return [(int(s), int(e), str(name)) for s, e, name in triples]


def _layer(line: dict):
    meta = line.get("meta") or {}
    if meta.get("layer") == "gold":
        return GOLD
    return line.get("user") or meta.get("user") or "doccano"


def _read_line(assembler: ArticleAssembler, line: dict) -> None:
    layer = _layer(line)
    for start, end, span_id in (line.get("meta") or {}).get("spans") or []:
        assembler.entry(assembler.span(start, end, span_id=span_id), layer)
    triples = _label_triples(line)
    for start, end, name in triples:
        if name == SKIP:
            assembler.entry(assembler.span(start, end), layer)["skip"] = True
        elif name not in (CUE, SOURCE):
            assembler.add_labels(layer, start, end, [name])
    for start, end, name in triples:
        if name in (CUE, SOURCE):
            assembler.add_range(layer, name.lower(), start, end)


def _article_key(line: dict):
    meta = line.get("meta") or {}
    return meta.get("article_id", line.get("id")), line["text"]


def read_doccano(lines: Iterable[str]) -> Iterator[dict]:
    """Article records back from doccano JSONL: consecutive lines of the same
    article (by ``meta.article_id``, else id and text) are merged, one layer per
    line. Spans come from ``meta.spans`` when present, else from label ranges."""
    assembler, key = None, None
    for raw in lines:
        if not raw.strip():
            continue
        line = json.loads(raw)
        if _article_key(line) != key:
            if assembler is not None:
                yield assembler.record()
            key = _article_key(line)
            meta = line.get("meta") or {}
            fields = {name: meta.get(name) for name in _META_KEYS[1:]}
            assembler = ArticleAssembler(key[0], line["text"], **fields)
        _read_line(assembler, line)
    if assembler is not None:
        yield assembler.record()
