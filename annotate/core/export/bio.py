"""Token-level BIO (CoNLL-style) for cue and source ranges.

One block per span and annotation (annotators disagree on cues and sources, so
there is no single tag sequence per span; gold decisions carry no ranges and
are therefore not written here). Each block is::

    # article_id = 12, span_id = 301, annotator = alice
    Selon<TAB>B-CUE<TAB>O<TAB>attributed|speculative
    un<TAB>O<TAB>B-SOURCE<TAB>attributed|speculative
    ...
    <blank line>

Columns: token, cue tag, source tag, the annotation's label set (``skip`` for
an explicit skip, ``_`` for an empty set). A token is inside a range when it
overlaps it, so a range that cuts a token still tags the whole token.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TextIO

from annotate.core.export.records import Tally

Tokenize = Callable[[str], list[tuple[int, int]]]

_COMMENT = re.compile(
    r"#\s*article_id = (?P<article>[^,]*), span_id = (?P<span>[^,]*), "
    r"annotator = (?P<annotator>.*)$"
)


@lru_cache(maxsize=8)
def spacy_tokenizer(language: str) -> Tokenize:
    """Character offsets of the non-space tokens of a text, by spaCy's rule-based
    tokenizer for ``language`` (spacy.blank: no model download needed)."""
    import spacy  # imported here: only the BIO export pays spaCy's import cost

    tokenizer = spacy.blank(language).tokenizer

    def tokenize(text: str) -> list[tuple[int, int]]:
        return [(t.idx, t.idx + len(t)) for t in tokenizer(text) if not t.is_space]

    return tokenize


def tags(tokens: list[tuple[int, int]], value: list[int] | None, name: str) -> list[str]:
    """BIO tags of ``tokens`` for one range (same coordinates), ``O`` outside it."""
    result = []
    inside = False
    for start, end in tokens:
        if value is not None and start < value[1] and end > value[0]:
            result.append(f"I-{name}" if inside else f"B-{name}")
            inside = True
        else:
            result.append("O")
            inside = False
    return result


def _label_cell(annotation: dict) -> str:
    if annotation.get("skip"):
        return "skip"
    return "|".join(annotation.get("labels") or []) or "_"


def span_blocks(article: dict, tokenize: Tokenize, annotator: str | None = None) -> Iterator[str]:
    """The BIO blocks of one article's spans, one per annotation (or only
    ``annotator``'s), each ending with a blank line."""
    for span in article["spans"]:
        annotations = [
            a for a in span.get("annotations") or [] if annotator in (None, a["annotator"])
        ]
        if not annotations:
            continue
        tokens = tokenize(span["text"])
        words = [span["text"][start:end] for start, end in tokens]
        for annotation in annotations:
            lines = [
                f"# article_id = {article['article_id']}, span_id = {span['span_id']}, "
                f"annotator = {annotation['annotator']}"
            ]
            cue = tags(tokens, annotation.get("cue"), "CUE")
            source = tags(tokens, annotation.get("source"), "SOURCE")
            labels = _label_cell(annotation)
            rows = zip(words, cue, source, strict=True)
            lines += ["\t".join((*row, labels)) for row in rows]
            yield "\n".join(lines) + "\n\n"


def iter_bio(
    articles: Iterable[dict], tokenize: Tokenize | None = None, annotator: str | None = None
) -> Iterator[str]:
    """Yield the BIO file block by block. Without ``tokenize``, each article is
    tokenized by ``spacy_tokenizer`` for its own language."""
    for article in articles:
        chosen = tokenize or spacy_tokenizer(article.get("language") or "xx")
        yield from span_blocks(article, chosen, annotator)


def write_bio(
    out: TextIO,
    articles: Iterable[dict],
    tokenize: Tokenize | None = None,
    annotator: str | None = None,
) -> dict[str, int]:
    """Write the BIO file to ``out`` as the articles arrive; return the counts."""
    tally = Tally()
    for chunk in iter_bio(tally.watch(articles), tokenize, annotator):
        out.write(chunk)
    return tally.as_dict()


def read_bio(lines: Iterable[str]) -> Iterator[dict]:
    """Parse BIO blocks back: ``{"article_id", "span_id", "annotator", "tokens",
    "cue", "source", "labels"}`` per block (ids as written, i.e. strings)."""
    block: dict | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if not line:
            if block is not None:
                yield block
            block = None
            continue
        found = _COMMENT.match(line)
        if found:
            block = {
                "article_id": found["article"],
                "span_id": found["span"],
                "annotator": found["annotator"],
                "tokens": [],
                "cue": [],
                "source": [],
                "labels": None,
            }
            continue
        token, cue, source, labels = line.split("\t")
        block["tokens"].append(token)
        block["cue"].append(cue)
        block["source"].append(source)
        block["labels"] = labels
    if block is not None:
        yield block
