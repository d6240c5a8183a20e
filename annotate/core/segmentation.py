"""Cut article text into spans: the title, each subheading, and each body sentence.

Sentence boundaries come from spaCy's rule-based sentencizer on a blank pipeline: its
tokenizer keeps abbreviations ("M.", "Dr.", "U.S."), decimals ("3.5") and numbers intact,
and it needs no statistical model or parser, so it is fast and deterministic.
Its known misses in news copy are then repaired by rules (see _keeps_together):
quotations that continue the sentence, speech after a colon, ellipses followed by
lowercase, abbreviations before numbers. Abbreviations are data:
annotate/core/data/abbreviations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
import yaml
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.symbols import ORTH

from annotate.core.cleaning import Block

DATA_DIR = Path(__file__).parent / "data"

# Sentence-final marks. spaCy's defaults cover many scripts but not the ellipsis.
_FINAL_MARKS = frozenset(Sentencizer.default_punct_chars) | {"…", "..."}
_FINAL_CHARS = frozenset(ch for mark in _FINAL_MARKS for ch in mark)
# What may follow a full stop and still belong to its sentence (closing marks, spaces).
_TRAILERS = "»”\"'’)]› \u00a0\u202f\t"
# Quotation marks: opening -> closing. Straight quotes open and close alternately.
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›"}
# After a closing quote, these show the sentence goes on: «...», a déclaré X.
_CONTINUATION = ",;:–—-"
# Marks that open a sentence along with its first word.
_OPENERS = "([{¿¡«“‹"
_LINE = re.compile(r"[^\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]+")


@dataclass(frozen=True)
class SpanBounds:
    start: int
    end: int
    kind: str  # "title" | "heading" | "body"


@dataclass(frozen=True)
class SegmentedText:
    text: str
    spans: list[SpanBounds]


@cache
def _abbreviations() -> dict:
    with open(DATA_DIR / "abbreviations.yaml", encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@cache
def _before_number() -> frozenset[str]:
    return frozenset(a.lower() for a in _abbreviations()["before_number"])


@cache
def _pipeline(language: str) -> Language:
    """A blank spaCy pipeline with the sentencizer, built once per language."""
    tokenizer_language = _abbreviations()["tokenizer"].get(language, language)
    try:
        nlp = spacy.blank(tokenizer_language)
    except ImportError:
        nlp = spacy.blank("xx")  # spaCy's multi-language tokenizer
    nlp.add_pipe("sentencizer", config={"punct_chars": sorted(_FINAL_MARKS)})
    for abbreviation in _abbreviations().get(language, []):
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


def _language_code(language: str) -> str:
    return (language or "xx").replace("_", "-").split("-")[0].lower() or "xx"


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence bounds (start, end) in text, trimmed of whitespace, in order.

    A line break always ends a sentence: cleaners have already joined hard-wrapped lines,
    so a break left in the text is a paragraph or list boundary.
    """
    nlp = _pipeline(_language_code(language))
    bounds: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        line = match.group()
        if line.strip():
            offset = match.start()
            bounds.extend((offset + s, offset + e) for s, e in _sentences_in_line(nlp, line))
    return bounds


def _sentencizer_cuts(nlp: Language, text: str) -> list[int]:
    """Character offsets where the sentencizer starts a new sentence (the first excluded)."""
    # Reading the sentence starts as an array avoids building a Span per sentence,
    # which costs more than the sentencizer itself.
    rows = nlp(text).to_array([SENT_START, IDX])
    return [int(offset) for is_start, offset in rows[1:] if is_start == 1]


def _sentences_in_line(nlp: Language, text: str) -> list[tuple[int, int]]:
    quotes, openings = _quotations(text)
    cuts = [0]
    for start in _sentencizer_cuts(nlp, text):
        start = _before_openings(text, start, openings)
        if not _keeps_together(text, start, quotes):
            cuts.append(start)
    cuts.append(len(text))
    pieces = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        stripped = _trim(text, begin, end)
        if stripped:
            pieces.append(stripped)
    return pieces


def _trim(text: str, begin: int, end: int) -> tuple[int, int] | None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return (begin, end) if begin < end else None


def _before_openings(text: str, cut: int, openings: set[int]) -> int:
    """Move a cut back over opening quotes and brackets, which start the next sentence.

    The sentencizer starts a sentence at its first word, so "arrivé. « Nous" would
    otherwise leave the « at the end of the previous sentence.
    """
    position = cut
    while position > 0:
        previous = position - 1
        while previous > 0 and text[previous].isspace():
            previous -= 1
        if previous in openings or text[previous] in _OPENERS:
            position = previous
        else:
            break
    return position


def _keeps_together(text: str, cut: int, quotes: list[tuple[int, int]]) -> bool:
    """True when the sentencizer's cut at char `cut` is one of its known misses."""
    before = text[:cut].rstrip()
    after = text[cut:].lstrip()
    if not before or not after:
        return False
    if after[0].islower():
        return True  # "Il hésita... puis", "», a déclaré", "etc. et"
    if before.rstrip(_TRAILERS)[-1:] not in _FINAL_CHARS:
        return True  # the cut follows a comma or colon: «Pourquoi ?», demande-t-il
    if after[0].isdigit() and _last_word(before).lower() in _before_number():
        return True  # "No. 10", "p. 12"
    return any(opening < cut <= closing for opening, closing in quotes)


def _last_word(text: str) -> str:
    return text.rsplit(None, 1)[-1] if text.split() else ""


def _quotations(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Embedded quotations as (opening, closing) positions, and every opening mark's position.

    A quotation is embedded when text other than a finished sentence precedes it on its
    line (Il a déclaré : « ... ») or when the sentence goes on after it (« ... », a dit
    X). Sentences inside an embedded quotation are not cut apart. Unclosed quotations
    give nothing, so a stray mark cannot glue a whole paragraph together.
    """
    embedded, stack, openings = [], [], set()
    for position, char in enumerate(text):
        if stack and char == _QUOTE_PAIRS[stack[-1][0]]:
            opening = stack.pop()[1]
            if not stack and _is_embedded(text, opening, position):
                embedded.append((opening, position))
        elif char in _QUOTE_PAIRS:
            stack.append((char, position))
            openings.add(position)
    return embedded, openings


def _is_embedded(text: str, opening: int, closing: int) -> bool:
    before = text[:opening].rstrip()
    after = text[closing + 1 :].lstrip()
    led_in = bool(before) and before.rstrip(_TRAILERS)[-1:] not in _FINAL_CHARS
    carried_on = bool(after) and (after[0] in _CONTINUATION or after[0].islower())
    return led_in or carried_on


def assemble(blocks: list[Block], language: str) -> SegmentedText:
    """Join blocks with blank lines into one text and mark its spans.

    The title and each heading are one span; body blocks are cut into sentences.
    Blocks with no text are left out.
    """
    parts: list[str] = []
    spans: list[SpanBounds] = []
    offset = 0
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if parts:
            offset += 2  # the "\n\n" joining this block to the previous one
        if block.kind in ("title", "heading"):
            spans.append(SpanBounds(offset, offset + len(text), block.kind))
        else:
            for start, end in split_sentences(text, language):
                spans.append(SpanBounds(offset + start, offset + end, "body"))
        parts.append(text)
        offset += len(text)
    return SegmentedText(text="\n\n".join(parts), spans=spans)
