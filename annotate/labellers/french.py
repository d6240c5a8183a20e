"""French heuristic pre-labeller ("heuristic-fr") on spaCy's fr_core_news_sm.

Rules (cue words are data, in lexicons/fr.yaml):

* attributed - "selon X" / "d'après X" (source: the noun phrase after it);
  verbs of saying by lemma with a third-party subject and, for ambiguous verbs,
  a propositional complement; inverted incises ("a-t-il ajouté", ", a écrit le
  ministre"); quotations with a verb; a span continuing a quote opened in the
  previous span; sentence-initial "Pour <role or name>,".
* speculative - conditional mood (morphology, backed by a future-stem check
  because the small model tags many conditionals as imparfait and some
  futures as conditional); hedges; unconfirmed (passive/adjectival).
  Not speculative: futures, first-person polite conditionals ("je voudrais"),
  and the future-in-the-past after a past verb of saying ("a annoncé qu'il
  démissionnerait"), except for the modals pouvoir/devoir.
* denied - denial verbs (not negated), refusals to comment, dismissive phrases.
* reported - when nothing fires.

Sources are character ranges of full noun phrases (apposition and post-nominal
participles included, relative clauses and fronted participles excluded).
A pronoun source ("il", "selon lui") gives ``source=None``: it names nobody
the annotator could check, and its antecedent lies outside the span.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from .base import (
    ATTRIBUTED,
    CLOSE_QUOTES,
    DENIED,
    QUOTE_CHARACTERS,
    SPECULATIVE,
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
from .french_syntax import (
    PAST_AUXILIARIES,
    colon_speaker,
    conditional_range,
    extend_over_auxiliaries,
    first_nominal,
    is_incise,
    is_infinitive,
    is_passive,
    is_past,
    is_relative,
    noun_phrase,
    post_verbal_source,
    subject_and_source,
    verb_group,
)

NAME = "heuristic-fr"
VERSION = "1.1.0"
MODEL = "fr_core_news_sm"
UNUSED_PIPES = ("ner",)  # entities are not used (sources come from the parse): not even loaded
BATCH_SIZE = 256

FAMILIES = (
    "source_introducer",
    "source_phrase",
    "opinion_holder",
    "reporting_verb",
    "reported_act",
    "denial_verb",
    "denial_phrase",
    "hedge_phrase",
    "hedge_verb",
    "unconfirmed",
    "not_a_cue",
)
PHRASE_FAMILIES = (
    "source_introducer",
    "source_phrase",
    "opinion_holder",
    "denial_phrase",
    "hedge_phrase",
    "unconfirmed",
    "not_a_cue",
)

NOT_A_VERB = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "PUNCT", "DET", "NUM", "CCONJ", "SCONJ"})
# A conditional ends in r + an imperfect ending; what precedes is the future stem.
CONDITIONAL_ENDING = re.compile(r"r(ais|ait|aient|ions|iez)$")
QUOTE_MIN_WORDS = 3
CONTENT_WINDOW = 7


@functools.cache
def _pipeline() -> Language:
    """The spaCy model, loaded once per process, without unused components."""
    return spacy.load(MODEL, exclude=list(UNUSED_PIPES))


@functools.cache
def _rules() -> FrenchRules:
    return FrenchRules(load_lexicon("fr", FAMILIES), _pipeline())


class FrenchLabeller(RuleLabeller):
    """Heuristic labeller for French news spans (see module docstring)."""

    name = NAME
    version = VERSION
    languages = frozenset({"fr"})
    batch_size = BATCH_SIZE

    def pipeline(self) -> Language:
        return _pipeline()

    def rules(self) -> FrenchRules:
        return _rules()


class FrenchRules:
    """Compiled lexicon + the rule functions, shared by all labeller instances."""

    def __init__(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lexicon = lexicon
        self.lists = {name: frozenset(words) for name, words in lexicon.lists.items()}
        self.future_stems = sorted(
            lexicon.mappings["future_stems"].items(), key=lambda pair: -len(pair[0])
        )
        self.verbs = {
            family: lexicon.by_word(family)
            for family in ("reporting_verb", "denial_verb", "hedge_verb", "reported_act")
        }
        # one lookup per token: lemma or form -> reporting, denial or hedge verb entry
        self.verb_index = {
            word: entry
            for family in ("hedge_verb", "denial_verb", "reporting_verb")
            for word, entry in self.verbs[family].items()
        }
        phrase_entries = [e for e in lexicon.entries if e.family in PHRASE_FAMILIES]
        self.matcher = CueMatcher(nlp, phrase_entries, has_lemmas=True)
        verb_lemmas = set().union(*map(set, self.verbs.values()))
        self.form_lemmas = self._form_lemmas(self.matcher.lemmas | verb_lemmas)

    def _form_lemmas(self, lemmas: set[str]) -> dict[str, str]:
        """Inflected form -> lemma for the lexicon's verbs, to repair the tagger's misses."""
        table: dict[str, str] = {}
        second_group = self.lists["second_group_verbs"]
        for lemma in sorted(lemmas):
            for form in _regular_forms(lemma, lemma in second_group):
                table.setdefault(form, lemma)
        for family in self.verbs.values():
            for entry in family.values():
                for form in entry.forms:
                    table[form] = entry.cue
        return table

    # ------------------------------------------------------------------ driver

    def label(self, span: SpanInput, doc: Doc) -> PredictionResult:
        """Run every rule on one parsed span and fold the cues."""
        self._repair_lemmas(doc)
        lexical = keep_longest(
            (hit.start, hit.end, hit) for hit in self._phrase_hits(doc) + self._verb_hits(doc)
        )
        hits = [hit for _, _, hit in lexical if hit.cue is not None]
        hits += self._conditional_hits(doc)
        # A refusal or denial that quotes the party ("a refusé de commenter « un dossier
        # privé »") carries its own words: the quote needs no verb to be attributed.
        denial = any(hit.cue.label == DENIED for hit in hits)
        hits += self._quotation_hits(doc, span.previous_text, verbless=denial)
        cues = self._resolve(hits)
        return decide(span.text, cues, default_rationale=lambda: self._reported_rationale(doc))

    def _repair_lemmas(self, doc: Doc) -> None:
        """Give known verb forms their lemma where the tagger read a noun or adjective.

        "L'avocat conteste", "Une étude montre que", "n'a pas réagi": the small
        model often tags these NOUN/ADJ with the form as lemma. A form is only
        re-read as a verb after a non-determiner ("la note" stays a noun);
        infinitives are re-read everywhere ("refuse de commenter").
        """
        for token in doc:
            lemma = self.form_lemmas.get(token.lower_)
            if lemma is None or token.lemma_ == lemma:
                continue
            previous = doc[token.i - 1].lower_ if token.i else ""
            if token.lower_ == lemma or previous not in self.lists["noun_introducers"]:
                token.lemma_ = lemma
                if token.pos_ in NOT_A_VERB:
                    token.pos_ = "VERB"

    def _resolve(self, hits: list[Hit]) -> list[Cue]:
        denial = any(hit.cue.label == DENIED for hit in hits)
        return [
            hit.cue
            for hit in hits
            if not (denial and hit.entry is not None and hit.entry.requires == "no_denial")
        ]

    def _reported_rationale(self, doc: Doc) -> str:
        acts = [t.text for t in doc if t.lemma_.lower() in self.verbs["reported_act"]]
        if acts:
            return f"no cue; reported act: '{acts[0]}'"
        return "no cue: plain narration"

    # ----------------------------------------------------------- phrase rules

    def _phrase_hits(self, doc: Doc) -> list[Hit]:
        hits = []
        for entry, start, end in self.matcher(doc):
            hit = self._phrase_hit(doc, entry, start, end)
            if hit is not None:
                hits.append(hit)
        return hits

    def _phrase_hit(self, doc: Doc, entry: LexiconEntry, start: int, end: int) -> Hit | None:
        family = entry.family
        if family == "not_a_cue":
            return Hit(start, end, entry, None)
        if family == "source_introducer":
            return self._introducer_hit(doc, entry, start, end)
        if family == "opinion_holder":
            return self._opinion_holder_hit(doc, entry, start, end)
        if family == "denial_phrase":
            return self._denial_phrase_hit(doc, entry, start, end)
        return make_hit(doc, entry, family.replace("_", " "), (start, end), entry.strength)

    def _denial_phrase_hit(self, doc: Doc, entry: LexiconEntry, start: int, end: int) -> Hit:
        """A phrase written from a lemma ("<refuser> tout commentaire") is a verb group:
        its cue takes in the auxiliaries and its subject is the source. Adjectival
        ones ("infondées") have no source: the subject there is the claim itself."""
        source = None
        if (entry.pattern or "").startswith("<"):
            start = extend_over_auxiliaries(doc, start)
            source = self._phrase_subject_source(doc, start, end)
        return make_hit(doc, entry, entry.cue, (start, end), entry.strength, source)

    def _introducer_hit(self, doc: Doc, entry: LexiconEntry, start: int, end: int) -> Hit | None:
        # "les tarifs varieront selon le revenu": after a verb of variation, "depending on"
        if any(t.lemma_ in self.lists["manner_heads"] for t in doc[max(0, start - 3) : start]):
            return None
        head = first_nominal(doc, end, limit=4)
        if head is None or head.lemma_.lower() in self.lists["not_sources"]:
            return None
        source = None if head.pos_ == "PRON" else noun_phrase(doc, head, end, len(doc))
        return make_hit(doc, entry, f"{entry.cue} + source", (start, end), entry.strength, source)

    def _opinion_holder_hit(
        self, doc: Doc, entry: LexiconEntry, start: int, end: int
    ) -> Hit | None:
        # Only "Pour l'économiste X, ..." at the head of the sentence.
        if any(not t.is_punct for t in doc[:start]):
            return None
        head = first_nominal(doc, end, limit=4)
        if head is None or not (
            head.pos_ == "PROPN" or head.lemma_.lower() in self.lists["role_nouns"]
        ):
            return None
        source = noun_phrase(doc, head, end, len(doc))
        if source is None or source[1] >= len(doc) or doc[source[1]].text != ",":
            return None
        return make_hit(doc, entry, "pour + opinion holder", (start, end), entry.strength, source)

    def _phrase_subject_source(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        verbs = [t for t in doc[start:end] if t.pos_ == "VERB"]
        return subject_and_source(doc, verbs[0])[1] if verbs else None

    # ------------------------------------------------------------- verb rules

    def _verb_hits(self, doc: Doc) -> list[Hit]:
        hits = []
        for token in doc:
            hit = self._verb_hit(doc, token)
            if hit is not None:
                hits.append(hit)
        return hits

    def _verb_hit(self, doc: Doc, token: Token) -> Hit | None:
        entry = self.verb_index.get(token.lemma_) or self.verb_index.get(token.lower_)
        if entry is None:
            return None
        if entry.family == "reporting_verb":
            if token.pos_ in NOT_A_VERB or token.lemma_ not in self.verbs["reporting_verb"]:
                return None
            return self._reporting_hit(doc, token, entry)
        if token.is_punct:
            return None
        if entry.family == "denial_verb":
            return self._denial_hit(doc, token, entry)
        if token.pos_ == "NOUN" or self._negated(doc, token):
            return None
        start, end = verb_group(doc, token)
        return make_hit(doc, entry, "hedge verb", (start, end), entry.strength)

    def _reporting_hit(self, doc: Doc, verb: Token, entry: LexiconEntry) -> Hit | None:
        if self._negated(doc, verb):
            return None
        incise = is_incise(doc, verb)
        content = incise or self._has_content(doc, verb)
        subject, source = subject_and_source(doc, verb)
        if is_passive(verb):
            # "une fusion est évoquée": the subject is the topic, the agent the source
            agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            if agent is None and not content:
                return None
            subject = agent
            source = noun_phrase(doc, agent, verb.i + 1, len(doc)) if agent is not None else None
        if subject is not None and not incise and self._is_first_person(subject):
            return None
        if entry.requires == "incise" and not incise:
            return None
        if not content and (entry.requires == "content" or is_infinitive(verb) or subject is None):
            return None
        start, end = verb_group(doc, verb)
        if end < len(doc) and doc[end].lower_ in ("que", "qu'"):
            end += 1
        if incise:
            source = post_verbal_source(doc, verb)
        strength = entry.strength if content else STRENGTHS["medium"]
        rule = "incise" if incise else "reporting verb"
        return make_hit(doc, entry, rule, (start, end), strength, source)

    def _denial_hit(self, doc: Doc, verb: Token, entry: LexiconEntry) -> Hit | None:
        if self._negated(doc, verb):
            return None
        if entry.requires == "claim_object" and not self._has_claim_object(doc, verb):
            return None
        start, end = verb_group(doc, verb)
        source = subject_and_source(doc, verb)[1]
        return make_hit(doc, entry, "denial verb", (start, end), entry.strength, source)

    def _negated(self, doc: Doc, verb: Token) -> bool:
        start = verb_group(doc, verb)[0]
        end = verb.i + 1
        # "ne citait toutefois pas": adverbs may sit between the verb and "pas"
        while end < min(len(doc), verb.i + 3) and doc[end].pos_ == "ADV":
            if doc[end].lower_ in self.lists["negation_words"]:
                break
            end += 1
        window = doc[max(0, start - 2) : min(len(doc), end + 1)]
        has_ne = any(t.lower_ in ("ne", "n'") for t in window)
        return has_ne and any(t.lower_ in self.lists["negation_words"] for t in window)

    def _is_first_person(self, subject: Token) -> bool:
        return subject.lower_.lstrip("-") in self.lists["first_person"]

    def _has_content(self, doc: Doc, verb: Token) -> bool:
        """Does the verb carry a proposition (que-clause, colon, quote, infinitive,
        or the adjective of a judgement: "juge ce budget insincère")?"""
        if any(child.dep_ == "ccomp" for child in verb.children):
            return True
        if verb.lemma_ in self.lists["judgement_verbs"] and self._judged_adjective(doc, verb):
            return True
        for offset, token in enumerate(doc[verb.i + 1 : verb.i + 1 + CONTENT_WINDOW]):
            if token.text in (".", ";", "!", "?"):
                return False
            # "montre que": right after the verb, que opens the complement whatever
            # the parse says; further on it may be a relative ("un livre que")
            opener = token.lower_ in self.lists["content_openers"]
            if opener and (offset == 0 or not is_relative(token)):
                return token.lower_ not in (":", "«", "“", '"') or offset < 4
            if is_infinitive(token) and self._claim_infinitive(doc, token, verb):
                return True
        return False

    def _claim_infinitive(self, doc: Doc, infinitive: Token, verb: Token) -> bool:
        """ "affirme avoir repris", "accuse X de mentir" - not the order "dit de partir"."""
        previous = doc[infinitive.i - 1]
        if previous.i == verb.i or (previous.pos_ == "ADV" and previous.i == verb.i + 1):
            return True
        if previous.lower_ not in ("de", "d'"):
            return False
        perfect = infinitive.lemma_ in PAST_AUXILIARIES
        return perfect or verb.lemma_ in self.lists["de_infinitive_content"]

    def _judged_adjective(self, doc: Doc, verb: Token) -> bool:
        """An adjective after the verb's object noun: "juge [ce budget] insincère",
        or "qualifie [ces accusations] d'absurdes"."""
        seen_noun = False
        for token in doc[verb.i + 1 : verb.i + 1 + CONTENT_WINDOW]:
            if token.is_punct:
                return False
            if token.pos_ in ("NOUN", "PROPN"):
                seen_noun = True
                continue
            # the parser often reads the predicate as an amod of the noun: accept an
            # adjective that closes the clause ("... insincère." / "... insincère et ...")
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            closes = following is None or following.is_punct or following.lower_ == "et"
            predicative = token.pos_ == "ADJ" and (token.dep_ != "amod" or closes)
            qualified = verb.lemma_ == "qualifier" and token.lower_ in ("de", "d'")
            if seen_noun and (predicative or qualified):
                return True
        return False

    def _has_claim_object(self, doc: Doc, verb: Token) -> bool:
        following = doc[verb.i + 1 : verb.i + 6]
        return any(t.lemma_.lower() in self.lists["claim_nouns"] for t in following)

    # ------------------------------------------------------ conditional mood

    def _conditional_hits(self, doc: Doc) -> list[Hit]:
        hits = []
        for token in doc:
            if not self._is_conditional(token) or self._is_polite(token):
                continue
            modal = token.lemma_.lower() in self.lists["modal_hedges"]
            if not modal and self._future_in_the_past(doc, token):
                continue
            start, end = conditional_range(token)
            strength = (
                STRENGTHS["strong"] if "Cnd" in token.morph.get("Mood") else STRENGTHS["medium"]
            )
            rule = "modal hedge" if modal else "conditional mood"
            hits.append(make_hit(doc, None, rule, (start, end), strength, label=SPECULATIVE))
        return hits

    def _is_conditional(self, token: Token) -> bool:
        """Conditional by morphology or, failing that, by its future stem."""
        if token.pos_ in NOT_A_VERB:
            return False
        match = CONDITIONAL_ENDING.search(token.lower_)
        if match is None:
            return False  # "reviendra" is sometimes tagged Cnd: the ending rules it out
        if "Cnd" in token.morph.get("Mood"):
            return True
        stem = token.lower_[: match.start() + 1]
        return self._future_stem_fits(stem, token.lemma_.lower(), token.lower_)

    def _future_stem_fits(self, stem: str, lemma: str, form: str) -> bool:
        """Is ``stem`` the future stem of ``lemma``? (imparfait stems never are)."""
        for ending, stem_ending in self.future_stems:
            if lemma.endswith(ending):
                return stem == lemma[: len(lemma) - len(ending)] + stem_ending
        if lemma == form:  # unknown to the lemmatizer: trust a long -er/-ir stem
            return stem.endswith(("er", "ir")) and len(stem) >= 5
        if lemma.endswith("er"):
            # bloquer -> bloquer-ait; jeter -> jetter-ait; never the imparfait stem bloqu-
            return stem == lemma or (stem.endswith("er") and len(stem) >= len(lemma))
        if lemma.endswith("ir"):
            return stem == lemma
        if lemma.endswith("re"):
            return stem == lemma[:-1]
        return False

    def _introduces_speech(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        return lemma in self.verbs["reporting_verb"] or lemma in self.lists["indirect_speech_verbs"]

    def _is_polite(self, token: Token) -> bool:
        first_person = "1" in token.morph.get("Person")
        return first_person and token.lemma_.lower() in self.lists["polite_conditionals"]

    def _future_in_the_past(self, doc: Doc, token: Token) -> bool:
        """Simple conditional in a que-clause of a past verb of saying: a future, not a hedge."""
        if token.dep_ == "aux:tense" and token.head.i > token.i:
            return False  # conditional past ("aurait eu") stays journalistic
        node = token.head if token.dep_.startswith("aux") or token.dep_ == "cop" else token
        for _ in range(3):
            governor = node.head
            if governor.i == node.i:  # reached the root
                return False
            if governor.i < token.i and self._introduces_speech(governor) and is_past(governor):
                between = doc[governor.i + 1 : token.i]
                return any(t.lower_ in ("que", "qu'") for t in between)
            node = governor
        return False

    # ------------------------------------------------------------ quotations

    def _quotation_hits(
        self, doc: Doc, previous_text: str | None, verbless: bool = False
    ) -> list[Hit]:
        hits = []
        if opens_quote(previous_text) and doc.text.strip():
            close = next((t.i for t in doc if t.text in CLOSE_QUOTES), len(doc) - 1)
            hits.append(
                make_hit(
                    doc,
                    None,
                    "continued quotation",
                    (0, close + 1),
                    STRENGTHS["weak"],
                    label=ATTRIBUTED,
                )
            )
        if not QUOTE_CHARACTERS.intersection(doc.text):
            return hits
        for start, end in quote_segments([t.text for t in doc]):
            inside = doc[start + 1 : end - 1] if end - start > 1 else doc[start:end]
            words = [t for t in inside if t.is_alpha]
            has_verb = any(t.pos_ in ("VERB", "AUX") for t in inside)
            if len(words) >= QUOTE_MIN_WORDS and (verbless or has_verb):
                source = colon_speaker(doc, start, end)
                hits.append(
                    make_hit(
                        doc,
                        None,
                        "quotation",
                        (start, end),
                        STRENGTHS["medium"],
                        source,
                        ATTRIBUTED,
                    )
                )
        return hits


def _regular_forms(lemma: str, second_group: bool) -> set[str]:
    """Inflected forms of a regular -er verb, or of a listed second-group -ir verb."""
    if lemma.endswith("er") and lemma != "aller":
        return _first_group_forms(lemma)
    if second_group:
        stem = lemma[:-2]
        endings = ("i", "is", "it", "ie", "ies", "ir", "issent", "issons", "issez", "issait")
        more = ("issaient", "issant", "irent", "ira", "iront", "irait", "iraient")
        return {stem + ending for ending in endings + more}
    return set()


def _first_group_forms(lemma: str) -> set[str]:
    stem = lemma[:-2]
    # annoncer -> annonçait, juger -> jugeait: the soft stem before a/o
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    # révéler -> révèle, appeler -> appelle, lever -> lève: the stressed stems
    stressed = {stem}
    accent = re.search(r"[ée]([^aeiouéèêy]+)$", stem)
    if accent:
        stressed.add(stem[: accent.start()] + "è" + accent.group(1))
        stressed.add(stem + accent.group(1)[-1])
    forms = {s + e for s in stressed for e in ("e", "es", "ent")}
    forms |= {stem + e for e in ("é", "ée", "és", "ées", "er", "ez", "èrent")}
    forms |= {soft + e for e in ("ons", "ait", "aient", "ais", "ant", "a")}
    forms |= {lemma + e for e in ("a", "ont", "ait", "aient")}
    return forms
