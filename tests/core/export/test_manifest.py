"""The export manifest."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from annotate.core.export.manifest import (
    DigestingWriter,
    build_manifest,
    files_under,
    write_manifest,
)


@dataclass(frozen=True)
class Filters:
    adjudicated_only: bool = True
    labels: tuple[str, ...] = ("attributed",)
    published_from: date | None = date(2026, 11, 1)
    salt: str = field(default="secret-salt", repr=False)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(tmp_path):
    (tmp_path / "data" / "gold").mkdir(parents=True)
    first = tmp_path / "data" / "spans.jsonl"
    first.write_text('{"a":1}\n', encoding="utf-8")
    second = tmp_path / "data" / "gold" / "12.ann"
    second.write_bytes(b"T1\tSpan 0 5\tSelon\n")
    return first, second


def test_manifest_lists_files_with_size_and_sha256(tmp_path):
    first, second = _files(tmp_path)

    manifest = build_manifest(
        files_under(tmp_path / "data"),
        {"articles": 2, "spans": 8},
        Filters(),
        1,
        "2.1",
        ["heuristic-fr 1.0.0"],
        datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        root=tmp_path / "data",
    )

    assert manifest["files"] == [
        {"path": "gold/12.ann", "bytes": 18, "sha256": _sha(second.read_bytes())},
        {"path": "spans.jsonl", "bytes": 8, "sha256": _sha(b'{"a":1}\n')},
    ]
    assert manifest["counts"] == {"articles": 2, "spans": 8}
    assert manifest["created_at"] == "2026-11-24T10:00:00+00:00"
    assert manifest["schema_version"] == 1 and manifest["guideline_version"] == "2.1"
    assert manifest["labeller_versions"] == ["heuristic-fr 1.0.0"]


def test_filters_are_recorded_without_the_salt(tmp_path):
    manifest = build_manifest([], {}, Filters(), 1, None, [], "2026-11-24T10:00:00Z")

    assert manifest["filters"] == {
        "adjudicated_only": True,
        "labels": ["attributed"],
        "published_from": "2026-11-01",
    }
    assert "secret-salt" not in json.dumps(manifest)


def test_write_manifest_round_trips_as_json(tmp_path):
    first, _ = _files(tmp_path)
    manifest = build_manifest([first], {"spans": 1}, {"outlet": "Le Monde"}, 1, "2.1", {}, "now")

    write_manifest(tmp_path / "manifest.json", manifest)

    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["files"][0]["path"] == "spans.jsonl"


def test_the_digesting_writer_hashes_exactly_the_bytes_it_writes(tmp_path):
    path = tmp_path / "spans.jsonl"
    with path.open("wb") as raw:
        out = DigestingWriter(raw)
        line = '{"text":"Selon l’AFP, « rien »"}\n'
        assert out.write(line) == len(line)
        out.write("second\r\n")

    assert path.read_bytes() == '{"text":"Selon l’AFP, « rien »"}\nsecond\r\n'.encode()
    assert out.hexdigest() == _sha(path.read_bytes())


def test_a_digest_computed_while_writing_is_not_recomputed(tmp_path):
    written, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    written.write_bytes(b"{}\n")
    other.write_bytes(b"[]\n")
    known = "0" * 64  # not the file's digest: shows the file was not read again

    manifest = build_manifest(
        [written, other], {}, {}, 1, None, [], "now", digests={written: known}
    )

    assert [entry["sha256"] for entry in manifest["files"]] == [known, _sha(b"[]\n")]
