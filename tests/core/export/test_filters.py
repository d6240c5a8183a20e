"""Export filters over plain records, each with passing and failing cases."""

from dataclasses import dataclass
from datetime import date

import pytest

from annotate.core.export.filters import apply_filters, article_passes, span_passes
from tests.core.export import sample_articles


@pytest.fixture
def monde():
    return sample_articles()[0]


@pytest.fixture
def liberation():
    return sample_articles()[1]


def _span(article, span_id):
    return next(s for s in article["spans"] if s["span_id"] == span_id)


def test_no_filters_pass_everything(monde):
    assert article_passes(monde, {}) and article_passes(monde, None)
    assert all(span_passes(s, {}) for s in monde["spans"])


@pytest.mark.parametrize(("minimum", "expected"), [(0.7, True), (0.71, True), (0.72, False)])
def test_min_agreement(monde, minimum, expected):
    assert article_passes(monde, {"min_agreement": minimum}) is expected


def test_min_agreement_fails_an_article_without_figures(monde):
    assert not article_passes(monde | {"agreement": None}, {"min_agreement": 0.0})


def test_outlet_ignores_case(monde, liberation):
    assert article_passes(monde, {"outlet": "le monde"})
    assert not article_passes(liberation, {"outlet": "Le Monde"})


def test_language(monde):
    assert article_passes(monde, {"language": "FR"})
    assert not article_passes(monde, {"language": "en"})


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"published_from": "2026-11-01"}, True),  # inclusive
        ({"published_to": date(2026, 11, 1)}, True),
        ({"published_from": date(2026, 11, 2)}, False),
        ({"published_to": "2026-10-31"}, False),
        ({"published_from": "2026-10-01", "published_to": "2026-11-30"}, True),
    ],
)
def test_date_range(monde, bounds, expected):
    assert article_passes(monde, bounds) is expected


def test_undated_article_fails_a_date_bound(monde):
    assert not article_passes(monde | {"published": None}, {"published_from": "2000-01-01"})


def test_adjudicated_only(monde):
    assert span_passes(_span(monde, 302), {"adjudicated_only": True})
    assert not span_passes(_span(monde, 304), {"adjudicated_only": True})


def test_labels_use_gold_when_present(monde):
    selon = _span(monde, 302)  # gold attributed; bob also said speculative

    assert span_passes(selon, {"labels": ["attributed"]})
    assert not span_passes(selon, {"labels": ["speculative"]})


def test_labels_fall_back_to_annotations_without_gold(monde):
    script = _span(monde, 304)  # no gold; bob said reported

    assert span_passes(script, {"labels": ("reported",)})
    assert not span_passes(script, {"labels": ("denied",)})


def test_annotator(monde):
    assert span_passes(_span(monde, 305), {"annotator": "alice"})
    assert not span_passes(_span(monde, 305), {"annotator": "bob"})


def test_apply_filters_narrows_spans_and_annotations(monde, liberation):
    kept = list(apply_filters([monde, liberation], {"annotator": "bob"}))

    assert [s["span_id"] for s in kept[0]["spans"]] == [301, 302, 303, 304]
    assert {a["annotator"] for s in kept[0]["spans"] for a in s["annotations"]} == {"bob"}
    assert len(monde["spans"][1]["annotations"]) == 2  # input left untouched


def test_apply_filters_drops_articles_left_without_spans(monde, liberation):
    kept = list(apply_filters([monde, liberation], {"labels": ["denied"]}))

    assert [a["article_id"] for a in kept] == [12]
    assert [s["span_id"] for s in kept[0]["spans"]] == [303]


def test_apply_filters_combines_article_and_span_filters(monde, liberation):
    filters = {"min_agreement": 0.5, "adjudicated_only": True}

    kept = list(apply_filters([monde, liberation], filters))

    assert [a["article_id"] for a in kept] == [12]
    assert [s["span_id"] for s in kept[0]["spans"]] == [301, 302, 303]


def test_filters_can_be_an_object_with_attributes(monde):
    @dataclass
    class Filters:
        outlet: str | None = None
        adjudicated_only: bool = False

    assert article_passes(monde, Filters(outlet="Le Monde"))
    assert not article_passes(monde, Filters(outlet="Libération"))
    assert not span_passes(_span(monde, 304), Filters(adjudicated_only=True))
