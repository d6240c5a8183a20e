"""Label Studio JSON tasks (one JSON array, streamed), and a reader back.

One task per article: ``data.text`` is the article text (plus its metadata);
``annotations`` holds one entry per annotator (``completed_by`` is the
annotator's name, where Label Studio's own exports put a user id) and one per
gold reviewer with ``ground_truth: true``; ``predictions`` holds one entry per
pre-labeller version, ``model_version`` = ``<labeller>@<version>``.

Each span an annotation covers is one region, id ``s<span_id>``:

* ``from_name: "label"`` results carry the span's labels (``["skip"]`` for an
  explicit skip) over the whole span;
* ``from_name: "role"`` results mark the cue (``Cue``) and source (``Source``)
  ranges, ids ``s<span_id>-cue`` / ``-source``;
* a per-region ``textarea`` result (``from_name: "note"``, same id) holds a note.

Offsets are absolute. ``label_studio_config`` gives the matching labelling
interface. Not carried: gold basis, span kinds, prediction rationales.
"""

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO
from xml.sax.saxutils import quoteattr

from annotate.core.export.assemble import GOLD, ArticleAssembler
from annotate.core.export.records import DEFAULT_LABELS, Tally, absolute, dumps_line

LABEL, ROLE, NOTE, TEXT = "label", "role", "note", "text"
SKIP_LABEL = "skip"
ROLES = {"cue": "Cue", "source": "Source"}
_REGION_ID = re.compile(r"^s(\d+)$")
_META_KEYS = ("article_id", "external_id", "title", "outlet", "url", "published", "language")


def label_studio_config(labels: Sequence[str] = DEFAULT_LABELS) -> str:
    """The Label Studio labelling interface (XML) matching these tasks."""
    label_tags = "".join(f"<Label value={quoteattr(n)}/>" for n in (*labels, SKIP_LABEL))
    role_tags = "".join(f"<Label value={quoteattr(n)}/>" for n in ROLES.values())
    return (
        "<View>"
        f'<Labels name="{LABEL}" toName="{TEXT}">{label_tags}</Labels>'
        f'<Labels name="{ROLE}" toName="{TEXT}">{role_tags}</Labels>'
        f'<Text name="{TEXT}" value="$text"/>'
        f'<TextArea name="{NOTE}" toName="{TEXT}" perRegion="true"/>'
        "</View>"
    )


def _region(rid: str, control: str, text: str, start: int, end: int, labels: list) -> dict:
    value = {"start": start, "end": end, "text": text[start:end], "labels": labels}
    return {"id": rid, "from_name": control, "to_name": TEXT, "type": "labels", "value": value}


def span_results(text: str, span: dict, entry: dict, score: float | None = None) -> list[dict]:
    """The Label Studio results of one span under one annotation or prediction."""
    sid = span["span_id"]
    rid = f"s{sid}" if sid is not None else f"r{span['start']}-{span['end']}"
    labels = [SKIP_LABEL] if entry.get("skip") else list(entry.get("labels") or [])
    results = [_region(rid, LABEL, text, span["start"], span["end"], labels)]
    for role, name in ROLES.items():
        value = absolute(span, entry.get(role))
        if value is not None:
            results.append(_region(f"{rid}-{role}", ROLE, text, *value, [name]))
    if entry.get("note"):
        value = {"start": span["start"], "end": span["end"], "text": [entry["note"]]}
        results.append(
            {"id": rid, "from_name": NOTE, "to_name": TEXT, "type": "textarea", "value": value}
        )
    if score is not None:
        for result in results:
            result["score"] = score
    return results


def _annotations(article: dict) -> list[dict]:
    people: dict[tuple[bool, str], dict] = {}
    for span in article["spans"]:
        gold = span.get("gold")
        entries = [(True, gold.get("reviewer") or "gold", gold)] if gold else []
        entries += [(False, a["annotator"], a) for a in span.get("annotations") or []]
        for is_gold, who, entry in entries:
            item = people.setdefault(
                (is_gold, who),
                {"completed_by": who, "ground_truth": is_gold, "updated_at": None, "result": []},
            )
            item["result"] += span_results(article["text"], span, entry)
            stamp = entry.get("updated_at")
            item["updated_at"] = max(filter(None, (item["updated_at"], stamp)), default=None)
    return [people[key] for key in sorted(people)]


def _predictions(article: dict) -> list[dict]:
    models: dict[str, dict] = {}
    for span in article["spans"]:
        prediction = span.get("prediction")
        if not prediction:
            continue
        version = f"{prediction['labeller']}@{prediction['version']}"
        item = models.setdefault(version, {"model_version": version, "score": None, "result": []})
        confidence = prediction.get("confidence")
        item["result"] += span_results(article["text"], span, prediction, confidence)
    for item in models.values():
        scores = [r["score"] for r in item["result"] if r.get("score") is not None]
        item["score"] = sum(scores) / len(scores) if scores else None
    return [models[key] for key in sorted(models)]


def task(article: dict) -> dict:
    """The Label Studio task of one article."""
    data = {TEXT: article["text"]} | {key: article.get(key) for key in _META_KEYS}
    return {
        "id": article["article_id"],
        "data": data,
        "annotations": _annotations(article),
        "predictions": _predictions(article),
    }


def iter_label_studio(articles: Iterable[dict]) -> Iterator[str]:
    """Yield one JSON array of tasks, piece by piece: "[", tasks with commas, "]"."""
    yield "["
    separator = "\n"
    for article in articles:
        yield separator + dumps_line(task(article))
        separator = ",\n"
    yield "\n]\n"


def write_label_studio(out: TextIO, articles: Iterable[dict]) -> dict[str, int]:
    """Write the Label Studio JSON array to ``out`` as the articles arrive."""
    tally = Tally()
    for chunk in iter_label_studio(tally.watch(articles)):
        out.write(chunk)
    return tally.as_dict()


# --- reading -----------------------------------------------------------------


def _who(completed_by) -> str:
    if isinstance(completed_by, dict):  # Label Studio's expanded user object
        return str(completed_by.get("email") or completed_by.get("id"))
    return str(completed_by)


def _span_id(rid: str):
    found = _REGION_ID.match(rid or "")
    return int(found[1]) if found else None


def _role_of(result: dict) -> str | None:
    labels = result["value"].get("labels") or [None]
    names = {name: key for key, name in ROLES.items()}
    return names.get(labels[0]) if result["from_name"] == ROLE or labels[0] in names else None


def _holder(regions: dict, result: dict) -> dict | None:
    """The region a cue/source result belongs to: by id (``s301-cue``), else the
    smallest region containing it."""
    owner = regions.get(result["id"].rpartition("-")[0])
    if owner is not None:
        return owner
    start, end = result["value"]["start"], result["value"]["end"]
    holders = [r for r in regions.values() if r["start"] <= start and end <= r["end"]]
    return min(holders, key=lambda r: r["end"] - r["start"], default=None)


def parse_regions(results: list[dict]) -> list[dict]:
    """One annotation's results grouped by span region: ``{"id", "start", "end",
    "labels", "skip", "cue", "source", "note", "score"}``, cue and source
    relative to the region."""
    labelled = [r for r in results if r.get("type") == "labels"]
    regions = {}
    for result in labelled:
        if _role_of(result) is None:
            value = result["value"]
            names = value.get("labels") or []
            regions[result["id"]] = {
                "id": result["id"],
                "start": value["start"],
                "end": value["end"],
                "labels": sorted(set(names) - {SKIP_LABEL}),
                "skip": SKIP_LABEL in names,
                "cue": None,
                "source": None,
                "note": "",
                "score": result.get("score"),
            }
    for result in labelled:
        role, owner = _role_of(result), _holder(regions, result)
        if role is not None and owner is not None:
            value = result["value"]
            owner[role] = [value["start"] - owner["start"], value["end"] - owner["start"]]
    for result in results:
        if result.get("type") == "textarea" and result.get("id") in regions:
            regions[result["id"]]["note"] = "\n".join(result["value"].get("text") or [])
    return list(regions.values())


def _entry_fields(region: dict) -> dict:
    return {key: region[key] for key in ("labels", "skip", "cue", "source", "note")}


def _read_annotation(assembler: ArticleAssembler, annotation: dict) -> None:
    who = _who(annotation.get("completed_by"))
    gold = bool(annotation.get("ground_truth"))
    for region in parse_regions(annotation.get("result") or []):
        span = assembler.span(region["start"], region["end"], span_id=_span_id(region["id"]))
        entry = assembler.entry(span, GOLD if gold else who)
        if gold:  # a gold decision has labels, skip and its reviewer, nothing else
            entry.update(labels=region["labels"], skip=region["skip"], reviewer=who)
        else:
            entry.update(_entry_fields(region), updated_at=annotation.get("updated_at"))


def _read_prediction(assembler: ArticleAssembler, prediction: dict) -> None:
    labeller, _, version = (prediction.get("model_version") or "").rpartition("@")
    for region in parse_regions(prediction.get("result") or []):
        span = assembler.span(region["start"], region["end"], span_id=_span_id(region["id"]))
        span["prediction"] = {
            "labeller": labeller,
            "version": version,
            "labels": region["labels"],
            "confidence": region["score"],
            "cue": region["cue"],
            "source": region["source"],
            "rationale": None,
        }


def _read_task(item: dict) -> dict:
    data = item["data"]
    fields = {key: data.get(key) for key in _META_KEYS[1:]}
    assembler = ArticleAssembler(data.get("article_id", item.get("id")), data[TEXT], **fields)
    for annotation in item.get("annotations") or item.get("completions") or []:
        if not annotation.get("was_cancelled"):
            _read_annotation(assembler, annotation)
    for prediction in item.get("predictions") or []:
        _read_prediction(assembler, prediction)
    return assembler.record()


def read_label_studio(source: str | bytes | TextIO) -> Iterator[dict]:
    """Article records back from a Label Studio JSON array (text or open file).

    ``ground_truth`` annotations become the gold (reviewer = ``completed_by``);
    spans come from the ``label`` regions; predictions land on their spans.
    """
    tasks = json.loads(source) if isinstance(source, str | bytes) else json.load(source)
    for item in tasks:
        yield _read_task(item)
