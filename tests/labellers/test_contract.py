"""The interface the Celery task and the evaluate command rely on."""

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.labellers import (
    LABELS,
    Labeller,
    SpanInput,
    UnsupportedLanguage,
    available_labellers,
    english,
    french,
    get_labeller,
    labeller_for_language,
)


def test_registry_names_and_languages():
    assert available_labellers() == ["heuristic-en", "heuristic-fr"]
    assert labeller_for_language("fr").name == "heuristic-fr"
    assert labeller_for_language("en-GB").name == "heuristic-en"
    assert labeller_for_language("FR_fr").languages == frozenset({"fr"})


def test_unknown_names_and_languages_are_clear_errors():
    with pytest.raises(KeyError, match="heuristic-en, heuristic-fr"):
        get_labeller("gpt")
    with pytest.raises(UnsupportedLanguage, match="supported: en, fr"):
        labeller_for_language("de")


@pytest.mark.parametrize("name", ["heuristic-fr", "heuristic-en"])
def test_labellers_follow_the_protocol(name):
    labeller = get_labeller(name)
    assert isinstance(labeller, Labeller)
    assert labeller.version.count(".") == 2
    assert labeller.predict([]) == []


@pytest.mark.parametrize(
    ("name", "texts"),
    [
        (
            "heuristic-fr",
            ["Selon l'AFP, il aurait fui.", "", "Le match a eu lieu.", "«", "Il a nié."],
        ),
        ("heuristic-en", ["He said so.", "", "Rain fell.", '"', "They may deny it."]),
    ],
)
def test_one_result_per_span_in_order_and_batching_changes_nothing(name, texts):
    labeller = get_labeller(name)
    spans = [SpanInput(text, name[-2:]) for text in texts]
    batched = labeller.predict(spans)
    assert len(batched) == len(spans)
    assert batched == [labeller.predict([span])[0] for span in spans]


def _assert_valid(text, result):
    assert result.labels and set(result.labels) <= set(LABELS)
    assert list(result.labels) == sorted(result.labels)
    assert 0.0 <= result.confidence <= 1.0
    for part in (result.cue, result.source):
        if part is not None:
            assert 0 <= part[0] < part[1] <= len(text)
    assert (result.cue is None) == (result.labels == ("reported",))
    assert result.rationale


news_text = st.lists(
    st.sampled_from(
        [
            "Selon",
            "le",
            "ministre",
            ",",
            "il",
            "aurait",
            "nié",
            "«",
            "les",
            "faits",
            "»",
            ":",
            "l'",
            "armée",
            "a",
            "déclaré",
            "que",
            "said",
            "according",
            "to",
            "may",
            "not",
            "denied",
            '"',
            "“",
            "”",
            "’",
            "n'a",
            "pas",
            "confirmé",
            "-",
            "t",
            "-",
            "il",
        ]
    )
    | st.text(max_size=8),
    max_size=25,
).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=news_text, previous=st.none() | news_text)
def test_any_text_gives_a_valid_result(text, previous):
    for name in ("heuristic-fr", "heuristic-en"):
        [result] = get_labeller(name).predict([SpanInput(text, name[-2:], "body", previous)])
        _assert_valid(text, result)


def test_models_load_once_per_process():
    assert french._pipeline() is french._pipeline()
    assert english._pipeline() is english._pipeline()
    assert "ner" not in french._pipeline().pipe_names  # unused components are off


def test_the_functional_core_does_not_import_django():
    code = (
        "import sys, annotate.labellers.french, annotate.labellers.english, "
        "annotate.labellers.evaluation, annotate.labellers.registry; "
        "sys.exit('django' in sys.modules or 'annotate.models' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
