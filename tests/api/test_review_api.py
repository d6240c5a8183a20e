"""Assignments, the queue, submission, the review list and adjudication via the API."""

import pytest
from django.urls import reverse

from annotate.models import Adjudication, Assignment, AuditEvent
from annotate.services.annotations import save_annotation
from tests import factories

from .conftest import token_client


def url(name, project, **kwargs):
    return reverse(f"api:{name}", kwargs={"slug": project.slug, **kwargs})


def annotate_all(user, article, labels):
    for span in article.spans.all():
        save_annotation(user, span, labels=labels)


@pytest.fixture
def submitted(project, annotators):
    """An article both annotators labelled identically and submitted."""
    article = factories.assigned_article(project, annotators)
    for annotator in annotators:
        annotate_all(annotator, article, ["attributed"])
        response = token_client(annotator).post(
            url("article-submit", project, article_id=article.pk)
        )
        assert response.status_code == 200 and response.json()["state"] == "submitted"
    return article


def test_auto_assignment_balances_and_respects_overlap(project, lead, annotators):
    for i in range(3):
        factories.make_article(project, ["x."], title=f"T{i}")
    response = token_client(lead).post(url("assignments-auto", project), {}, format="json")
    assert response.json() == {"count": 6}  # 3 articles x overlap 2
    listed = token_client(lead).get(url("assignments", project)).json()["results"]
    assert len(listed) == 6
    again = token_client(lead).post(url("assignments-auto", project), {}, format="json")
    assert again.json() == {"count": 0}


def test_hand_assignment_and_reassignment(project, lead, annotators):
    article = factories.make_article(project, ["x."])
    client = token_client(lead)
    made = client.post(
        url("assignments", project), {"article": article.pk, "annotator": "ann1"}, format="json"
    )
    assert made.status_code == 201 and made.json()["annotator"] == "ann1"
    moved = client.patch(
        url("assignment", project, assignment_id=made.json()["id"]),
        {"annotator": "ann2"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["annotator"] == "ann2"
    assert list(Assignment.objects.values_list("annotator__username", flat=True)) == ["ann2"]


def test_assigning_a_non_annotator_is_400(project, lead, reviewer):
    article = factories.make_article(project, ["x."])
    response = token_client(lead).post(
        url("assignments", project), {"article": article.pk, "annotator": "rev1"}, format="json"
    )
    assert response.status_code == 400
    assert "not an annotator" in response.json()["error"]["message"]


def test_queue_shows_own_assignments_with_progress(project, annotators):
    article = factories.assigned_article(project, annotators)
    save_annotation(annotators[0], article.spans.first(), labels=["denied"])
    queue = token_client(annotators[0]).get(url("queue", project)).json()["results"]
    assert [(q["article"], q["annotator"], q["n_spans"], q["n_done"]) for q in queue] == [
        (article.pk, "ann1", 3, 1)
    ]
    assert queue[0]["state"] == "in_progress"


def test_submitting_with_missing_spans_is_400(project, annotators):
    article = factories.assigned_article(project, annotators)
    response = token_client(annotators[0]).post(
        url("article-submit", project, article_id=article.pk)
    )
    assert response.status_code == 400
    assert "3 span(s)" in response.json()["error"]["message"]


def test_review_list_has_articles_all_annotators_submitted(
    project, reviewer, annotators, submitted
):
    factories.assigned_article(project, annotators, title="Still open")
    rows = token_client(reviewer).get(url("review", project)).json()["results"]
    assert [(r["id"], r["n_submitted"], r["n_spans"]) for r in rows] == [(submitted.pk, 2, 3)]


def test_accept_agreed_then_by_hand_decision(project, reviewer, submitted):
    client = token_client(reviewer)
    accepted = client.post(url("accept-agreed", project, article_id=submitted.pk))
    assert accepted.json() == {"count": 3}
    span = submitted.spans.get(order=1)
    decided = client.put(
        url("span-adjudication", project, span_id=span.pk),
        {"labels": ["speculative"], "note": "hedged"},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["basis"] == "reviewer" and decided.json()["reviewer"] == "rev1"
    gold = client.get(url("adjudications", project, article_id=submitted.pk)).json()["results"]
    assert [g["labels"] for g in gold] == [["attributed"], ["speculative"], ["attributed"]]
    assert client.post(url("accept-agreed", project, article_id=submitted.pk)).json() == {
        "count": 0
    }
    assert AuditEvent.objects.filter(object_type="adjudication", action="update").count() == 1


def test_take_majority_and_no_majority(project, reviewer, annotators):
    article = factories.assigned_article(project, annotators)
    span = article.spans.first()
    save_annotation(annotators[0], span, labels=["denied"])
    save_annotation(annotators[1], span, labels=["speculative"])
    client = token_client(reviewer)
    response = client.post(url("span-majority", project, span_id=span.pk))
    assert response.status_code == 400 and "no majority" in response.json()["error"]["message"]
    save_annotation(annotators[1], span, labels=["denied"], expected_version=1)
    taken = client.post(url("span-majority", project, span_id=span.pk))
    assert taken.status_code == 200 and taken.json()["labels"] == ["denied"]
    assert Adjudication.objects.get(span=span).basis == "unanimous"


def test_send_back_reopens_the_assignment(project, reviewer, annotators, submitted):
    assignment = Assignment.objects.get(article=submitted, annotator=annotators[0])
    client = token_client(reviewer)
    empty = client.post(
        url("assignment-send-back", project, assignment_id=assignment.pk),
        {"comment": "  "},
        format="json",
    )
    assert empty.status_code == 400
    response = client.post(
        url("assignment-send-back", project, assignment_id=assignment.pk),
        {"comment": "Span 2 is a denial."},
        format="json",
    )
    assert response.json()["state"] == "returned"
    span = submitted.spans.get(order=2)
    relabel = token_client(annotators[0]).put(
        url("span-annotation", project, span_id=span.pk),
        {"labels": ["denied"], "version": 1},
        format="json",
    )
    assert relabel.status_code == 200


def test_annotators_cannot_review_or_assign(project, annotators, submitted):
    client = token_client(annotators[0])
    assert client.get(url("review", project)).status_code == 403
    assert client.post(url("accept-agreed", project, article_id=submitted.pk)).status_code == 403
    assert client.post(url("assignments-auto", project), {}, format="json").status_code == 403


def test_auto_assignment_of_chosen_articles_only(project, lead, annotators):
    chosen = factories.make_article(project, ["x."], title="Chosen")
    factories.make_article(project, ["x."], title="Left alone")
    response = token_client(lead).post(
        url("assignments-auto", project), {"articles": [chosen.pk]}, format="json"
    )
    assert response.json() == {"count": 2}
    assert set(Assignment.objects.values_list("article_id", flat=True)) == {chosen.pk}
