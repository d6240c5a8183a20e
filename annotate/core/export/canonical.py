"""Canonical JSONL: one span per line, the article's fields flattened onto it.

The article text is heavy, so only the FIRST line of each article carries it,
as ``article_text``; the reader needs it to restore the article record. Lines
of one article are consecutive. An article without spans has no line at all
(use nested JSONL to keep those).

Output is byte-for-byte deterministic: fixed key order, compact separators,
UTF-8 kept as is, so write -> read -> write gives identical bytes. Spans the export
selector built (CanonicalSpan) are not normalised again (see ``canonical_span``).
"""

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotate.core.export.records import (
    ARTICLE_FIELDS,
    SCHEMA_VERSION,
    SPAN_FIELDS,
    Tally,
    canonical_span,
    dumps_line,
    normalise_article,
    normalise_span,
)

# Article fields copied onto each line, under the same names (all but text, agreement
# and spans, which are carried differently).
_ARTICLE_KEYS = ARTICLE_FIELDS[: ARTICLE_FIELDS.index("text")]
_SPAN_KEYS = SPAN_FIELDS
# Lines joined per write: one write per line cost a fifth of a large export.
WRITE_BATCH = 512


def iter_canonical_jsonl(articles: Iterable[dict]) -> Iterator[str]:
    """Yield the canonical JSONL text, one line (with its newline) per span.

    A line is the article's fields, the span's, then the article's agreement (and, on
    the first line, its text). The article parts are serialised once per article and
    each span once, then joined: the same bytes as dumping each line whole.
    """
    for article in articles:
        head = dumps_line({"schema_version": SCHEMA_VERSION, **_article_fields(article)})
        head = head[:-1] + ","  # open: the span's fields follow
        agreement = f',"article_agreement":{dumps_line(article.get("agreement"))}'
        tail = agreement + "}\n"
        first_tail = f'{agreement},"article_text":{dumps_line(article.get("text"))}}}\n'
        for index, span in enumerate(article["spans"]):
            body = dumps_line(canonical_span(span))[1:-1]
            yield head + body + (tail if index else first_tail)


def _article_fields(article: dict) -> dict:
    return {key: article.get(key) for key in _ARTICLE_KEYS}


def write_canonical_jsonl(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write canonical JSONL to ``out`` as the articles arrive; return the counts."""
    tally = Tally()
    pending: list[str] = []
    for line in iter_canonical_jsonl(tally.watch(articles)):
        pending.append(line)
        if len(pending) == WRITE_BATCH:
            out.write("".join(pending))
            pending.clear()
    out.write("".join(pending))
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
