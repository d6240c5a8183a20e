import pytest

from annotate.core.consensus import SKIP, as_rating, disagreement, propose
from annotate.core.labels import LabelSetError, LabelSpec, check_range, normalise_label_set
from annotate.core.roles import allows
from annotate.core.schemas import load_schema

SCHEMA = [
    LabelSpec("reported", "1", exclusive=True),
    LabelSpec("attributed", "2"),
    LabelSpec("speculative", "3"),
    LabelSpec("denied", "4"),
]


def test_label_sets_are_sorted_and_deduplicated():
    assert normalise_label_set(["speculative", "attributed", "speculative"], SCHEMA) == [
        "attributed",
        "speculative",
    ]


def test_exclusive_label_cannot_combine():
    with pytest.raises(LabelSetError, match="'reported' is exclusive"):
        normalise_label_set(["reported", "denied"], SCHEMA)
    assert normalise_label_set(["reported"], SCHEMA) == ["reported"]


def test_unknown_label_is_named():
    with pytest.raises(LabelSetError, match="unknown label.*rumour"):
        normalise_label_set(["rumour"], SCHEMA)


@pytest.mark.parametrize("value", [(0, 0), (-1, 3), (2, 11), (5, 2)])
def test_ranges_outside_the_span_are_refused(value):
    with pytest.raises(LabelSetError, match="not inside the span"):
        check_range(value, 10, "cue")


def test_range_inside_the_span_is_kept():
    assert check_range([0, 10], 10, "source") == (0, 10)
    assert check_range(None, 10, "source") is None


def test_unanimous_majority_and_tie():
    a, b = as_rating(["attributed"], False), as_rating(["reported"], False)
    assert propose([a, a]) == propose([a, a])
    assert propose([a, a]).basis == "unanimous"
    assert propose([a, a, b]).basis == "majority"
    assert propose([a, a, b]).rating == a
    assert propose([a, b]).rating is None
    assert propose([a]).basis is None  # one annotator is no agreement
    assert propose([SKIP, SKIP]).rating == SKIP


def test_disagreement_counts_only_spans_with_several_ratings():
    a, b = ("attributed",), ("reported",)
    assert disagreement([[a, a], [a, b], [a]]) == 0.5
    assert disagreement([[a]]) == 0.0


def test_default_schema_file_has_the_four_labels_with_keys():
    name, _, labels = load_schema("default")
    assert [(spec.name, spec.key, spec.exclusive) for spec in labels] == [
        ("reported", "1", True),
        ("attributed", "2", False),
        ("speculative", "3", False),
        ("denied", "4", False),
    ]


def test_role_table():
    assert allows("annotator", "annotate") and not allows("annotator", "export")
    assert allows("viewer", "view_figures") and not allows("viewer", "annotate")
    assert not allows(None, "view_project")
    with pytest.raises(KeyError):
        allows("lead", "fly")
