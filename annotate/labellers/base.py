"""Types, interface and shared plumbing of the heuristic pre-labellers.

The functional core is plain Python over plain data: nothing here imports
Django, and spaCy is only imported by the language modules that need it.

A labeller turns each span into a :class:`PredictionResult`. Internally every
rule that fires yields a :class:`Cue`; :func:`decide` folds the cues of one span
into the final label set, confidence, cue/source ranges and rationale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Protocol, runtime_checkable

import yaml

REPORTED = "reported"
ATTRIBUTED = "attributed"
SPECULATIVE = "speculative"
DENIED = "denied"
LABELS = (ATTRIBUTED, DENIED, REPORTED, SPECULATIVE)
MARKED_LABELS = frozenset({ATTRIBUTED, DENIED, SPECULATIVE})

# Confidence scheme (documented in lexicons/README.md): a rule's strength is
# how often, in our judgement, the cue alone justifies its label.
STRENGTHS = {"strong": 0.9, "medium": 0.75, "weak": 0.6}
# Plain narration is the default reading, not evidence for it: moderate.
REPORTED_CONFIDENCE = 0.6

# When several labels fire, the cue shown to the annotator is the one that
# explains the most: attribution first (it also carries the source).
CUE_PRIORITY = {ATTRIBUTED: 0, DENIED: 1, SPECULATIVE: 2}

LEXICON_DIR = Path(__file__).with_name("lexicons")


@dataclass(frozen=True)
class SpanInput:
    """One span to label, as the segmenter cut it."""

    text: str
    language: str = "fr"
    kind: str = "body"  # title | heading | body
    previous_text: str | None = None  # the span before, for context


@dataclass(frozen=True)
class PredictionResult:
    """The labeller's suggestion for one span."""

    labels: tuple[str, ...]  # sorted, never empty
    confidence: float  # [0, 1]
    cue: tuple[int, int] | None  # char range inside the span text
    source: tuple[int, int] | None  # char range inside the span text
    rationale: str

    def __post_init__(self) -> None:
        if not self.labels or list(self.labels) != sorted(set(self.labels)):
            raise ValueError(f"labels must be sorted, unique, non-empty: {self.labels}")
        if REPORTED in self.labels and len(self.labels) > 1:
            raise ValueError("'reported' never combines with another label")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence out of [0, 1]: {self.confidence}")


@runtime_checkable
class Labeller(Protocol):
    """What the Celery task and the evaluate command call."""

    name: str
    version: str
    languages: frozenset[str]

    def predict(self, spans: Sequence[SpanInput]) -> list[PredictionResult]:
        """One result per input span, in the same order."""
        ...


@dataclass(frozen=True)
class Cue:
    """One rule that fired inside a span (character offsets into the span text)."""

    label: str
    rule: str  # short rule name shown in the rationale
    start: int
    end: int
    strength: float
    source: tuple[int, int] | None = None


@dataclass(frozen=True)
class LexiconEntry:
    """One cue of a lexicon file; see lexicons/README.md for the fields."""

    cue: str
    family: str
    label: str | None = None
    strength: float = STRENGTHS["strong"]
    pattern: str | None = None
    forms: tuple[str, ...] = ()
    requires: str | None = None  # one of REQUIREMENTS (see lexicons/README.md)
    note: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        """Every surface form this entry stands for (the cue itself first)."""
        return (self.cue, *self.forms)


@dataclass(frozen=True)
class Lexicon:
    """A parsed lexicon file: cue entries plus named word lists."""

    language: str
    entries: tuple[LexiconEntry, ...]
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)

    def family(self, name: str) -> tuple[LexiconEntry, ...]:
        """The entries of one family, in file order."""
        return tuple(entry for entry in self.entries if entry.family == name)

    def by_word(self, family: str) -> dict[str, LexiconEntry]:
        """Index a family by each surface form (or lemma) it lists."""
        return {word: entry for entry in self.family(family) for word in entry.words}


def load_lexicon(language: str, families: Iterable[str], directory: Path = LEXICON_DIR) -> Lexicon:
    """Read and validate ``<directory>/<language>.yaml``; unknown families are an error."""
    raw = yaml.safe_load((directory / f"{language}.yaml").read_text(encoding="utf-8"))
    known = set(families)
    entries = tuple(_parse_entry(item, known) for item in raw["cues"])
    lists = {name: tuple(words) for name, words in (raw.get("lists") or {}).items()}
    mappings = {name: dict(pairs) for name, pairs in (raw.get("mappings") or {}).items()}
    return Lexicon(raw["language"], entries, lists, mappings)


REQUIREMENTS = frozenset(
    {"content", "incise", "claim_object", "no_denial", "no_infinitive", "not_future_in_past"}
)


def _parse_entry(item: dict, known_families: set[str]) -> LexiconEntry:
    family = item["family"]
    if family not in known_families:
        raise ValueError(f"unknown cue family {family!r} for cue {item.get('cue')!r}")
    label = item.get("label")
    if label is not None and label not in LABELS:
        raise ValueError(f"unknown label {label!r} for cue {item['cue']!r}")
    requires = item.get("requires")
    if requires is not None and requires not in REQUIREMENTS:
        raise ValueError(f"unknown requirement {requires!r} for cue {item['cue']!r}")
    return LexiconEntry(
        cue=item["cue"],
        family=family,
        label=label,
        strength=STRENGTHS[item.get("strength", "strong")],
        pattern=item.get("pattern"),
        forms=tuple(item.get("forms", ())),
        requires=requires,
        note=item.get("note", ""),
    )


def compile_patterns(
    pattern: str, tokenize: Callable[[str], list[str]], *, has_lemmas: bool
) -> list[list[dict]]:
    """Turn the lexicon's mini pattern syntax into spaCy Matcher token patterns.

    Space-separated items: ``word`` (literal, re-tokenised with the language's
    tokenizer so "d'après" splits as the text will), ``a|b`` (alternatives,
    single tokens), ``<lemma>`` / ``<a|b>`` (lemmas), a trailing ``?``
    (optional), ``*`` (up to 3 words) and ``~`` (up to 3 adverbs). Several
    patterns come back when a literal tokenises differently once capitalised
    ("peut-être" is one token, "Peut-être" three).
    """
    variants: list[list[dict]] = [[]]
    for item in pattern.split():
        optional = item.endswith("?") and len(item) > 1
        item = item.rstrip("?") if optional else item
        choices = _compile_item(item, tokenize, has_lemmas)
        if optional:
            choices = [[{**spec, "OP": "?"} for spec in choice] for choice in choices]
        variants = [done + choice for done in variants for choice in choices]
    return variants


_ELISION = re.compile(r"[^\W\d_]{1,7}'")


def _compile_item(
    item: str, tokenize: Callable[[str], list[str]], has_lemmas: bool
) -> list[list[dict]]:
    if item == "*":
        return [[{"IS_PUNCT": False, "OP": "{0,3}"}]]
    if item == "~":
        if not has_lemmas:
            raise ValueError("'~' needs a tagger (adverb gap)")
        return [[{"POS": "ADV", "OP": "{0,3}"}]]
    if item.startswith("<") and item.endswith(">"):
        if not has_lemmas:
            raise ValueError(f"lemma pattern {item!r} needs a lemmatizer")
        return [[{"LEMMA": {"IN": item[1:-1].split("|")}}]]
    if item.startswith("=") and len(item) > 1:
        return [[{"ORTH": item[1:]}]]
    if "|" in item:
        return [[{"LOWER": {"IN": item.lower().split("|")}}]]
    if _ELISION.fullmatch(item):
        # Alone, "s'" tokenises as "s" + "'"; in running text ("s'exprimer") it is one token.
        return [[{"LOWER": item.lower()}]]
    splits = {
        tuple(piece.lower() for piece in tokenize(variant))
        for variant in (item.lower(), item.capitalize())
    }
    return [[{"LOWER": piece} for piece in split] for split in sorted(splits)]


def pattern_lemmas(patterns: Iterable[list[dict]]) -> set[str]:
    """Every lemma a compiled pattern asks for (to repair those lemmas in the text)."""
    return {
        lemma
        for pattern in patterns
        for spec in pattern
        for lemma in spec.get("LEMMA", {}).get("IN", ())
    }


class CueMatcher:
    """Finds the phrase cues of a lexicon in a Doc.

    Literal patterns go to spaCy's PhraseMatcher (hash lookups); only patterns
    with operators or lemmas go to the token Matcher, whose state machine is
    the slow part, so it only runs on docs that hold an anchor of some pattern
    (see MatcherAnchors): one sentence in five, on news text. spaCy is imported here,
    not at module level, so the types above stay importable without it.
    """

    def __init__(self, nlp, entries: Iterable[LexiconEntry], *, has_lemmas: bool) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self._matcher = Matcher(nlp.vocab)
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entries: dict[int, LexiconEntry] = {}
        self.lemmas: set[str] = set()
        self._anchors = MatcherAnchors(nlp.vocab.strings)

        def tokenize(text: str) -> list[str]:
            return [token.text for token in nlp.tokenizer(text)]

        for index, entry in enumerate(entries):
            key = f"{entry.family}:{index}"
            self._entries[nlp.vocab.strings.add(key)] = entry
            patterns = compile_patterns(entry.pattern or entry.cue, tokenize, has_lemmas=has_lemmas)
            self.lemmas |= pattern_lemmas(patterns)
            token_patterns = [p for p in patterns if literal_phrases(p) is None]
            phrases = [words for p in patterns for words in literal_phrases(p) or ()]
            if token_patterns:
                self._matcher.add(key, token_patterns, greedy="LONGEST")
                for pattern in token_patterns:
                    self._anchors.add(pattern)
            if phrases:
                self._phrases.add(key, [Doc(nlp.vocab, words=list(words)) for words in phrases])

    def __call__(self, doc) -> list[tuple[LexiconEntry, int, int]]:
        """(entry, start token, end token) of every match, overlaps included."""
        found = self._phrases(doc)
        if len(self._matcher) and self._anchors.found_in(doc):
            found += self._matcher(doc)
        return [(self._entries[key], start, end) for key, start, end in found]


class MatcherAnchors:
    """For each token pattern, one word it cannot match without: a token the pattern
    requires (no "?" or "*"-like operator), given as words or lemmas. Of those, the
    one whose shortest word is longest, since long words are rare (Zipf): "ne <avoir>
    pas <commenter>" is anchored on the lemmas of "commenter", not on "pas". A doc
    without any anchor cannot hold a match, so the Matcher is skipped; a pattern
    without a usable anchor makes every doc a candidate."""

    ATTRIBUTES = ["LOWER", "LEMMA", "ORTH"]  # columns of Doc.to_array, in this order

    def __init__(self, strings) -> None:
        self._strings = strings
        self._hashes: list[set[int]] = [set() for _ in self.ATTRIBUTES]
        self._always = False

    def add(self, pattern: list[dict]) -> None:
        """Record the anchor of one compiled token pattern."""
        candidates = []
        for spec in pattern:
            if spec.get("OP", "1") not in ("1", "+"):
                continue  # optional or repeated: a match may do without it
            for column, attribute in enumerate(self.ATTRIBUTES):
                if attribute in spec:
                    value = spec[attribute]
                    words = value["IN"] if isinstance(value, dict) else [value]
                    candidates.append((min(map(len, words)), column, words))
        if not candidates:
            self._always = True
            return
        _, column, words = max(candidates, key=lambda candidate: candidate[0])
        self._hashes[column].update(self._strings.add(word) for word in words)

    def found_in(self, doc) -> bool:
        """Whether ``doc`` holds an anchor of some pattern (so a match is possible)."""
        if self._always:
            return True
        if not len(doc):
            return False
        columns = doc.to_array(self.ATTRIBUTES).T.tolist()
        return any(
            not hashes.isdisjoint(column)
            for hashes, column in zip(self._hashes, columns, strict=True)
        )


def literal_phrases(pattern: list[dict]) -> list[tuple[str, ...]] | None:
    """The lower-cased word sequences a pattern stands for (optional words
    expanded), or None when it needs the token Matcher (gaps, lemmas, exact case)."""
    choices = []
    for spec in pattern:
        optional = spec.get("OP") == "?"
        if set(spec) - {"OP"} != {"LOWER"} or spec.get("OP", "?") != "?":
            return None
        value = spec["LOWER"]
        words = list(value["IN"]) if isinstance(value, dict) else [value]
        choices.append(words + [""] if optional else words)  # "" = the optional word left out
    phrases = {tuple(word for word in words if word) for words in product(*choices)}
    return sorted(phrase for phrase in phrases if phrase)


@dataclass(frozen=True)
class Hit:
    """A candidate cue in token coordinates, before overlap resolution."""

    start: int
    end: int
    entry: LexiconEntry | None  # None for structural rules (conditional, quotes)
    cue: Cue | None  # None for not_a_cue blockers


class TokenLike(Protocol):
    """The two token attributes the shared helpers read (spaCy's Token has them)."""

    idx: int
    text: str


def char_range(tokens: Sequence[TokenLike], start: int, end: int) -> tuple[int, int]:
    """Character offsets covered by tokens[start:end]."""
    last = tokens[end - 1]
    return tokens[start].idx, last.idx + len(last.text)


def make_hit(
    tokens: Sequence[TokenLike],
    entry: LexiconEntry | None,
    rule: str,
    span: tuple[int, int],
    strength: float,
    source: tuple[int, int] | None = None,
    label: str | None = None,
) -> Hit:
    """Build a Hit whose Cue is in character offsets; ``span``/``source`` are token ranges."""
    start, end = char_range(tokens, *span)
    source_chars = char_range(tokens, *source) if source is not None else None
    cue = Cue(label or entry.label, rule, start, end, strength, source_chars)
    return Hit(span[0], span[1], entry, cue)


OPEN_QUOTES = frozenset({"«", "“", "„"})
CLOSE_QUOTES = frozenset({"»", "”"})
QUOTE_CHARACTERS = OPEN_QUOTES | CLOSE_QUOTES | {'"'}


def quote_segments(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges of quotations (marks included); an unclosed one runs to the end."""
    segments = []
    opened: int | None = None
    for index, text in enumerate(texts):
        if opened is None and (text in OPEN_QUOTES or text == '"'):
            opened = index
        elif opened is not None and (text in CLOSE_QUOTES or text == '"'):
            segments.append((opened, index + 1))
            opened = None
    if opened is not None:
        segments.append((opened, len(texts)))
    return segments


def opens_quote(previous_text: str | None) -> bool:
    """Did the previous span leave a quotation open (so this span is quoted speech)?"""
    if not previous_text:
        return False
    french = previous_text.count("«") > previous_text.count("»")
    english = previous_text.count("“") > previous_text.count("”")
    return french or english


def keep_longest(found: Iterable[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Drop matches overlapping a longer one (ties: the earlier wins), like spaCy's filter_spans."""
    ranked = sorted(found, key=lambda m: (-(m[1] - m[0]), m[0]))
    kept: list[tuple[int, int, object]] = []
    taken: set[int] = set()
    for start, end, payload in ranked:
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, payload))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[0])


def decide(
    text: str,
    cues: Sequence[Cue],
    default_rationale: str | Callable[[], str] = "no cue: plain narration",
) -> PredictionResult:
    """Fold the cues of one span into its prediction.

    Labels: every label a cue supports, or ``reported`` when none fired.
    Confidence: per label the strongest cue, then the weakest of those labels
    (a combination is only as sure as its least supported member).
    """
    if not cues:
        # a callable rationale is only worked out when it is needed
        rationale = default_rationale() if callable(default_rationale) else default_rationale
        return PredictionResult((REPORTED,), REPORTED_CONFIDENCE, None, None, rationale)
    best: dict[str, float] = {}
    for cue in cues:
        best[cue.label] = max(best.get(cue.label, 0.0), cue.strength)
    shown = min(cues, key=lambda c: (CUE_PRIORITY[c.label], -c.strength, c.start))
    source = shown.source or next((c.source for c in cues if c.source), None)
    return PredictionResult(
        labels=tuple(sorted(best)),
        confidence=round(min(best.values()), 3),
        cue=(shown.start, shown.end),
        source=source,
        rationale=_rationale(text, cues),
    )


def _rationale(text: str, cues: Sequence[Cue]) -> str:
    seen: list[str] = []
    for cue in sorted(cues, key=lambda c: c.start):
        part = f"{cue.rule}: '{text[cue.start : cue.end]}'"
        if cue.source:
            part += f" (source '{text[cue.source[0] : cue.source[1]]}')"
        if part not in seen:
            seen.append(part)
    return "; ".join(seen[:4])


def normalise_for_model(text: str) -> str:
    """Length-preserving clean-up before parsing, so offsets stay valid.

    Curly apostrophes derail the French tagger ("n’" is read as a proper noun)
    and no-break spaces (French typography before « : ») split oddly.
    """
    return text.translate(_MODEL_TRANSLATION)


_MODEL_TRANSLATION = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " "})


class RuleLabeller:
    """A labeller made of a spaCy pipeline and compiled rules, both loaded once per
    process; subclasses name them, and ``predict`` runs one batched ``nlp.pipe`` pass."""

    name: str
    version: str
    languages: frozenset[str]
    batch_size = 64

    def pipeline(self):
        """The spaCy pipeline (cached by the subclass)."""
        raise NotImplementedError

    def rules(self):
        """The compiled rules, with a ``label(span, doc)`` method (cached by the subclass)."""
        raise NotImplementedError

    def predict(self, spans: Sequence[SpanInput]) -> list[PredictionResult]:
        """Label each span; one batched ``nlp.pipe`` pass over all texts."""
        if not spans:
            return []
        rules = self.rules()
        texts = (normalise_for_model(span.text) for span in spans)
        docs = self.pipeline().pipe(texts, batch_size=self.batch_size)
        return [rules.label(span, doc) for span, doc in zip(spans, docs, strict=True)]
