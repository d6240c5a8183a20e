"""The registry of export formats: name -> how it is written, read and served.

Every ``FormatSpec.write(target, articles, options)`` streams ``articles`` into
``target`` (an open text stream for ``layout == "file"``, a directory Path for
``layout == "folder"``) and returns counts for the manifest. Text streams for
CSV should be opened with ``newline=""``. Folder exports are served zipped, so
their content type is application/zip.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from annotate.core.export.bio import Tokenize, write_bio
from annotate.core.export.brat import read_brat, write_brat
from annotate.core.export.canonical import read_canonical_jsonl, write_canonical_jsonl
from annotate.core.export.doccano import read_doccano, write_doccano
from annotate.core.export.huggingface import SplitOf, write_hf_dataset
from annotate.core.export.labelstudio import read_label_studio, write_label_studio
from annotate.core.export.nested import read_nested_jsonl, write_nested_jsonl
from annotate.core.export.records import DEFAULT_LABELS
from annotate.core.export.tabular import write_csv, write_gold_csv


@dataclass(frozen=True)
class ExportOptions:
    """What some formats need beyond the records. ``labels`` are schema labels:
    LabelSpec-like objects (``name``, ``description``) or plain names."""

    labels: tuple = DEFAULT_LABELS
    split_of: SplitOf | None = None  # hf: article id -> split (see assign_splits)
    card_info: Mapping = field(default_factory=dict)  # hf: dataset card details
    tokenize: Tokenize | None = None  # bio: None = spaCy blank tokenizer per language
    annotator: str | None = None  # bio: one annotator's blocks only

    def label_names(self) -> list[str]:
        """The schema's label names, in order."""
        return [getattr(label, "name", label) for label in self.labels]


@dataclass(frozen=True)
class FormatSpec:
    """One export format."""

    name: str
    layout: Literal["file", "folder"]
    extension: str  # of the file; "" for a folder
    content_type: str
    write: Callable[[object, Iterable[dict], ExportOptions], dict]
    read: Callable | None  # back to article records, where the format allows
    description: str


def _canonical(out, articles, options: ExportOptions) -> dict:
    return write_canonical_jsonl(out, articles)


def _nested(out, articles, options: ExportOptions) -> dict:
    return write_nested_jsonl(out, articles)


def _csv(out, articles, options: ExportOptions) -> dict:
    return write_csv(out, articles)


def _gold_csv(out, articles, options: ExportOptions) -> dict:
    return write_gold_csv(out, articles, options.label_names())


def _hf(folder, articles, options: ExportOptions) -> dict:
    if options.split_of is None:
        raise ValueError("the hf format needs options.split_of (see assign_splits)")
    return write_hf_dataset(folder, options.split_of, articles, options.labels, options.card_info)


def _bio(out, articles, options: ExportOptions) -> dict:
    return write_bio(out, articles, options.tokenize, options.annotator)


def _brat(folder, articles, options: ExportOptions) -> dict:
    return write_brat(folder, articles, options.label_names())


def _doccano(out, articles, options: ExportOptions) -> dict:
    return write_doccano(out, articles)


def _label_studio(out, articles, options: ExportOptions) -> dict:
    return write_label_studio(out, articles)


_JSONL = "application/x-ndjson; charset=utf-8"
_CSV = "text/csv; charset=utf-8"
_ZIP = "application/zip"

FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec(
            "jsonl",
            "file",
            ".jsonl",
            _JSONL,
            _canonical,
            read_canonical_jsonl,
            "Canonical JSONL, one span per line",
        ),
        FormatSpec(
            "nested-jsonl",
            "file",
            ".jsonl",
            _JSONL,
            _nested,
            read_nested_jsonl,
            "One article per line with its text and spans",
        ),
        FormatSpec("csv", "file", ".csv", _CSV, _csv, None, "One row per span and annotator"),
        FormatSpec(
            "csv-gold",
            "file",
            ".csv",
            _CSV,
            _gold_csv,
            None,
            "One row per span: gold labels, one 0/1 column per label",
        ),
        FormatSpec(
            "hf",
            "folder",
            "",
            _ZIP,
            _hf,
            None,
            "Hugging Face datasets folder: train/dev/test JSONL and dataset card",
        ),
        FormatSpec(
            "bio",
            "file",
            ".conll",
            "text/plain; charset=utf-8",
            _bio,
            None,
            "Token-level BIO tags for cue and source, per span and annotator",
        ),
        FormatSpec(
            "brat",
            "folder",
            "",
            _ZIP,
            _brat,
            read_brat,
            "brat standoff: gold/ and annotators/<name>/ .txt + .ann",
        ),
        FormatSpec(
            "doccano",
            "file",
            ".jsonl",
            _JSONL,
            _doccano,
            read_doccano,
            "doccano sequence-labelling JSONL, one line per article and layer",
        ),
        FormatSpec(
            "labelstudio",
            "file",
            ".json",
            "application/json",
            _label_studio,
            read_label_studio,
            "Label Studio tasks with annotations and predictions",
        ),
    )
}
