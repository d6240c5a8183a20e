"""The manifest of an export: what was written, from what, with checksums.

A reader of the export can check every file's sha256 and see which filters,
schema, guidelines and pre-labeller versions produced it.
"""

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

_SECRET_FILTERS = {"salt"}  # the pseudonymisation salt must never ship with the data
_CHUNK = 1 << 16


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class DigestingWriter:
    """A text sink over a binary file that hashes what it writes.

    Export writers only call ``write(text)``. Encoding once here, hashing the bytes
    on their way out, gives the manifest its sha256 without reading a large export
    back from disk (a tenth of the export's time at 200 MB).
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._digest = hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self._digest.update(data)
        self._raw.write(data)
        return len(text)

    def hexdigest(self) -> str:
        """The sha256 of everything written so far."""
        return self._digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``, in a stable order (for folder exports)."""
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())


def _plain(value):
    """JSON-ready filters: dates as ISO strings, tuples as lists."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _filters_dict(filters) -> dict:
    if dataclasses.is_dataclass(filters):
        filters = dataclasses.asdict(filters)
    return {k: _plain(v) for k, v in (filters or {}).items() if k not in _SECRET_FILTERS}


def build_manifest(
    files: Sequence[Path],
    counts: Mapping,
    filters,
    schema_version: int,
    guideline_version: str | None,
    labeller_versions: Sequence[str] | Mapping,
    created_at: datetime | str,
    root: Path | None = None,
    digests: Mapping[Path, str] | None = None,
) -> dict:
    """The manifest dict. File paths are relative to ``root`` when given (else
    their names); ``filters`` may be a mapping or a dataclass, minus any salt.
    ``digests`` holds sha256s already computed while writing (see DigestingWriter);
    other files are read to hash them."""
    entries = []
    for path in files:
        path = Path(path)
        name = path.relative_to(root).as_posix() if root else path.name
        digest = (digests or {}).get(path) or sha256_of(path)
        entries.append({"path": name, "bytes": path.stat().st_size, "sha256": digest})
    return {
        "created_at": _plain(created_at),
        "schema_version": schema_version,
        "guideline_version": guideline_version,
        "labeller_versions": _plain(labeller_versions),
        "filters": _filters_dict(filters),
        "counts": dict(counts),
        "files": entries,
    }


def write_manifest(path: Path, manifest: Mapping) -> None:
    """Write the manifest as indented UTF-8 JSON."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")
