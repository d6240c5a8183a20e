"""Pre-labelling's writes: one upsert per span and labeller version, annotations untouched."""

import pytest
from django.db import connection

from annotate.labellers.french import NAME, VERSION
from annotate.models import Annotation, Prediction
from annotate.services.annotations import save_annotation
from annotate.services.prediction_writes import bulk_create_upsert, copy_and_merge
from annotate.services.prelabel import prelabel_articles
from tests.factories import assigned_article

SENTENCES = [
    "Selon la préfecture, la route aurait été coupée dans la nuit.",
    "Le ministre a démenti tout accord avec les syndicats.",
    "Les pompiers sont intervenus vers 22 heures.",
]


def test_predictions_are_written_with_cue_source_and_rationale(project, annotators):
    article = assigned_article(project, annotators, SENTENCES)

    assert prelabel_articles([article.pk]) == 4

    by_order = {p.span.order: p for p in Prediction.objects.select_related("span")}
    assert sorted(by_order) == [0, 1, 2, 3]
    first = by_order[1]
    assert first.labels == ["attributed", "speculative"]
    assert (first.labeller, first.labeller_version) == (NAME, VERSION)
    text = SENTENCES[0]
    assert text[first.source_start : first.source_end] == "la préfecture"
    assert first.cue_start is not None and first.rationale
    assert by_order[2].labels == ["denied"]
    assert by_order[3].labels == ["reported"] and by_order[3].cue_start is None
    assert 0 <= first.confidence <= 1


def test_a_rerun_updates_the_same_rows_and_leaves_annotations_alone(project, annotators):
    article = assigned_article(project, annotators, SENTENCES)
    span = article.spans.get(order=1)
    save_annotation(annotators[0], span, labels=["reported"], note="mine")
    stale = Prediction.objects.create(
        span=span,
        labeller=NAME,
        labeller_version=VERSION,
        labels=["denied"],
        confidence=0.1,
        rationale="stale",
    )
    older_version = Prediction.objects.create(
        span=span, labeller=NAME, labeller_version="0.0.1", labels=["denied"], confidence=0.1
    )

    prelabel_articles([article.pk])
    prelabel_articles([article.pk])

    stale.refresh_from_db()
    assert stale.labels == ["attributed", "speculative"] and stale.rationale != "stale"
    assert Prediction.objects.filter(labeller_version=VERSION).count() == 4
    assert Prediction.objects.get(pk=older_version.pk).labels == ["denied"]
    annotation = Annotation.objects.get(span=span)
    assert annotation.labels == ["reported"] and annotation.note == "mine"


def _copy_and_merge(rows):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    return copy_and_merge(rows)


@pytest.mark.parametrize("write", [_copy_and_merge, bulk_create_upsert], ids=["copy", "orm"])
def test_each_writer_inserts_then_updates_in_place(project, annotators, write):
    spans = list(assigned_article(project, annotators, SENTENCES).spans.order_by("order"))
    plain = ("rules", "2", ["reported"], 0.5, "plain", None, None, None, None)

    assert write([(span.pk, *plain) for span in spans]) == len(spans)
    before = Prediction.objects.get(span=spans[1])
    write([(spans[1].pk, "rules", "2", ["attributed", "speculative"], 0.9, "selon", 0, 5, 6, 19)])

    after = Prediction.objects.get(span=spans[1])
    assert after.pk == before.pk and after.created_at == before.created_at
    assert after.labels == ["attributed", "speculative"] and after.confidence == 0.9
    assert (after.cue_start, after.cue_end, after.source_start, after.source_end) == (0, 5, 6, 19)
    assert after.rationale == "selon"
    assert Prediction.objects.count() == len(spans)
    assert Prediction.objects.get(span=spans[2]).labels == ["reported"]
