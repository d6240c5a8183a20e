"""Which interchange format a file holds, and reading it back into article records."""

import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotate.core.export.brat import read_brat
from annotate.core.export.canonical import read_canonical_jsonl
from annotate.core.export.doccano import read_doccano
from annotate.core.export.labelstudio import read_label_studio
from annotate.core.export.nested import read_nested_jsonl

READERS = ("jsonl", "nested-jsonl", "doccano", "labelstudio", "brat")


class UnknownFormat(ValueError):
    """The file's format could not be told or is not one we read back."""


def detect_format(path: Path) -> str:
    """Tell the format from the path and, for JSONL, from its first record's keys."""
    if path.is_dir() or path.suffix == ".zip":
        return "brat"
    if path.suffix == ".json":
        return "labelstudio"
    if path.suffix not in (".jsonl", ".ndjson"):
        raise UnknownFormat(f"{path.name}: expected .jsonl, .json, a brat folder or a .zip")
    with path.open(encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "")
    try:
        record = json.loads(first) if first else {}
    except json.JSONDecodeError as error:
        raise UnknownFormat(f"{path.name}, line 1: malformed JSON ({error.msg})") from error
    if "schema_version" in record and "span_id" in record:
        return "jsonl"
    if "spans" in record:
        return "nested-jsonl"
    if "label" in record and "text" in record:
        return "doccano"
    raise UnknownFormat(f"{path.name}: line 1 is neither canonical, nested nor doccano JSONL")


@contextmanager
def read_records(path: Path, fmt: str | None = None) -> Iterator[Iterator[dict]]:
    """Open ``path`` and yield an iterator of its article records."""
    fmt = fmt or detect_format(path)
    if fmt not in READERS:
        raise UnknownFormat(f"cannot read {fmt} back; readable formats: {', '.join(READERS)}")
    if fmt == "brat":
        with _brat_folder(path) as folder:
            yield read_brat(folder)
        return
    with path.open(encoding="utf-8") as handle:
        if fmt == "labelstudio":
            yield read_label_studio(handle)
        else:
            reader = {"jsonl": read_canonical_jsonl, "nested-jsonl": read_nested_jsonl}
            yield reader.get(fmt, read_doccano)(handle)


@contextmanager
def _brat_folder(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield path
        return
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            # Refuse paths that would land outside the folder ("zip slip").
            if Path(member).is_absolute() or ".." in Path(member).parts:
                raise UnknownFormat(f"{path.name}: unsafe path in archive: {member}")
        archive.extractall(tmp)
        inner = [p for p in Path(tmp).iterdir() if p.is_dir()]
        yield inner[0] if len(inner) == 1 and not any(Path(tmp).glob("*.txt")) else Path(tmp)
