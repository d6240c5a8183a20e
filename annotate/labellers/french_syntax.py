"""The parse-tree helpers of the French labeller: verb groups, subjects, noun
phrases and sources, over a spaCy doc parsed by fr_core_news_sm.

Plain functions of a Doc and its Tokens (no lexicon, no labels): french.py decides
what a cue is, these find where its words and its source start and end.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl:subj"})
NP_DEPS = frozenset(
    {"det", "amod", "nmod", "case", "flat:name", "flat:foreign", "flat", "appos", "nummod"}
    | {"fixed", "compound", "conj", "cc", "punct", "acl"}
)
# Clauses hanging off a noun phrase are not part of the source's name.
CLAUSE_DEPS = frozenset({"acl:relcl", "ccomp", "advcl", "parataxis", "nsubj", "nsubj:pass"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
INCISE_OPENERS = frozenset({",", "»", "”", '"', "—", "–", "("})
CLITIC_SUBJECTS = frozenset({"-il", "-elle", "-ils", "-elles", "-on", "-t-il", "-t-elle", "-t-on"})
PAST_AUXILIARIES = frozenset({"avoir", "être"})
LINEAR_SUBJECT_STOPS = frozenset({"VERB", "AUX", "SCONJ", "CCONJ"})
SUBJECT_STARTS = frozenset({"DET", "PROPN", "NOUN", "PRON", "NUM", "X"})
# After an inverted subject these open circumstances, not the source's name:
# ", a martelé le ministre devant les députés".
CIRCUMSTANCE_PREPOSITIONS = frozenset(
    {"devant", "lors", "sur", "dans", "après", "avant", "pendant", "depuis", "au", "aux", "en"}
)
MAX_SOURCE_TOKENS = 16


def verb_group(doc: Doc, verb: Token) -> tuple[int, int]:
    """Token range from the verb's first auxiliary (or clitic) to the verb.

    Uses the parse, and the word order when the parse detached the auxiliary
    ("a nié", "a seulement déclaré").
    """
    start = verb.i
    for child in verb.children:
        attached = child.dep_.startswith("aux") or child.lower_.startswith("-")
        if attached and verb.i - 4 <= child.i < start:
            start = child.i
    cursor = start - 1
    while cursor >= max(0, verb.i - 4):
        token = doc[cursor]
        if token.lemma_ in PAST_AUXILIARIES and token.pos_ in ("AUX", "VERB"):
            start = cursor
        elif token.pos_ != "ADV" and not token.lower_.startswith("-"):
            break
        cursor -= 1
    return start, verb.i + 1


def extend_over_auxiliaries(doc: Doc, start: int) -> int:
    """Widen a matched phrase leftwards over "ont", "s'est" (cue 'ont refusé tout commentaire')."""
    while start > 0:
        previous = doc[start - 1]
        auxiliary = previous.lemma_ in PAST_AUXILIARIES and previous.pos_ in ("AUX", "VERB")
        if not (auxiliary or previous.lower_ in ("s'", "se")):
            break
        start -= 1
    return start


def subject_and_source(doc: Doc, verb: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """The verb's subject token and the token range of its noun phrase (None for a pronoun)."""
    subject = _subject(verb)
    if subject is None:
        found = _linear_subject(doc, verb)
        if found is None:
            return None, None
        first = doc[found[0]]
        return first, None if first.pos_ == "PRON" and found[1] - found[0] == 1 else found
    if subject.i > verb.i:
        return subject, post_verbal_source(doc, verb)
    if subject.pos_ == "PRON":
        return subject, None
    return subject, noun_phrase(doc, subject, 0, verb_group(doc, verb)[0])


def _linear_subject(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Fallback when the parse lost the subject: the words right before the verb group."""
    end = verb_group(doc, verb)[0]
    start = end
    while start > 0:
        previous = doc[start - 1]
        boundary = previous.is_punct and previous.text not in ("-", "'")
        participle = "Part" in previous.morph.get("VerbForm")
        stop = previous.pos_ in LINEAR_SUBJECT_STOPS and not participle
        if boundary or stop or previous.lower_ in ("que", "qu'", "qui"):
            break
        start -= 1
    while start < end and doc[start].pos_ == "ADV":
        start += 1
    if start == end or end - start > MAX_SOURCE_TOKENS or doc[start].pos_ not in SUBJECT_STARTS:
        return None
    return start, end


def _subject(verb: Token, inherit: bool = True) -> Token | None:
    """The grammatical subject, inherited by a conjunct; 'qui' resolves to its antecedent."""
    inherited = verb.head if inherit and verb.dep_ in ("conj", "xcomp") else None
    for candidate in (verb, inherited):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ != "-t":
                if child.lower_ == "qui" and candidate.dep_ == "acl:relcl":
                    return candidate.head
                return child
    return None


def is_incise(doc: Doc, verb: Token) -> bool:
    """An inverted incise: "a-t-il ajouté", ", a écrit le ministre", "», confie-t-elle"."""
    if any(t.lower_ in CLITIC_SUBJECTS for t in doc[verb.i - 2 : verb.i + 3] if t.i != verb.i):
        return True
    start = verb_group(doc, verb)[0]
    if start < 3 or doc[start - 1].text not in INCISE_OPENERS:
        return False
    subject = _subject(verb, inherit=False)
    return (subject is None or subject.i > verb.i) and _post_verbal_head(doc, verb) is not None


def _post_verbal_head(doc: Doc, verb: Token) -> Token | None:
    if any(t.lower_ in CLITIC_SUBJECTS for t in doc[verb.i - 2 : verb.i + 3]):
        return None  # "a-t-il ajouté": the source is a pronoun
    for token in doc[verb.i + 1 : verb.i + 5]:
        if token.pos_ in ("ADV",) or token.lower_ in ("-t",):
            continue
        if token.lower_ in CLITIC_SUBJECTS or token.pos_ == "PRON":
            return None
        if token.pos_ in ("DET", "ADJ", "NUM"):
            continue
        return token if token.pos_ in ("NOUN", "PROPN") else None
    return None


def post_verbal_source(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """The inverted subject of an incise, without the circumstances after it."""
    head = _post_verbal_head(doc, verb)
    if head is None:
        return None
    found = noun_phrase(doc, head, verb.i + 1, len(doc))
    if found is None:
        return None
    start, end = found
    cut = next((t.i for t in doc[head.i + 1 : end] if t.lower_ in CIRCUMSTANCE_PREPOSITIONS), end)
    while cut > start and doc[cut - 1].is_punct:
        cut -= 1
    return start, cut


def first_nominal(doc: Doc, start: int, limit: int) -> Token | None:
    for token in doc[start : start + limit]:
        if token.pos_ in NOMINAL:
            return token
        if token.pos_ not in ("DET", "ADJ", "ADV"):
            return None
    return None


def noun_phrase(doc: Doc, head: Token, low: int, high: int) -> tuple[int, int] | None:
    """Token range of the noun phrase headed by ``head`` within [low, high)."""
    keep = _np_tokens(head, low, high)
    start, end = head.i, head.i + 1
    while start - 1 in keep:
        start -= 1
    while end in keep:
        end += 1
    end = _cut_at_clause_comma(doc, head.i, end)
    while start < end and (doc[start].is_punct or doc[start].dep_ in ("cc", "case")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc", "case", "det")):
        end -= 1
    start, end = _glue_hyphens(doc, start, end)
    return (start, end) if 0 < end - start <= MAX_SOURCE_TOKENS else None


def _cut_at_clause_comma(doc: Doc, head: int, end: int) -> int:
    """A comma ends the phrase unless an apposition follows ("du Kremlin, Dmitri Peskov")."""
    for token in doc[head + 1 : end]:
        if token.text == "," and token.i + 1 < end:
            following = doc[token.i + 1]
            if following.pos_ not in ("PROPN", "NOUN"):
                return token.i
    return end


def _glue_hyphens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The tokenizer splits some compounds ("Royaume - Uni"): keep them whole."""
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        end += 2
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        start -= 2
    return start, end


def _np_tokens(head: Token, low: int, high: int) -> set[int]:
    """The head, its nominal dependents, and everything below those but clauses."""
    keep = {head.i}
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            if not low <= child.i < high or child.i in keep or child.dep_ in CLAUSE_DEPS:
                continue
            if node is head and not _nominal_dependent(head, child):
                continue
            keep.add(child.i)
            stack.append(child)
    return keep


def _nominal_dependent(head: Token, child: Token) -> bool:
    if child.dep_ == "acl" and child.i < head.i:
        return False  # fronted participle: "Questionné par ..., le porte-parole"
    if child.dep_ == "conj" and child.pos_ not in NOMINAL:
        return False
    return child.dep_ in NP_DEPS


def is_relative(token: Token) -> bool:
    return token.lower_ in ("que", "qu'") and token.head.dep_ == "acl:relcl"


def is_infinitive(token: Token) -> bool:
    return "Inf" in token.morph.get("VerbForm")


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("aux:pass", "nsubj:pass") for child in verb.children)


def is_past(verb: Token) -> bool:
    """Passé composé, imparfait or passé simple; an infinitive takes its governor's tense
    ("a fait savoir")."""
    if any(c.dep_.startswith("aux") and c.lemma_ in PAST_AUXILIARIES for c in verb.children):
        return True
    if is_infinitive(verb) and verb.i > 0 and not is_infinitive(verb.doc[verb.i - 1]):
        return is_past(verb.doc[verb.i - 1])
    return "Fin" in verb.morph.get("VerbForm") and bool(
        {"Imp", "Past"} & set(verb.morph.get("Tense"))
    )


def conditional_range(token: Token) -> tuple[int, int]:
    """ "auraient eu", "aurait été transmis": the auxiliary through its participle."""
    head = token.head
    if token.dep_.startswith("aux") and 0 < head.i - token.i <= 4:
        return token.i, head.i + 1
    return token.i, token.i + 1


def colon_speaker(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Headline style: "« ... » : les agriculteurs ..." or "Zelensky : « ... »"."""
    if end < len(doc) and doc[end].text == ":":
        head = first_nominal(doc, end + 1, limit=4)
        return noun_phrase(doc, head, end + 1, len(doc)) if head is not None else None
    if start >= 2 and doc[start - 1].text == ":":
        head = next((t for t in reversed(doc[: start - 1]) if t.pos_ in ("NOUN", "PROPN")), None)
        return noun_phrase(doc, head, 0, start - 1) if head is not None else None
    return None
