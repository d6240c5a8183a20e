"""What an import upload may be: checked by name and by content before it is stored.

Uploads are only ever read as data by the import pipeline: never executed, never
served back (MEDIA_ROOT is not routed), and the API answers in JSON only. This check
refuses early what the readers would not accept anyway, or what is plainly not text.
Pure functions, so the browser import page can apply exactly the same rules.
"""

from pathlib import PurePosixPath

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".zip")
SNIFF_BYTES = 8192
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Signatures of binary formats that are never text, whatever their name says.
BINARY_MAGIC = (
    b"PK\x03\x04",  # zip, docx, xlsx, jar
    b"MZ",  # Windows executable
    b"\x7fELF",  # Linux executable
    b"\xca\xfe\xba\xbe",  # Mach-O / Java class
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
)
# UTF-16/32 text legitimately holds NUL bytes; the readers decode it by its BOM.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def upload_problem(file_name: str, head: bytes) -> str | None:
    """Why a file cannot be imported, or None. ``head`` is its first bytes."""
    suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        return f"Only {', '.join(ALLOWED_EXTENSIONS)} files can be imported."
    if not head:
        return "The file is empty."
    if suffix == ".zip":
        return None if head.startswith(ZIP_MAGIC) else "The file is not a zip archive."
    return _text_problem(head)


def _text_problem(head: bytes) -> str | None:
    if head.startswith(BINARY_MAGIC):
        return "The file is a binary file, not text."
    if b"\x00" in head and not head.startswith(WIDE_BOMS):
        return "The file contains binary data, not text."
    return None


def read_head(uploaded) -> bytes:
    """The first bytes of an uploaded file, leaving it rewound."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    return head
