"""Read uploaded files into raw documents, reporting every bad input precisely.

One upload may be a scraped page, an HTML page, a JSONL or CSV batch, or a zip of any of
those. Reading never stops at the first bad row: valid documents come back together with
the problems, and the caller decides between all-or-nothing and skipping invalid rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import charset_normalizer

KNOWN_FIELDS = ("title", "text", "url", "outlet", "byline", "published", "language")

FORMAT_BY_EXTENSION = {
    ".txt": "page",
    ".text": "page",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}

_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_TAG = re.compile(r"<(!doctype\s+html|html|head|body|div|p|article|meta|title)\b", re.I)
_SNIFF_BYTES = 8192
# Characters that may legitimately appear in text although unicodedata calls them controls.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class RawDocument:
    """One article as read from an upload, before any cleaning."""

    origin: str
    locator: str
    fmt: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class InputProblem:
    """Something wrong with an input, named by file and line or row."""

    origin: str
    locator: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.origin}, {self.locator}" if self.locator else self.origin
        return f"{where}: {self.reason}"


@dataclass
class ReadResult:
    documents: list[RawDocument]
    problems: list[InputProblem]


class InputError(Exception):
    """Raised when input cannot be imported; carries every problem found."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_documents(name: str, data: bytes, *, max_bytes: int) -> ReadResult:
    """Read one uploaded file (any supported format, or a zip of them) into documents."""
    result = ReadResult(documents=[], problems=[])
    if len(data) > max_bytes:
        result.problems.append(InputProblem(name, "", _too_large(len(data), max_bytes)))
    elif _extension(name) == ".zip":
        _read_zip(name, data, max_bytes, result)
    else:
        _read_file(name, data, _extension(name), result)
    return result


def _too_large(size: int, limit: int, what: str = "file is") -> str:
    return f"{what} {size:,} bytes, over the {limit:,}-byte limit"


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _read_file(origin: str, data: bytes, extension: str, result: ReadResult) -> None:
    if not data.strip():
        result.problems.append(InputProblem(origin, "", "empty file"))
        return
    text, reason = decode_text(data)
    if text is None:
        result.problems.append(InputProblem(origin, "", reason))
        return
    if not text.strip():
        result.problems.append(InputProblem(origin, "", "empty file"))
        return
    fmt = FORMAT_BY_EXTENSION.get(extension) or _sniff_format(text)
    if fmt == "jsonl":
        _read_jsonl(origin, text, result)
    elif fmt == "csv":
        _read_csv(origin, text, result)
    else:
        result.documents.append(RawDocument(origin=origin, locator="", fmt=fmt, text=text))


def _sniff_format(text: str) -> str:
    head = text[:_SNIFF_BYTES].lstrip()
    return "html" if head.startswith("<") and _HTML_TAG.search(head) else "page"


# ---------------------------------------------------------------- decoding


def decode_text(data: bytes) -> tuple[str | None, str]:
    """Decode bytes to text; returns (text, "") or (None, reason it is not text)."""
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return _plausible(_try_decode(data, encoding), f"undecodable text (invalid {encoding})")
    if b"\x00" in data[:_SNIFF_BYTES] or _control_byte_share(data[:_SNIFF_BYTES]) > 0.1:
        return None, "binary file, not text"
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, ""
    # Legacy French and English files are overwhelmingly Windows-1252 (a superset of
    # Latin-1), and charset-normalizer misreads short Western text as cp1250, so try
    # cp1252 first and keep it only if the result reads like Latin-script prose.
    text = _try_decode(data, "cp1252")
    if text is not None and _looks_western(text):
        return text, ""
    best = charset_normalizer.from_bytes(data).best()
    text = str(best) if best is not None else None
    return _plausible(text, "undecodable text: not UTF-8 and no plausible encoding found")


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str | None, reason: str) -> tuple[str | None, str]:
    if text is None or _odd_char_share(text) > 0.05:
        return None, reason
    return text.lstrip("\ufeff"), ""


def _control_byte_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\v\x1b")
    return controls / len(sample)


def _odd_char_share(text: str) -> float:
    """Share of characters that no real text contains: controls, unassigned, private use."""
    sample = text[:20000]
    if not sample:
        return 0.0
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in _TEXT_CONTROLS)
    )
    return odd / len(sample)


def _looks_western(text: str) -> bool:
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return _odd_char_share(text) == 0
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    return non_ascii / len(letters) < 0.3 and _odd_char_share(text) == 0


# ---------------------------------------------------------------- records


def _document_from_record(
    record: dict, origin: str, locator: str, fmt: str
) -> tuple[RawDocument | None, InputProblem | None]:
    """Build a document from a JSON object or CSV row, or say what is wrong with it."""

    def problem(reason: str) -> tuple[None, InputProblem]:
        return None, InputProblem(origin, locator, reason)

    known: dict[str, str | None] = {}
    metadata: dict = {}
    for key, value in record.items():
        name = key.strip().lower() if isinstance(key, str) else key
        if name not in KNOWN_FIELDS:
            metadata[key] = value
            continue
        if value is not None and not isinstance(value, str):
            return problem(f'field "{name}" must be a string, not {_json_type(value)}')
        known[name] = value if value is None or value.strip() else None
    if "text" not in known:
        return problem('missing "text" field')
    if known.get("text") is None:
        return problem('empty "text" field')
    document = RawDocument(origin=origin, locator=locator, fmt=fmt, metadata=metadata, **known)
    return document, None


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _read_jsonl(origin: str, text: str, result: ReadResult) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue  # blank lines are harmless separators
        locator = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            result.problems.append(InputProblem(origin, locator, f"malformed JSON ({error.msg})"))
            continue
        if not isinstance(record, dict):
            reason = f"not a JSON object (got {_json_type(record)})"
            result.problems.append(InputProblem(origin, locator, reason))
            continue
        _keep(result, *_document_from_record(record, origin, locator, "jsonl"))


def _keep(result: ReadResult, document: RawDocument | None, problem: InputProblem | None):
    if document is not None:
        result.documents.append(document)
    if problem is not None:
        result.problems.append(problem)


def _read_csv(origin: str, text: str, result: ReadResult) -> None:
    # Articles are long; the csv module's default 128 KiB field limit is too small.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_csv_dialect(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        result.problems.append(InputProblem(origin, "row 1", f"malformed CSV ({error})"))
        return
    columns = [column.strip() for column in header or []]
    if "text" not in (column.lower() for column in columns):
        found = ", ".join(repr(c) for c in columns if c) or "none"
        reason = f'no "text" column (columns found: {found})'
        result.problems.append(InputProblem(origin, "", reason))
        return
    _read_csv_rows(origin, reader, columns, result)


def _read_csv_rows(origin: str, reader, columns: list[str], result: ReadResult) -> None:
    row_number = 1  # the header is row 1
    read_any = False
    while True:
        row_number += 1
        locator = f"row {row_number}"
        try:
            row = next(reader)
        except StopIteration:
            if not read_any:
                result.problems.append(InputProblem(origin, "", "no data rows after the header"))
            return
        except csv.Error as error:
            result.problems.append(InputProblem(origin, locator, f"malformed CSV ({error})"))
            return
        if not any(cell.strip() for cell in row):
            continue
        read_any = True
        if len(row) > len(columns):
            reason = f"row has {len(row)} fields but the header has {len(columns)}"
            result.problems.append(InputProblem(origin, locator, reason))
            continue
        record = dict(zip(columns, row + [""] * (len(columns) - len(row)), strict=True))
        _keep(result, *_document_from_record(record, origin, locator, "csv"))


class _SemicolonDialect(csv.excel):
    delimiter = ";"


class _TabDialect(csv.excel):
    delimiter = "\t"


def _csv_dialect(text: str) -> type[csv.Dialect]:
    """Comma, or the delimiter the header row uses most (spreadsheet exports use ; or tab).

    Only the header is looked at: column names hold no punctuation, whereas article text
    in the rows is full of commas and semicolons that confuse csv.Sniffer.
    """
    header = text.split("\n", 1)[0]
    counts = {",": header.count(","), ";": header.count(";"), "\t": header.count("\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    return {";": _SemicolonDialect, "\t": _TabDialect}.get(delimiter, csv.excel)


# ---------------------------------------------------------------- zip archives


def _read_zip(name: str, data: bytes, max_bytes: int, result: ReadResult) -> None:
    if not data:
        result.problems.append(InputProblem(name, "", "empty file"))
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if _is_content(info)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
        result.problems.append(InputProblem(name, "", f"bad zip file ({error})"))
        return
    declared = sum(info.file_size for info in members)
    if declared > max_bytes:
        reason = _too_large(declared, max_bytes, "archive expands to")
        result.problems.append(InputProblem(name, "", reason))
        return
    if not members:
        result.problems.append(InputProblem(name, "", "zip archive holds no files"))
    budget = max_bytes
    for info in members:
        origin = f"{name}:{info.filename}"
        content, reason = _read_member(archive, info, budget)
        if content is None:
            result.problems.append(InputProblem(origin, "", reason))
            continue
        budget -= len(content)
        _read_file(origin, content, _extension(info.filename), result)


def _is_content(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in parts)
    return not info.is_dir() and not hidden


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int):
    """Read one member, never past the remaining byte budget.

    The sizes in a zip's directory are only claims; reading is what proves them, so a
    forged header cannot make us inflate more than the limit.
    """
    if _extension(info.filename) == ".zip":
        return None, "nested zip archives are not supported"
    if info.flag_bits & 0x1:
        return None, "encrypted zip member"
    try:
        with archive.open(info) as stream:
            content = stream.read(budget + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as error:
        return None, f"unreadable zip member ({error})"
    if len(content) > budget:
        return None, "member expands past what is left of the archive size limit"
    return content, ""
