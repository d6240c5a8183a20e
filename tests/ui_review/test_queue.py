"""The review queue: which articles it lists, in what order, filters, bulk accept, cost."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Adjudication
from annotate.services.adjudication import adjudicate
from annotate.services.assignments import assign, submit
from tests.factories import assigned_article, make_article, make_user, member
from tests.ui_review import labelled_article, signed_in

R, A, S, D = ["reported"], ["attributed"], ["speculative"], ["denied"]


def queue_url(project, **params):
    url = reverse("ui:review_queue", args=[project.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def listed_ids(response) -> list[int]:
    return [row.article_id for row in response.context["page"].object_list]


@pytest.fixture
def reviewer_client(client, reviewer):
    return signed_in(client, reviewer)


def test_lists_only_articles_every_annotator_submitted(project, annotators, reviewer_client):
    ann1, ann2 = annotators
    done = labelled_article(project, {ann1: [R, A, R], ann2: [R, A, R]}, title="Done")
    half = labelled_article(project, {ann1: [R, A, R]}, title="Half", submitted=False)
    untouched = assigned_article(project, [ann1, ann2], title="Untouched")
    assign(half, ann2)
    submit(ann1, half)  # ann1 submitted, ann2 has not even started
    labelled_article(project, {ann1: [R, R, R]}, submitted=False, title="In progress")
    make_article(project, ["Sans affectation."], title="Unassigned")

    response = reviewer_client.get(queue_url(project))

    assert response.status_code == 200
    assert listed_ids(response) == [done.pk]
    assert untouched.pk not in listed_ids(response)
    assert "Done" in response.content.decode()


def test_least_agreed_articles_come_first(project, annotators, reviewer_client):
    ann1, ann2 = annotators
    calm = labelled_article(project, {ann1: [R, A, R], ann2: [R, A, R]}, title="Calm")
    torn = labelled_article(project, {ann1: [R, A, S], ann2: [A, S, D]}, title="Torn")
    mixed = labelled_article(project, {ann1: [R, A, S], ann2: [R, A, D]}, title="Mixed")

    response = reviewer_client.get(queue_url(project))

    assert listed_ids(response) == [torn.pk, mixed.pk, calm.pk]
    rows = {row.article_id: row for row in response.context["page"].object_list}
    assert rows[torn.pk].disagreement == 1.0
    assert rows[mixed.pk].disagreement == pytest.approx(1 / 3)
    assert (rows[mixed.pk].n_disputed, rows[mixed.pk].n_agreed_pending) == (1, 2)


def test_filters_by_label_annotator_outlet_and_progress(project, annotators, reviewer):
    ann1, ann2 = annotators
    ann3 = member(project, "annotator", "ann3")
    le_monde = labelled_article(
        project, {ann1: [R, D], ann2: [R, A]}, title="LM", outlet="Le Monde"
    )
    figaro = labelled_article(project, {ann1: [R, A], ann3: [R, A]}, title="LF", outlet="Figaro")
    for span in figaro.spans.all():
        adjudicate(reviewer, span, labels=R)
    client = signed_in(Client(), reviewer)

    assert listed_ids(client.get(queue_url(project, label="denied"))) == [le_monde.pk]
    assert listed_ids(client.get(queue_url(project, annotator="ann3"))) == [figaro.pk]
    assert listed_ids(client.get(queue_url(project, outlet="Figaro"))) == [figaro.pk]
    assert listed_ids(client.get(queue_url(project, progress="done"))) == [figaro.pk]
    assert listed_ids(client.get(queue_url(project, progress="open"))) == [le_monde.pk]
    assert listed_ids(client.get(queue_url(project, label="attributed"))) == [
        le_monde.pk,
        figaro.pk,
    ]
    page = client.get(queue_url(project)).content.decode()
    assert "2/2" in page and "0/2" in page  # gold progress per article
    assert 'value="Figaro"' in page and 'value="ann3"' in page


def test_annotators_and_outsiders_cannot_open_the_queue(project, annotators, client):
    assert signed_in(client, annotators[0]).get(queue_url(project)).status_code == 403
    assert signed_in(client, make_user("outsider")).get(queue_url(project)).status_code == 404
    viewer = member(project, "viewer", "viewer1")
    assert signed_in(client, viewer).get(queue_url(project)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(project, client):
    response = client.get(queue_url(project))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_bulk_accept_takes_agreed_spans_of_the_listed_articles_only(
    project, annotators, reviewer, reviewer_client
):
    ann1, ann2 = annotators
    listed = labelled_article(project, {ann1: [R, A, S], ann2: [R, A, D]}, outlet="Le Monde")
    other = labelled_article(project, {ann1: [R, A], ann2: [R, A]}, outlet="Figaro")
    by_hand = listed.spans.get(order=1)
    adjudicate(reviewer, by_hand, labels=S)

    response = reviewer_client.post(
        reverse("ui:review_accept_queue", args=[project.slug]), {"outlet": "Le Monde"}
    )

    assert response.status_code == 302 and "outlet=Le+Monde" in response["Location"]
    gold = dict(
        Adjudication.objects.filter(span__article=listed).values_list("span__order", "basis")
    )
    assert gold == {0: "unanimous", 1: "reviewer"}  # span 2 is disputed; span 1 by hand
    assert Adjudication.objects.get(span=by_hand).labels == S
    assert not Adjudication.objects.filter(span__article=other).exists()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "1 gold decision(s) taken from agreed spans in 1 article(s)." in page


def test_bulk_accept_is_refused_to_annotators(project, annotators, client):
    ann1, ann2 = annotators
    labelled_article(project, {ann1: [R, A], ann2: [R, A]})
    response = signed_in(client, ann1).post(reverse("ui:review_accept_queue", args=[project.slug]))
    assert response.status_code == 403
    assert not Adjudication.objects.exists()


def _queue_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(queue_url(project))
    assert response.status_code == 200
    return len(queries)


def test_queue_costs_the_same_number_of_queries_for_more_articles(
    project, annotators, reviewer, client
):
    ann1, ann2 = annotators
    signed_in(client, reviewer)

    def add_articles(count):
        for i in range(count):
            article = labelled_article(
                project, {ann1: [R, A, S], ann2: [R, D, S]}, outlet=f"Outlet {i % 3}"
            )
            adjudicate(reviewer, article.spans.get(order=0), labels=R)

    add_articles(2)
    few = _queue_queries(client, project)
    add_articles(8)
    many = _queue_queries(client, project)

    assert len(listed_ids(client.get(queue_url(project)))) == 10
    assert many == few
    assert few <= 15
