"""Canonical JSONL: one span per line, the article's fields flattened onto it.

The article text is heavy, so only the FIRST line of each article carries it,
as ``article_text``; the reader needs it to restore the article record. Lines
of one article are consecutive. An article without spans has no line at all
(use nested JSONL to keep those).

Output is byte-for-byte deterministic: fixed key order, compact separators,
UTF-8 kept as is, so write -> read -> write gives identical bytes.
"""

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotate.core.export.records import (
    ARTICLE_FIELDS,
    SCHEMA_VERSION,
    SPAN_FIELDS,
    Tally,
    dumps_line,
    normalise_article,
    normalise_span,
)

# Article fields copied onto each line, under the same names (all but text, agreement
# and spans, which are carried differently).
_ARTICLE_KEYS = ARTICLE_FIELDS[: ARTICLE_FIELDS.index("text")]
_SPAN_KEYS = SPAN_FIELDS


def span_lines(article: dict) -> Iterator[dict]:
    """The canonical line records of one article, in span order."""
    for index, span in enumerate(article["spans"]):
        span = normalise_span(span)
        line = {"schema_version": SCHEMA_VERSION}
        line.update((key, article.get(key)) for key in _ARTICLE_KEYS)
        line.update((key, span[key]) for key in _SPAN_KEYS)
        line["article_agreement"] = article.get("agreement")
        if index == 0:
            line["article_text"] = article.get("text")
        yield line


def iter_canonical_jsonl(articles: Iterable[dict]) -> Iterator[str]:
    """Yield the canonical JSONL text, one line (with its newline) per span."""
    for article in articles:
        for line in span_lines(article):
            yield dumps_line(line) + "\n"


def write_canonical_jsonl(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write canonical JSONL to ``out`` as the articles arrive; return the counts."""
    tally = Tally()
    for chunk in iter_canonical_jsonl(tally.watch(articles)):
        out.write(chunk)
    return tally.as_dict()


def read_canonical_jsonl(lines: Iterable[str]) -> Iterator[dict]:
    """Regroup canonical lines into article records, one article at a time.

    A new article starts when the article id changes or a line carries
    ``article_text`` (so two exports of the same article, concatenated, stay two).
    """
    current: dict | None = None
    for raw in lines:
        if not raw.strip():
            continue
        line = json.loads(raw)
        if current is None or line["article_id"] != current["article_id"] or "article_text" in line:
            if current is not None:
                yield current
            current = _article_of(line)
        current["spans"].append(normalise_span({key: line.get(key) for key in _SPAN_KEYS}))
    if current is not None:
        yield current


def _article_of(line: dict) -> dict:
    article = {key: line.get(key) for key in _ARTICLE_KEYS}
    article["text"] = line.get("article_text")
    article["agreement"] = line.get("article_agreement")
    article["spans"] = []
    return normalise_article(article)
