"""English heuristic pre-labeller ("heuristic-en") on spacy.blank("en").

No English statistical model ships with the project, so the rules work on
tokens and word order only (cue words are data, in lexicons/en.yaml):

* attributed - "according to X"; verbs of saying by surface form with a
  third-party subject ("X said/told/warned that ...", ", police said."),
  negated, adjectival ("the announced plan") and first-person uses excluded;
  quotations of four words or more; a span continuing an open quote.
* speculative - hedges and modals (may/might/could/would ...), unconfirmed.
  "would" after a past verb of saying ("said it would invest") is the future
  of reported speech, not a hedge, unless an "if" makes it hypothetical.
* denied - deny/refute (not negated, not "was denied bail"), reject/dismiss/
  dispute with a claim as object, refusals to comment, "baseless" etc.
* reported - when nothing fires.

Sources are the words before the verb back to a clause boundary (or after an
inverted "said John Smith"); a pronoun subject gives ``source=None``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .base import (
    ATTRIBUTED,
    CLOSE_QUOTES,
    DENIED,
    QUOTE_CHARACTERS,
    STRENGTHS,
    Cue,
    CueMatcher,
    Hit,
    Lexicon,
    LexiconEntry,
    PredictionResult,
    RuleLabeller,
    SpanInput,
    decide,
    keep_longest,
    load_lexicon,
    make_hit,
    opens_quote,
    quote_segments,
)

NAME = "heuristic-en"
VERSION = "1.1.0"
BATCH_SIZE = 256

FAMILIES = (
    "source_introducer",
    "source_phrase",
    "reporting_verb",
    "reported_act",
    "denial_verb",
    "denial_phrase",
    "hedge_phrase",
    "unconfirmed",
    "not_a_cue",
)
VERB_FAMILIES = ("reporting_verb", "denial_verb", "reported_act")
REPORTING_KEY = spacy.strings.hash_string("reporting_verb")
QUOTE_MARKS = frozenset({'"', "“", "”"})
CLAUSE_END = frozenset({".", ",", ";", "!", "?", ":"}) | QUOTE_MARKS | CLOSE_QUOTES
QUOTE_MIN_WORDS = 4
CONTENT_WINDOW = 6
MAX_SOURCE_TOKENS = 10


@functools.cache
def _pipeline() -> Language:
    """A blank English pipeline (tokenizer only), built once per process."""
    return spacy.blank("en")


@functools.cache
def _rules() -> EnglishRules:
    return EnglishRules(load_lexicon("en", FAMILIES), _pipeline())


class EnglishLabeller(RuleLabeller):
    """Heuristic labeller for English news spans (see module docstring)."""

    name = NAME
    version = VERSION
    languages = frozenset({"en"})
    batch_size = BATCH_SIZE

    def pipeline(self) -> Language:
        return _pipeline()

    def rules(self) -> EnglishRules:
        return _rules()


class EnglishRules:
    """Compiled lexicon + rule functions, shared by all labeller instances."""

    def __init__(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lists = {name: frozenset(words) for name, words in lexicon.lists.items()}
        self.verbs = {family: lexicon.by_word(family) for family in VERB_FAMILIES}
        # A subject never runs back across another lexicon verb ("Moscow refuted claims").
        self.verb_forms = frozenset().union(*map(frozenset, self.verbs.values()))
        phrase_entries = [e for e in lexicon.entries if e.family not in VERB_FAMILIES]
        self.matcher = CueMatcher(nlp, phrase_entries, has_lemmas=False)
        # Verb forms are found by a PhraseMatcher too: no Python loop over every token.
        self.verb_finder = PhraseMatcher(nlp.vocab, attr="LOWER")
        for family in ("reporting_verb", "denial_verb"):
            forms = [Doc(nlp.vocab, words=[form]) for form in self.verbs[family]]
            self.verb_finder.add(family, forms)

    def label(self, span: SpanInput, doc: Doc) -> PredictionResult:
        """Run every rule on one tokenised span and fold the cues."""
        lexical = keep_longest(
            (hit.start, hit.end, hit) for hit in self._phrase_hits(doc) + self._verb_hits(doc)
        )
        hits = [hit for _, _, hit in lexical if hit.cue is not None]
        hits += self._quotation_hits(doc, span.previous_text)
        return decide(
            span.text, self._resolve(hits), default_rationale=self._reported_rationale(doc)
        )

    def _resolve(self, hits: list[Hit]) -> list[Cue]:
        denial = any(hit.cue.label == DENIED for hit in hits)
        return [
            hit.cue
            for hit in hits
            if not (denial and hit.entry is not None and hit.entry.requires == "no_denial")
        ]

    def _reported_rationale(self, doc: Doc) -> str:
        acts = [t.text for t in doc if t.lower_ in self.verbs["reported_act"]]
        return f"no cue; reported act: '{acts[0]}'" if acts else "no cue: plain narration"

    # ----------------------------------------------------------- phrase rules

    def _phrase_hits(self, doc: Doc) -> list[Hit]:
        hits = []
        for entry, start, end in self.matcher(doc):
            hit = self._phrase_hit(doc, entry, start, end)
            if hit is not None:
                hits.append(hit)
        return hits

    def _phrase_hit(self, doc: Doc, entry: LexiconEntry, start: int, end: int) -> Hit | None:
        if entry.family == "not_a_cue":
            return Hit(start, end, entry, None)
        if entry.requires == "not_future_in_past" and self._future_in_the_past(doc, start):
            return None
        source = None
        if entry.family == "source_introducer":
            if self._means_depending_on(doc, start, end):
                return None
            source = _words_after(doc, end, self.lists["subject_boundaries"])
        elif entry.family == "denial_phrase" and doc[start].lower_ in self.lists["verbal_starts"]:
            source = self._subject_source(doc, start)
        rule = entry.cue if entry.family == "denial_phrase" else entry.family.replace("_", " ")
        return make_hit(doc, entry, rule, (start, end), entry.strength, source)

    def _means_depending_on(self, doc: Doc, start: int, end: int) -> bool:
        """ "allocated according to population", "went according to plan": a manner, not
        a source. Told by the verb before it or by the first word after it (past any
        determiner)."""
        before = doc[max(0, start - 3) : start]
        if any(t.lower_ in self.lists["manner_heads"] for t in before):
            return True
        determiners = self.lists["determiners"]
        after = next((t for t in doc[end : end + 3] if t.lower_ not in determiners), None)
        return after is not None and after.lower_ in self.lists["not_sources"]

    def _future_in_the_past(self, doc: Doc, index: int) -> bool:
        """ "said it would invest": would after a past verb of saying, with no "if"."""
        if any(t.lower_ in ("if", "unless") for t in doc):
            return False
        return any(self._past_saying(doc, t) for t in doc[:index])

    def _past_saying(self, doc: Doc, token: Token) -> bool:
        """ "said", "warned", or a base form after did ("did not say when ... would")."""
        if token.lower_ in self.lists["past_saying"]:
            return True
        after_did = token.i > 0 and doc[token.i - 1].lower_ in ("did", "not", "n't", "never")
        return after_did and token.lower_ in self.verbs["reporting_verb"]

    # ------------------------------------------------------------- verb rules

    def _verb_hits(self, doc: Doc) -> list[Hit]:
        hits = []
        for key, start, _ in self.verb_finder(doc):
            token = doc[start]
            if key == REPORTING_KEY:
                hit = self._reporting_hit(doc, token, self.verbs["reporting_verb"][token.lower_])
            else:
                hit = self._denial_hit(doc, token, self.verbs["denial_verb"][token.lower_])
            if hit is not None:
                hits.append(hit)
        return hits

    def _reporting_hit(self, doc: Doc, verb: Token, entry: LexiconEntry) -> Hit | None:
        if self._negated(doc, verb) or self._adjectival(doc, verb) or _in_a_name(doc, verb):
            return None
        subject = self._subject_range(doc, verb) or self._coordinated_subject(doc, verb)
        incise = subject is None and _after_clause(doc, verb)
        if subject is not None and doc[subject[0]].lower_ in self.lists["first_person"]:
            return None
        content = incise or self._has_content(doc, verb, subject)
        if entry.requires == "content" and not content:
            return None
        if self._passive(doc, verb) and not content:
            return None  # "workers were told of the closure": the subject heard, said nothing
        if entry.requires == "no_infinitive" and self._takes_infinitive(doc, verb):
            return None
        if subject is None and not incise:
            return None
        source = self._incise_source(doc, verb) if incise else self._source_of(doc, subject)
        strength = entry.strength if content else STRENGTHS["medium"]
        rule = "incise" if incise else "reporting verb"
        end = (
            verb.i + 2 if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "that" else verb.i + 1
        )
        return make_hit(doc, entry, rule, (verb.i, end), strength, source)

    def _denial_hit(self, doc: Doc, verb: Token, entry: LexiconEntry) -> Hit | None:
        if self._negated(doc, verb) or self._passive_refusal(doc, verb):
            return None
        if entry.requires == "claim_object" and not self._has_claim_object(doc, verb):
            return None
        start = self._auxiliary_start(doc, verb)
        source = self._subject_source(doc, verb.i)
        return make_hit(doc, entry, "denial verb", (start, verb.i + 1), entry.strength, source)

    def _passive(self, doc: Doc, verb: Token) -> bool:
        return verb.i > 0 and doc[verb.i - 1].lower_ in self.lists["passive_auxiliaries"]

    def _negated(self, doc: Doc, verb: Token) -> bool:
        window = doc[max(0, verb.i - 3) : verb.i]
        return any(t.lower_ in self.lists["negation_words"] for t in window)

    def _adjectival(self, doc: Doc, verb: Token) -> bool:
        """ "the announced plan", "200 confirmed cases", "the report": not a verb here."""
        if verb.i == 0:
            return False
        previous = doc[verb.i - 1]
        return previous.lower_ in self.lists["adjective_introducers"] or previous.like_num

    def _passive_refusal(self, doc: Doc, verb: Token) -> bool:
        """ "was denied bail" is a refusal done to someone, unless "denied by" follows."""
        before = self._auxiliary_start(doc, verb)
        passive = before > 0 and doc[before - 1].lower_ in self.lists["passive_auxiliaries"]
        passive = passive or self._passive(doc, verb)
        return passive and not (verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "by")

    def _auxiliary_start(self, doc: Doc, verb: Token) -> int:
        start = verb.i
        while start > 0 and doc[start - 1].lower_ in ("has", "have", "had"):
            start -= 1
        return start

    def _has_content(self, doc: Doc, verb: Token, subject: tuple[int, int] | None) -> bool:
        """A that-clause, a colon or quote, or the end of an incise (", police said.")."""
        following = doc[verb.i + 1 : verb.i + 1 + CONTENT_WINDOW]
        if any(t.lower_ == "that" for t in following):
            return True
        if self._zero_that_clause(following):
            return True
        if any(t.text in (":",) or t.text in QUOTE_MARKS for t in following[:2]):
            return True
        after_content = subject is not None and subject[0] > 0 and doc[subject[0] - 1].text == ","
        return after_content and self._ends_clause(doc, verb)

    def _zero_that_clause(self, following: Sequence[Token]) -> bool:
        """A subject then an auxiliary or modal right after the verb: "warn the virus might"."""
        for position, token in enumerate(following):
            if token.is_punct or token.lower_ == "to":
                return False
            if token.lower_ in self.lists["clause_markers"]:
                return position > 0
        return False

    def _ends_clause(self, doc: Doc, verb: Token) -> bool:
        """Nothing but circumstances after the verb (", researchers wrote in Nature.")."""
        if verb.i + 1 >= len(doc):
            return True
        following = doc[verb.i + 1]
        return following.text in CLAUSE_END or following.lower_ in self.lists["circumstance_words"]

    def _takes_infinitive(self, doc: Doc, verb: Token) -> bool:
        """ "told residents to stay": an order, not a report."""
        for token in doc[verb.i + 1 : verb.i + 5]:
            if token.lower_ == "that" or token.is_punct:
                return False
            if token.lower_ == "to":
                return True
        return False

    def _has_claim_object(self, doc: Doc, verb: Token) -> bool:
        """A claim noun after the verb ("rejected the allegations"), or before it when
        the verb ends a relative clause ("..., a claim both governments rejected.")."""
        claims = self.lists["claim_nouns"]
        if any(t.lower_ in claims for t in doc[verb.i + 1 : verb.i + 6]):
            return True
        ends_clause = verb.i + 1 == len(doc) or doc[verb.i + 1].is_punct
        return ends_clause and any(t.lower_ in claims for t in doc[max(0, verb.i - 6) : verb.i])

    # --------------------------------------------------------------- sources

    def _subject_range(self, doc: Doc, verb: Token) -> tuple[int, int] | None:
        """Words before the verb back to a clause boundary ("Sources familiar with the matter")."""
        end = verb.i
        while end > 0 and doc[end - 1].lower_ in self.lists["verb_companions"]:
            end -= 1
        start = end
        while start > 0 and not self._subject_boundary(doc[start - 1]):
            start -= 1
        return (start, end) if end > start else None

    def _coordinated_subject(self, doc: Doc, verb: Token) -> tuple[int, int] | None:
        """ "The company has denied it and said ...": the sentence's first subject."""
        before = verb.i
        while before > 0 and doc[before - 1].lower_ in self.lists["verb_companions"]:
            before -= 1
        if before == 0 or doc[before - 1].lower_ not in ("and", "but"):
            return None
        end = 0
        while end < before - 1 and not self._subject_boundary(doc[end]):
            if doc[end].lower_ in self.lists["verb_companions"]:
                break
            end += 1
        return (0, end) if end else None

    def _source_of(self, doc: Doc, subject: tuple[int, int] | None) -> tuple[int, int] | None:
        if subject is None or subject[1] - subject[0] > MAX_SOURCE_TOKENS:
            return None
        single = subject[1] - subject[0] == 1
        return (
            None if single and doc[subject[0]].lower_ in self.lists["subject_pronouns"] else subject
        )

    def _subject_boundary(self, token: Token) -> bool:
        if token.is_punct and token.text not in ("-", "'"):
            return True
        return token.lower_ in self.lists["subject_boundaries"] or token.lower_ in self.verb_forms

    def _subject_source(self, doc: Doc, index: int) -> tuple[int, int] | None:
        return self._source_of(doc, self._subject_range(doc, doc[index]))

    def _incise_source(self, doc: Doc, verb: Token) -> tuple[int, int] | None:
        """ "..., said John Smith, a spokesman" -> "John Smith"."""
        found = _words_after(doc, verb.i + 1, self.lists["circumstance_words"])
        if found is None or doc[found[0]].lower_ in self.lists["subject_pronouns"]:
            return None
        return found

    # ------------------------------------------------------------ quotations

    def _quotation_hits(self, doc: Doc, previous_text: str | None) -> list[Hit]:
        hits = []
        if opens_quote(previous_text) and doc.text.strip():
            close = next((t.i for t in doc if t.text in CLOSE_QUOTES), len(doc) - 1)
            span = (0, close + 1)
            hits.append(
                make_hit(
                    doc, None, "continued quotation", span, STRENGTHS["weak"], label=ATTRIBUTED
                )
            )
        if not QUOTE_CHARACTERS.intersection(doc.text):
            return hits
        for start, end in quote_segments([t.text for t in doc]):
            if sum(t.is_alpha for t in doc[start:end]) >= QUOTE_MIN_WORDS:
                span = (start, end)
                hits.append(
                    make_hit(doc, None, "quotation", span, STRENGTHS["medium"], label=ATTRIBUTED)
                )
        return hits


def _after_clause(doc: Doc, verb: Token) -> bool:
    """The verb follows a comma or a closing quote: an inverted incise ("..., said Smith")."""
    return verb.i > 0 and (doc[verb.i - 1].text in (",",) or doc[verb.i - 1].text in QUOTE_MARKS)


def _in_a_name(doc: Doc, token: Token) -> bool:
    """ "Port Said", "Said Business School": a capitalised verb form inside a sentence,
    after a capitalised word, is part of a proper name."""
    if token.i == 0 or not token.text[:1].isupper():
        return False
    previous = doc[token.i - 1]
    return previous.text[:1].isupper() and previous.is_alpha


def _words_after(doc: Doc, start: int, stops: frozenset[str]) -> tuple[int, int] | None:
    """Words from ``start`` up to punctuation or a stop word (at most MAX_SOURCE_TOKENS)."""
    end = start
    while end < len(doc) and end - start < MAX_SOURCE_TOKENS:
        token = doc[end]
        if (token.is_punct and token.text not in ("-", "'")) or token.lower_ in stops:
            break
        end += 1
    return (start, end) if end > start else None
