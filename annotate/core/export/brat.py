"""brat standoff: a folder brat can serve directly, and a reader back.

Layout (one .ann per annotator, because brat has one annotation layer per
document and annotators disagree)::

    annotation.conf                      entity and attribute types
    gold/<article_id>.txt|.ann           adjudicated decisions
    annotators/<annotator>/<article_id>.txt|.ann

In each .ann, offsets are absolute (into the article text):

* ``Span`` entity over each span the layer labelled, with attributes ``Kind``
  (title/heading/body), ``Skip`` and, in gold, ``Basis``;
* one entity per label, typed by the label name, over the same range;
* ``Cue`` and ``Source`` entities over the cue and source ranges;
* an ``AnnotatorNotes`` comment on the Span entity for a note; .ann is line
  based, so newlines, carriage returns, tabs and backslashes are escaped as
  ``\\n``, ``\\r``, ``\\t`` and ``\\\\``.

Ranges that cross a newline are written as brat fragments (``0 5;6 12``), as
brat itself does. brat cannot carry span ids, article metadata, the gold
reviewer, timestamps or predictions: the reader returns None for those.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from annotate.core.export.assemble import GOLD, ArticleAssembler
from annotate.core.export.records import DEFAULT_LABELS, Tally, absolute

SPAN, CONTENT, CUE, SOURCE = "Span", "Content", "Cue", "Source"
_STRUCTURAL = {SPAN, CONTENT, CUE, SOURCE}
GOLD_DIR, ANNOTATORS_DIR = "gold", "annotators"
KINDS = ("title", "heading", "body")
BASES = ("unanimous", "majority", "reviewer")


def safe_name(name: str) -> str:
    """A directory name for an annotator (pseudonyms pass unchanged)."""
    return re.sub(r"[^\w.@-]", "_", name).lstrip(".") or "_"


def annotation_conf(labels: Sequence[str]) -> str:
    """The brat annotation.conf for these label types."""
    entities = "\n".join([SPAN, CUE, SOURCE, *labels])
    return (
        f"[entities]\n{entities}\n\n"
        "[relations]\n<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        "[attributes]\n"
        f"Skip Arg:{SPAN}\n"
        f"Kind Arg:{SPAN}, Value:{'|'.join(KINDS)}\n"
        f"Basis Arg:{SPAN}, Value:{'|'.join(BASES)}\n"
    )


def escape_note(note: str) -> str:
    """A note on one .ann line."""
    escapes = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(escapes.get(char, char) for char in note)


def unescape_note(text: str) -> str:
    """The inverse of ``escape_note``."""
    controls = {"n": "\n", "r": "\r", "t": "\t"}
    return re.sub(r"\\(.)", lambda m: controls.get(m[1], m[1]), text, flags=re.S)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for found in re.finditer(r"\n+", text[start:end]):
        pieces.append((cursor, start + found.start()))
        cursor = start + found.end()
    pieces.append((cursor, end))
    return [(a, b) for a, b in pieces if a < b] or [(start, end)]


class _AnnWriter:
    """Builds the lines of one .ann file, numbering T, A and # ids."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.counts = defaultdict(int)

    def _next(self, prefix: str) -> str:
        self.counts[prefix] += 1
        return f"{prefix}{self.counts[prefix]}"

    def entity(self, kind: str, start: int, end: int) -> str:
        """Add a T line over ``[start, end)`` (fragmented at newlines); return its id."""
        pieces = _fragments(self.text, start, end)
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        covered = " ".join(self.text[a:b] for a, b in pieces)
        ident = self._next("T")
        self.lines.append(f"{ident}\t{kind} {offsets}\t{covered}")
        return ident

    def attribute(self, name: str, target: str, value: str | None = None) -> None:
        """Add an A line: a binary attribute, or a valued one."""
        suffix = "" if value is None else f" {value}"
        self.lines.append(f"{self._next('A')}\t{name} {target}{suffix}")

    def note(self, target: str, note: str) -> None:
        """Add an AnnotatorNotes line, escaped to stay on one line."""
        self.lines.append(f"{self._next('#')}\tAnnotatorNotes {target}\t{escape_note(note)}")


def _write_entry(ann: _AnnWriter, span: dict, entry: dict, basis: str | None) -> None:
    target = ann.entity(SPAN, span["start"], span["end"])
    if span.get("kind") in KINDS:
        ann.attribute("Kind", target, span["kind"])
    if entry.get("skip"):
        ann.attribute("Skip", target)
    if basis in BASES:
        ann.attribute("Basis", target, basis)
    for label in entry.get("labels") or []:
        ann.entity(label, span["start"], span["end"])
    for role, kind in (("cue", CUE), ("source", SOURCE)):
        value = absolute(span, entry.get(role))
        if value is not None:
            ann.entity(kind, *value)
    if entry.get("note"):
        ann.note(target, entry["note"])


def article_layers(article: dict) -> dict[str, str]:
    """The .ann text of each layer of one article, keyed by folder path
    (``gold`` or ``annotators/<name>``)."""
    writers: dict[str, _AnnWriter] = {}

    def writer(key: str) -> _AnnWriter:
        return writers.setdefault(key, _AnnWriter(article["text"]))

    for span in article["spans"]:
        gold = span.get("gold")
        if gold:
            _write_entry(writer(GOLD_DIR), span, gold, gold.get("basis"))
        for annotation in span.get("annotations") or []:
            key = f"{ANNOTATORS_DIR}/{safe_name(annotation['annotator'])}"
            _write_entry(writer(key), span, annotation, None)
    return {key: "".join(line + "\n" for line in ann.lines) for key, ann in writers.items()}


def write_brat(
    folder: Path, articles: Iterable[dict], labels: Sequence[str] = DEFAULT_LABELS
) -> dict[str, int]:
    """Write the brat folder article by article; annotation.conf lists ``labels``
    plus any other label met in the data. Return the counts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    seen = dict.fromkeys(labels)
    for article in tally.watch(articles):
        stem = safe_name(str(article["article_id"]))
        for key, ann in article_layers(article).items():
            layer = folder / key
            layer.mkdir(parents=True, exist_ok=True)
            (layer / f"{stem}.txt").write_text(article["text"], encoding="utf-8", newline="")
            (layer / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")
        for span in article["spans"]:
            for entry in [span.get("gold") or {}, *(span.get("annotations") or [])]:
                seen.update(dict.fromkeys(entry.get("labels") or []))
    (folder / "annotation.conf").write_text(annotation_conf(list(seen)), encoding="utf-8")
    return tally.as_dict()


# --- reading -----------------------------------------------------------------


def parse_ann(text: str) -> tuple[dict, list, list]:
    """Entities ``{id: (type, start, end)}``, attributes ``[(name, target, value)]``
    and notes ``[(target, note)]`` of one .ann file. A fragmented entity takes
    the range from its first start to its last end."""
    entities, attributes, notes = {}, [], []
    for line in text.split("\n"):  # not splitlines(): covered text may hold U+2028
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            head, _, _covered = rest.partition("\t")
            kind, _, offsets = head.partition(" ")
            bounds = [int(n) for piece in offsets.split(";") for n in piece.split()]
            entities[ident] = (kind, min(bounds), max(bounds))
        elif ident.startswith(("A", "M")):
            name, target, *value = rest.split(" ")
            attributes.append((name, target, value[0] if value else None))
        elif ident.startswith("#"):
            head, _, note = rest.partition("\t")
            kind, _, target = head.partition(" ")
            if kind == "AnnotatorNotes":
                notes.append((target, unescape_note(note)))
    return entities, attributes, notes


def _read_layer(assembler: ArticleAssembler, layer, ann_text: str) -> None:
    entities, attributes, notes = parse_ann(ann_text)
    for kind, start, end in entities.values():
        if kind in (SPAN, CONTENT):
            assembler.entry(assembler.span(start, end), layer)
        elif kind not in _STRUCTURAL:
            assembler.add_labels(layer, start, end, [kind])
    for name, target, value in attributes:
        if target in entities:
            _apply_attribute(assembler, layer, entities[target], name, value)
    for kind, start, end in entities.values():
        if kind in (CUE, SOURCE):
            assembler.add_range(layer, kind.lower(), start, end)
    for target, note in notes:
        span = assembler.containing(*entities[target][1:]) if target in entities else None
        if span is not None and layer is not GOLD:  # gold decisions carry no note
            assembler.entry(span, layer)["note"] = note


def _apply_attribute(assembler: ArticleAssembler, layer, entity: tuple, name, value) -> None:
    _, start, end = entity
    if name == "Kind":
        assembler.span(start, end, kind=value)
    elif name == "Skip":
        assembler.entry(assembler.span(start, end), layer)["skip"] = True
    elif name == "Basis" and layer is GOLD:
        assembler.entry(assembler.span(start, end), layer)["basis"] = value


def _read(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters: brat offsets count them both.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _layers(folder: Path) -> list[tuple[object, Path]]:
    layers = [(GOLD, folder / GOLD_DIR)] if (folder / GOLD_DIR).is_dir() else []
    annotators = folder / ANNOTATORS_DIR
    if annotators.is_dir():
        layers += [(path.name, path) for path in sorted(annotators.iterdir()) if path.is_dir()]
    return layers


def _article_key(stem: str):
    return (0, int(stem), "") if stem.isdigit() else (1, 0, stem)


def read_brat(folder: Path) -> Iterator[dict]:
    """Article records back from a brat folder written by ``write_brat`` (or any
    folder laid out the same way), in article id order. Spans come from ``Span``
    or ``Content`` entities and from label entities; cues and sources attach to
    the smallest span containing them."""
    folder = Path(folder)
    layers = _layers(folder)
    stems = sorted({p.stem for _, path in layers for p in path.glob("*.txt")}, key=_article_key)
    for stem in stems:
        found = [(layer, path) for layer, path in layers if (path / f"{stem}.txt").exists()]
        text = _read(found[0][1] / f"{stem}.txt")
        assembler = ArticleAssembler(int(stem) if stem.isdigit() else stem, text)
        for layer, path in found:
            ann = path / f"{stem}.ann"
            if ann.exists():
                _read_layer(assembler, layer, _read(ann))
        yield assembler.record()
