"""Whole pages through import, cleaning, segmentation and pre-labelling, against gold.

The pages (tests/labellers/articles) were written from the guideline by people who
had not seen the rules; see the README there.
"""

import json
from pathlib import Path

import pytest

from annotate.core.cleaning import clean_page
from annotate.services.evaluation import evaluate_gold_files

ARTICLES = Path(__file__).resolve().parent.parent / "labellers" / "articles"
MIN_MACRO_F1 = 0.85


def gold_files(language: str) -> list[Path]:
    return sorted(ARTICLES.glob(f"{language}-*.gold.jsonl"))  # beside a .txt or .html page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_gold_span_is_found_and_labelled_well(language):
    files = gold_files(language)
    assert len(files) == 8

    report = evaluate_gold_files(files)

    assert report["matched_spans"] == report["gold_spans"] > 160
    assert report["macro_f1"] >= MIN_MACRO_F1, report["per_label"]


TEXT_PAGES = sorted(
    p for p in ARTICLES.glob("*.gold.jsonl") if p.with_suffix("").with_suffix(".txt").exists()
)


@pytest.mark.parametrize("gold", TEXT_PAGES, ids=lambda p: p.stem)
def test_the_headline_is_the_title(gold):
    page = gold.with_name(gold.name.replace(".gold.jsonl", ".txt"))
    first = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])

    title = clean_page(page.read_text(encoding="utf-8")).title
    assert title == " ".join(first["text"].split())  # cleaning turns no-break spaces to spaces
