"""brat standoff folders, written and read back."""

import pytest

from annotate.core.export.brat import (
    escape_note,
    parse_ann,
    read_brat,
    safe_name,
    unescape_note,
    write_brat,
)
from tests.core.export import LABELS, NOTE, sample_articles


@pytest.fixture
def articles():
    return sample_articles()


@pytest.fixture
def folder(tmp_path, articles):
    counts = write_brat(tmp_path / "brat", articles, LABELS)
    assert counts == {"articles": 2, "spans": 8, "annotations": 13}
    return tmp_path / "brat"


def test_layout_one_layer_per_annotator_plus_gold(folder, articles):
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())

    assert names == [
        "annotation.conf",
        "annotators/alice/12.ann",
        "annotators/alice/12.txt",
        "annotators/alice/13.ann",
        "annotators/alice/13.txt",
        "annotators/bob/12.ann",
        "annotators/bob/12.txt",
        "annotators/bob/13.ann",
        "annotators/bob/13.txt",
        "gold/12.ann",
        "gold/12.txt",
        "gold/13.ann",
        "gold/13.txt",
    ]
    assert (folder / "gold" / "12.txt").read_bytes() == articles[0]["text"].encode("utf-8")


def test_annotation_conf_lists_entity_and_attribute_types(folder):
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].splitlines()

    assert entities == ["Span", "Cue", "Source", *LABELS]
    assert "Skip Arg:Span" in conf and "Basis Arg:Span, Value:unanimous|majority|reviewer" in conf


def test_entities_use_absolute_offsets_matching_the_text(folder, articles):
    text = articles[0]["text"]
    entities, attributes, notes = parse_ann((folder / "annotators/alice/12.ann").read_text())

    by_type = {}
    for kind, start, end in entities.values():
        by_type.setdefault(kind, []).append(text[start:end])
    assert "un diplomate européen" in by_type["Source"]
    assert "Selon" in by_type["Cue"] and "a démenti" in by_type["Cue"]
    assert by_type["attributed"] == [articles[0]["spans"][1]["text"]]
    assert ("Skip", "T12", None) in attributes
    assert notes == [("T12", "Pas une affirmation <b>éditoriale</b>")]


def test_note_with_newline_stays_on_one_line(folder):
    ann = (folder / "annotators/bob/12.ann").read_text(encoding="utf-8")

    line = next(line for line in ann.splitlines() if line.startswith("#"))
    assert line.endswith('\\nÀ revoir "plus tard".')
    assert unescape_note(escape_note(NOTE + "\\ \t\r")) == NOTE + "\\ \t\r"


def test_range_across_a_newline_is_written_as_fragments(folder, articles):
    span = articles[0]["spans"][4]
    ann = (folder / "annotators/alice/12.ann").read_text(encoding="utf-8")
    newline = articles[0]["text"].index("\n", span["start"])

    assert f"Span {span['start']} {newline};{newline + 1} {span['end']}\t" in ann


def test_read_recovers_spans_labels_ranges_notes_and_annotators(folder, articles):
    restored = list(read_brat(folder))

    assert [a["article_id"] for a in restored] == [12, 13]
    for original, back in zip(articles, restored, strict=True):
        assert back["text"] == original["text"]
        labelled = [s for s in original["spans"] if s["gold"] or s["annotations"]]
        assert [_carried(s) for s in back["spans"]] == [_carried(s) for s in labelled]


def test_what_brat_cannot_carry_comes_back_empty(folder):
    back = next(read_brat(folder))

    assert back["title"] is None and back["outlet"] is None
    assert {s["span_id"] for s in back["spans"]} == {None}
    assert all(s["prediction"] is None for s in back["spans"])
    assert back["spans"][1]["gold"]["reviewer"] is None


def test_reader_accepts_content_entities_and_foreign_label_types(tmp_path):
    layer = tmp_path / "annotators" / "carole"
    layer.mkdir(parents=True)
    (layer / "doc.txt").write_text("Selon X, il pleut. Rien.", encoding="utf-8")
    (layer / "doc.ann").write_text(
        "T1\tContent 0 18\tSelon X, il pleut.\nT2\tattributed 0 18\tSelon X, il pleut.\n"
        "T3\tCue 0 5\tSelon\nT4\tSource 6 7\tX\n",
        encoding="utf-8",
    )

    (back,) = read_brat(tmp_path)

    (span,) = back["spans"]
    assert back["article_id"] == "doc" and (span["start"], span["end"]) == (0, 18)
    (annotation,) = span["annotations"]
    assert annotation["annotator"] == "carole" and annotation["labels"] == ["attributed"]
    assert annotation["cue"] == [0, 5] and annotation["source"] == [6, 7]


def test_annotator_directory_names_are_made_safe():
    assert safe_name("annotator-1a2b3c4d") == "annotator-1a2b3c4d"
    assert safe_name("../jean dupont") == "_jean_dupont"


def _carried(span: dict) -> dict:
    """What brat carries of a span: offsets, kind, gold (labels, basis, skip) and
    each annotation's labels, skip, cue, source and note."""
    gold = span["gold"]
    return {
        "range": (span["start"], span["end"]),
        "kind": span["kind"],
        "gold": gold and (gold["labels"], gold["basis"], gold["skip"]),
        "annotations": [
            (a["annotator"], a["labels"], a["skip"], a["cue"], a["source"], a["note"])
            for a in span["annotations"]
        ],
    }
