"""Every writer streams: it writes while the articles are still arriving and its
memory does not grow with the number of articles."""

import io
import os
import re
import tracemalloc
from pathlib import Path

import pytest

from annotate.core.export.formats import FORMATS, ExportOptions
from tests.core.export import small_articles

COUNT = 5000
HALFWAY = COUNT // 2
PEAK_LIMIT = 4 * 1024 * 1024  # holding the 5,000 articles alone costs more (see below)


class CountingSink(io.TextIOBase):
    """A text stream that keeps nothing, only how much was written."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def _folder_size(folder: str) -> int:
    # scandir, entry by entry: listing thousands of files must not itself raise the peak
    total = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            total += _folder_size(entry.path) if entry.is_dir() else entry.stat().st_size
    return total


def _written(target) -> int:
    return _folder_size(str(target)) if isinstance(target, Path) else target.size


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]


def _watched(target, seen: dict):
    """The articles, noting how much output existed when the generator was halfway."""
    for index, article in enumerate(small_articles(COUNT)):
        if index == HALFWAY:
            seen["written_at_halfway"] = _written(target)
        seen["produced"] = index + 1
        yield article


def test_holding_all_articles_would_exceed_the_limit():
    tracemalloc.start()
    try:
        held = list(small_articles(COUNT))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(held) == COUNT and peak > 2 * PEAK_LIMIT


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_writer_streams_in_constant_memory(name, tmp_path):
    spec = FORMATS[name]
    target = tmp_path / name if spec.layout == "folder" else CountingSink()
    options = ExportOptions(split_of=lambda article_id: "train", tokenize=_words)
    seen = {}

    tracemalloc.start()
    try:
        counts = spec.write(target, _watched(target, seen), options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert seen["produced"] == COUNT and counts["articles"] == COUNT
    # a writer that gathered the articles first would not have written them yet
    assert seen["written_at_halfway"] > 50 * HALFWAY
    assert peak < PEAK_LIMIT, f"{name} peaked at {peak} bytes"
