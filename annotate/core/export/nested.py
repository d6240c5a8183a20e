"""Nested JSONL: one article per line, with its text and all its spans.

Unlike the canonical span-per-line file, articles without spans survive here.
"""

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotate.core.export.records import SCHEMA_VERSION, Tally, dumps_line, normalise_article


def iter_nested_jsonl(articles: Iterable[dict]) -> Iterator[str]:
    """Yield one JSON line (with its newline) per article."""
    for article in articles:
        yield dumps_line({"schema_version": SCHEMA_VERSION} | normalise_article(article)) + "\n"


def write_nested_jsonl(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write nested JSONL to ``out`` as the articles arrive; return the counts."""
    tally = Tally()
    for chunk in iter_nested_jsonl(tally.watch(articles)):
        out.write(chunk)
    return tally.as_dict()


def read_nested_jsonl(lines: Iterable[str]) -> Iterator[dict]:
    """Article records back from nested JSONL lines (blank lines ignored)."""
    for raw in lines:
        if raw.strip():
            record = json.loads(raw)
            record.pop("schema_version", None)
            yield normalise_article(record)
