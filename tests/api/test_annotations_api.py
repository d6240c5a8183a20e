"""Saving annotations through the API: versions, conflicts, validation, visibility."""

import pytest
from django.urls import reverse

from annotate.models import Annotation, AuditEvent, Prediction
from annotate.services.annotations import save_annotation
from tests import factories

from .conftest import token_client


def annotation_url(project, span) -> str:
    return reverse("api:span-annotation", kwargs={"slug": project.slug, "span_id": span.pk})


def body(labels=("attributed",), version=None, **extra) -> dict:
    return {"labels": list(labels), "version": version, **extra}


@pytest.fixture
def article(project, annotators):
    return factories.assigned_article(project, annotators)


@pytest.fixture
def span(article):
    return article.spans.get(order=1)


def test_first_save_creates_version_1_and_is_audited(project, annotators, span):
    client = token_client(annotators[0])
    response = client.put(annotation_url(project, span), body(note="why"), format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["labels"], data["version"], data["annotator"]) == (["attributed"], 1, "ann1")
    assert data["span"] == span.pk and data["note"] == "why"
    assert AuditEvent.objects.filter(object_type="annotation", action="create").count() == 1


def test_update_with_current_version_bumps_it(project, annotators, span):
    client = token_client(annotators[0])
    client.put(annotation_url(project, span), body(), format="json")
    response = client.put(
        annotation_url(project, span), body(["speculative"], version=1), format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert Annotation.objects.get(span=span).labels == ["speculative"]


def test_stale_version_is_409_with_the_stored_value(project, annotators, span):
    client = token_client(annotators[0])
    client.put(annotation_url(project, span), body(["denied"], note="first"), format="json")
    client.put(annotation_url(project, span), body(["speculative"], version=1), format="json")
    stale = client.put(
        annotation_url(project, span), body(["attributed"], version=1), format="json"
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "conflict"
    assert "changed elsewhere" in error["message"]
    current = error["detail"]["current"]
    assert current["labels"] == ["speculative"] and current["version"] == 2
    assert Annotation.objects.get(span=span).labels == ["speculative"]


def test_creating_twice_without_version_conflicts(project, annotators, span):
    client = token_client(annotators[0])
    client.put(annotation_url(project, span), body(), format="json")
    again = client.put(annotation_url(project, span), body(["denied"]), format="json")
    assert again.status_code == 409
    assert again.json()["error"]["detail"]["current"]["labels"] == ["attributed"]


def test_unknown_label_is_400_in_the_shared_shape(project, annotators, span):
    response = token_client(annotators[0]).put(
        annotation_url(project, span), body(["rumour"]), format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "rumour" in error["message"]
    assert error["detail"] == {}


def test_exclusive_label_combination_is_400(project, annotators, span):
    response = token_client(annotators[0]).put(
        annotation_url(project, span), body(["reported", "denied"]), format="json"
    )
    assert response.status_code == 400
    assert "exclusive" in response.json()["error"]["message"]


def test_missing_version_and_bad_shapes_are_field_errors(project, annotators, span):
    response = token_client(annotators[0]).put(
        annotation_url(project, span), {"labels": "reported", "cue": [1]}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["detail"]) == {"labels", "cue", "version"}


def test_range_outside_the_span_is_refused(project, annotators, span):
    response = token_client(annotators[0]).put(
        annotation_url(project, span), body(cue=[0, 10_000]), format="json"
    )
    assert response.status_code == 400
    assert "cue" in response.json()["error"]["message"]


def test_unassigned_annotator_cannot_see_the_span(project, annotators, article):
    other = factories.member(project, "annotator", "ann3")
    span = article.spans.first()
    response = token_client(other).put(annotation_url(project, span), body(), format="json")
    assert response.status_code == 404


def test_reviewer_cannot_annotate_unassigned_article(project, reviewer, span):
    response = token_client(reviewer).put(annotation_url(project, span), body(), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_get_own_annotation_and_delete_with_version(project, annotators, span):
    client = token_client(annotators[0])
    assert client.get(annotation_url(project, span)).status_code == 404
    client.put(annotation_url(project, span), body(), format="json")
    assert client.get(annotation_url(project, span)).json()["version"] == 1
    stale = client.delete(annotation_url(project, span) + "?version=7")
    assert stale.status_code == 409
    assert client.delete(annotation_url(project, span) + "?version=1").status_code == 204
    assert not Annotation.objects.filter(span=span).exists()


def test_annotators_list_only_their_own_annotations(project, annotators, reviewer, span):
    save_annotation(annotators[0], span, labels=["denied"], note="mine")
    save_annotation(annotators[1], span, labels=["speculative"], note="NOTE-OF-ANN2")
    url = reverse("api:annotations", kwargs={"slug": project.slug})
    own = token_client(annotators[0]).get(url)
    assert [a["annotator"] for a in own.json()["results"]] == ["ann1"]
    assert "NOTE-OF-ANN2" not in own.content.decode()
    everyone = token_client(reviewer).get(url, {"article": span.article_id})
    assert sorted(a["annotator"] for a in everyone.json()["results"]) == ["ann1", "ann2"]
    filtered = token_client(reviewer).get(url, {"annotator": "ann2"})
    assert [a["note"] for a in filtered.json()["results"]] == ["NOTE-OF-ANN2"]


def test_viewers_see_no_annotations(project, annotators, span):
    viewer = factories.member(project, "viewer", "view1")
    save_annotation(annotators[0], span, labels=["denied"])
    url = reverse("api:annotations", kwargs={"slug": project.slug})
    assert token_client(viewer).get(url).status_code == 403


def _predict(span):
    return Prediction.objects.create(
        span=span, labeller="rules", labeller_version="1", labels=["reported"], confidence=0.9
    )


def test_predictions_are_hidden_from_annotators_in_blind_mode(project, annotators, reviewer, span):
    _predict(span)
    url = reverse("api:predictions", kwargs={"slug": project.slug})
    shown = token_client(annotators[0]).get(url)
    assert [p["span"] for p in shown.json()["results"]] == [span.pk]
    project.show_suggestions = False
    project.save(update_fields=["show_suggestions"])
    blind = token_client(annotators[0]).get(url)
    assert blind.status_code == 403
    assert "blind" in blind.json()["error"]["message"]
    assert len(token_client(reviewer).get(url).json()["results"]) == 1


def test_annotators_see_predictions_only_on_assigned_articles(project, annotators):
    mine = factories.assigned_article(project, annotators[:1])
    theirs = factories.assigned_article(project, annotators[1:])
    _predict(mine.spans.first())
    _predict(theirs.spans.first())
    url = reverse("api:predictions", kwargs={"slug": project.slug})
    results = token_client(annotators[0]).get(url).json()["results"]
    assert [p["article"] for p in results] == [mine.pk]
