"""The Hugging Face datasets folder, loaded back with the datasets library."""

import datetime
import json
import os

import pytest
import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local files only; never reach the Hub
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402

from annotate.core.export.huggingface import write_hf_dataset  # noqa: E402
from annotate.core.labels import LabelSpec  # noqa: E402
from tests.core.export import LABELS, SCRIPT_SPAN, sample_articles, small_articles  # noqa: E402

SPECS = [
    LabelSpec(name, str(key), description=f"Définition de « {name} » | voir guide")
    for key, name in enumerate(LABELS, start=1)
]
CARD = {
    "pretty_name": "Fiabilité des sources",
    "guideline_version": "2.1",
    "labeller_versions": ["heuristic-fr 0.9.0"],
    "agreement": {"krippendorff_alpha": 0.64},
    "license": "cc-by-4.0",
}


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "hf"
    counts = write_hf_dataset(target, {12: "train", 13: "test"}, sample_articles(), SPECS, CARD)
    assert counts["articles"] == 2 and counts["train_spans"] == 5 and counts["test_spans"] == 3
    return target


def _front_matter(folder) -> dict:
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_writes_one_jsonl_per_split_with_flat_rows(folder):
    train = [json.loads(line) for line in (folder / "train.jsonl").read_text().splitlines()]

    assert (folder / "dev.jsonl").read_text() == ""
    assert len(train) == 5
    selon = train[1]
    assert selon["labels"] == ["attributed"]
    assert [selon[name] for name in LABELS] == [0, 1, 0, 0]
    assert selon["gold_basis"] == "reviewer" and selon["annotator_count"] == 2
    assert train[3]["text"] == SCRIPT_SPAN
    assert train[3]["adjudicated"] is False and train[3]["labels"] == []


def test_load_dataset_json_gives_the_same_counts(folder, tmp_path):
    loaded = datasets.load_dataset(
        "json",
        data_files={"train": str(folder / "train.jsonl"), "test": str(folder / "test.jsonl")},
        cache_dir=str(tmp_path / "cache"),
    )

    assert loaded["train"].num_rows == 5 and loaded["test"].num_rows == 3
    assert sum(loaded["train"]["attributed"]) == 1
    assert loaded["test"]["labels"] == [["reported"], ["attributed"], []]


def test_load_dataset_of_the_folder_uses_the_card_config(folder, tmp_path):
    loaded = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))

    assert set(loaded) == {"train", "test"}  # the empty dev split is not declared
    assert loaded["train"].num_rows == 5
    assert loaded["train"].features["labels"].feature.dtype == "string"
    assert loaded["train"][0]["published"] == datetime.date(2026, 11, 1)
    assert loaded["test"][2]["prediction_confidence"] is None


def test_card_front_matter_declares_splits_and_features(folder):
    meta = _front_matter(folder)

    files = meta["configs"][0]["data_files"]
    assert files == [
        {"split": "train", "path": "train.jsonl"},
        {"split": "test", "path": "test.jsonl"},
    ]
    names = [f["name"] for f in meta["dataset_info"]["features"]]
    assert names[-4:] == list(LABELS)
    assert meta["language"] == ["fr"] and meta["license"] == "cc-by-4.0"


def test_card_body_reports_labels_counts_agreement_and_versions(folder):
    body = (folder / "README.md").read_text(encoding="utf-8").split("---\n", 2)[2]

    assert "| attributed | Définition de « attributed » \\| voir guide |" in body
    assert "| attributed | 1 | 0 | 1 |" in body
    assert "| (no gold) | 2 | 0 | 1 |" in body
    assert "train: mean article Krippendorff's alpha 0.710" in body
    assert "project krippendorff_alpha: 0.64" in body
    assert "guideline version: 2.1" in body
    assert "heuristic-fr 0.9.0, heuristic-fr 1.0.0" in body


def test_split_function_and_unassigned_articles(tmp_path):
    counts = write_hf_dataset(
        tmp_path, lambda article_id: "dev" if article_id % 2 else None, small_articles(10), LABELS
    )

    assert counts["unassigned"] == 5 and counts["dev_spans"] == 5
    assert len((tmp_path / "dev.jsonl").read_text().splitlines()) == 5


def test_unknown_split_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown split 'validation'"):
        write_hf_dataset(tmp_path, lambda _: "validation", small_articles(1), LABELS)


def test_label_named_like_a_column_is_refused(tmp_path):
    with pytest.raises(ValueError, match="clash"):
        write_hf_dataset(tmp_path, {}, small_articles(1), ["text"])
