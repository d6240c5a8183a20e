"""The record helpers shared by every writer."""

import json
import re

from annotate.core.export.records import (
    Tally,
    dumps_line,
    gold_labels,
    normalise_article,
    ordered,
    pseudonymise,
)
from tests.core.export import sample_articles


def test_pseudonym_is_stable_salted_and_short():
    first = pseudonymise("alice", "sel-2026")

    assert re.fullmatch(r"annotator-[0-9a-f]{8}", first)
    assert pseudonymise("alice", "sel-2026") == first
    assert pseudonymise("alice", "autre-sel") != first
    assert pseudonymise("bob", "sel-2026") != first


def test_pseudonym_does_not_confuse_name_and_salt_boundaries():
    assert pseudonymise("b", "a") != pseudonymise("", "ab")


def test_dumps_line_is_compact_utf8_and_escapes_line_separators():
    line = dumps_line({"texte": "élu\u2028suite\u2029fin\x85", "n": 1})

    assert line.startswith('{"texte":"élu\\u2028suite\\u2029fin\\u0085"')
    assert "\n" not in line and len(line.splitlines()) == 1
    assert json.loads(line)["texte"] == "élu\u2028suite\u2029fin\x85"


def test_ordered_puts_known_fields_first_then_the_rest_sorted():
    result = ordered({"z": 1, "b": 2, "labels": [], "a": 3}, ("labels", "basis"))

    assert list(result) == ["labels", "basis", "a", "b", "z"]
    assert result["basis"] is None


def test_normalise_article_fills_missing_fields_and_lists_ranges():
    article = sample_articles()[0]
    article["spans"][1]["annotations"][0]["cue"] = (0, 5)
    del article["byline"]

    result = normalise_article(article)

    assert result["byline"] is None
    assert result["spans"][1]["annotations"][0]["cue"] == [0, 5]
    assert list(result) == [
        "article_id",
        "external_id",
        "title",
        "outlet",
        "byline",
        "url",
        "published",
        "language",
        "text",
        "agreement",
        "spans",
    ]


def test_gold_labels_are_empty_for_skip_and_missing_gold():
    assert gold_labels({"gold": {"labels": ["denied"], "skip": False}}) == ["denied"]
    assert gold_labels({"gold": {"labels": [], "skip": True}}) == []
    assert gold_labels({"gold": None}) == []


def test_tally_counts_what_passes_through():
    tally = Tally()

    passed = list(tally.watch(sample_articles()))

    assert len(passed) == 2
    assert tally.as_dict() == {"articles": 2, "spans": 8, "annotations": 13}
