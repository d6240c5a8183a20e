"""The format registry: every format named, writable and, where it can be, readable."""

import io

import pytest

from annotate.core.export.formats import FORMATS, ExportOptions
from annotate.core.export.records import normalise_article
from tests.core.export import sample_articles

NAMES = ["jsonl", "nested-jsonl", "csv", "csv-gold", "hf", "bio", "brat", "doccano", "labelstudio"]


def test_every_format_is_registered_with_its_delivery():
    assert sorted(FORMATS) == sorted(NAMES)
    assert {n for n, s in FORMATS.items() if s.layout == "folder"} == {"hf", "brat"}
    assert FORMATS["csv"].content_type.startswith("text/csv")
    assert FORMATS["labelstudio"].extension == ".json"
    assert all(s.extension.startswith(".") for s in FORMATS.values() if s.layout == "file")


def _write(name, tmp_path, options=None):
    spec, options = FORMATS[name], options or ExportOptions()
    if spec.layout == "folder":
        target = tmp_path / name
        counts = spec.write(target, sample_articles(), options)
        return target, counts
    out = io.StringIO(newline="")
    counts = spec.write(out, sample_articles(), options)
    return out.getvalue(), counts


@pytest.mark.parametrize("name", [n for n in NAMES if n != "hf"])
def test_every_writer_reports_counts(name, tmp_path):
    _, counts = _write(name, tmp_path)

    assert counts["articles"] == 2 and counts["spans"] == 8


def test_hf_needs_a_split_assignment(tmp_path):
    with pytest.raises(ValueError, match="split_of"):
        _write("hf", tmp_path)
    _, counts = _write("hf", tmp_path, ExportOptions(split_of={12: "train", 13: "dev"}))
    assert counts["dev_spans"] == 3


@pytest.mark.parametrize("name", ["jsonl", "nested-jsonl"])
def test_lossless_formats_read_back_to_the_same_records(name, tmp_path):
    written, _ = _write(name, tmp_path)

    restored = list(FORMATS[name].read(written.splitlines()))

    assert restored == [normalise_article(a) for a in sample_articles()]


@pytest.mark.parametrize("name", ["brat", "doccano", "labelstudio"])
def test_lossy_formats_read_back_labelled_spans(name, tmp_path):
    written, _ = _write(name, tmp_path)
    source = written if name != "doccano" else written.splitlines()

    restored = list(FORMATS[name].read(source))

    assert [len(a["spans"]) for a in restored] == [5, 2]  # span 403 was never labelled
    assert restored[0]["spans"][1]["annotations"][1]["labels"] == ["attributed", "speculative"]


def test_csv_gold_uses_the_label_names_of_label_specs(tmp_path):
    from annotate.core.labels import LabelSpec

    specs = (LabelSpec("reported", "1"), LabelSpec("denied", "4"))
    written, _ = _write("csv-gold", tmp_path, ExportOptions(labels=specs))

    assert written.splitlines()[0].endswith(",gold_skip,reported,denied")
