"""Label Studio JSON tasks, written and read back."""

import io
import json

import pytest

from annotate.core.export.labelstudio import (
    iter_label_studio,
    label_studio_config,
    read_label_studio,
    write_label_studio,
)
from tests.core.export import LABELS, NOTE, sample_articles


@pytest.fixture
def articles():
    return sample_articles()


def _text(articles) -> str:
    out = io.StringIO()
    write_label_studio(out, articles)
    return out.getvalue()


def test_one_task_per_article_in_a_json_array(articles):
    tasks = json.loads(_text(articles))

    assert [t["id"] for t in tasks] == [12, 13]
    assert tasks[0]["data"]["text"] == articles[0]["text"]
    assert tasks[0]["data"]["outlet"] == "Le Monde"


def test_empty_export_is_still_valid_json():
    assert json.loads("".join(iter_label_studio([]))) == []


def test_annotations_per_annotator_and_gold_reviewer(articles):
    task = json.loads(_text(articles))[0]

    people = [(a["completed_by"], a["ground_truth"]) for a in task["annotations"]]
    assert people == [("alice", False), ("bob", False), ("gold", True), ("rev1", True)]
    bob = task["annotations"][1]
    assert bob["updated_at"] == "2026-11-24T11:30:00Z"
    region = next(r for r in bob["result"] if r["id"] == "s302" and r["type"] == "labels")
    assert region["value"]["labels"] == ["attributed", "speculative"]
    assert region["value"]["text"] == articles[0]["spans"][1]["text"]
    note = next(r for r in bob["result"] if r["type"] == "textarea")
    assert note["id"] == "s302" and note["value"]["text"] == [NOTE]


def test_cue_source_and_skip_regions(articles):
    task = json.loads(_text(articles))[0]
    alice = task["annotations"][0]["result"]
    text = articles[0]["text"]

    roles = {
        (r["value"]["labels"][0], text[r["value"]["start"] : r["value"]["end"]])
        for r in alice
        if r["from_name"] == "role"
    }
    assert ("Cue", "Selon") in roles and ("Source", "un diplomate européen") in roles
    skip = next(r for r in alice if r["id"] == "s304")
    assert skip["value"]["labels"] == ["skip"]


def test_predictions_carry_model_version_and_scores(articles):
    (prediction,) = json.loads(_text(articles))[0]["predictions"]

    assert prediction["model_version"] == "heuristic-fr@1.0.0"
    assert prediction["score"] == pytest.approx((0.9 + 0.8 + 0.7) / 3)
    assert {r["score"] for r in prediction["result"]} == {0.9, 0.8, 0.7}


def test_read_recovers_spans_labels_ranges_annotators_and_predictions(articles):
    restored = list(read_label_studio(_text(articles)))

    assert [a["article_id"] for a in restored] == [12, 13]
    for original, back in zip(articles, restored, strict=True):
        assert back["text"] == original["text"] and back["url"] == original["url"]
        labelled = [s for s in original["spans"] if s["gold"] or s["annotations"]]
        assert [_carried(s) for s in back["spans"]] == [_carried(s) for s in labelled]


def test_timestamps_come_back_per_annotator_as_the_latest(articles):
    back = next(read_label_studio(_text(articles)))

    stamps = {
        (a["annotator"], a["updated_at"]) for span in back["spans"] for a in span["annotations"]
    }
    assert stamps == {("alice", "2026-11-24T10:00:00Z"), ("bob", "2026-11-24T11:30:00Z")}


def test_read_accepts_an_open_file_and_integer_user_ids(articles, tmp_path):
    path = tmp_path / "tasks.json"
    tasks = json.loads(_text(articles))
    tasks[1]["annotations"][0]["completed_by"] = 7
    path.write_text(json.dumps(tasks), encoding="utf-8")

    with open(path, encoding="utf-8") as handle:
        restored = list(read_label_studio(handle))

    assert restored[1]["spans"][0]["annotations"][0]["annotator"] == "7"


def test_labelling_config_names_every_label():
    config = label_studio_config(LABELS)

    assert all(f'<Label value="{name}"/>' in config for name in [*LABELS, "skip", "Cue", "Source"])
    assert '<TextArea name="note" toName="text" perRegion="true"/>' in config


def _carried(span: dict) -> dict:
    """What Label Studio carries: offsets, span id, gold labels/skip/reviewer,
    annotations (timestamps per annotator, i.e. the latest one) and predictions
    without rationale."""
    gold, prediction = span["gold"], span["prediction"]
    return {
        "range": (span["start"], span["end"], span["span_id"]),
        "gold": gold and (gold["labels"], gold["skip"], gold["reviewer"] or "gold"),
        "annotations": [
            (a["annotator"], a["labels"], a["skip"], a["cue"], a["source"], a["note"])
            for a in span["annotations"]
        ],
        "prediction": prediction
        and {
            k: prediction[k]
            for k in ("labeller", "version", "labels", "confidence", "cue", "source")
        },
    }
