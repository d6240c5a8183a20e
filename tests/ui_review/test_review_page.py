"""The review page and its actions: side-by-side display, gold decisions, send back."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotate.models import Adjudication, Assignment, Prediction
from annotate.selectors.review import segments
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.assignments import submit
from annotate.services.errors import NotAllowed
from tests.factories import make_user, member
from tests.ui_review import labelled_article, signed_in

R, A, S, D = ["reported"], ["attributed"], ["speculative"], ["denied"]
AS = ["attributed", "speculative"]


@pytest.fixture
def ann3(project):
    return member(project, "annotator", "ann3")


@pytest.fixture
def article(project, annotators, ann3):
    """Span 0 unanimous, span 1 two against one, span 2 all different."""
    ann1, ann2 = annotators
    return labelled_article(
        project,
        {ann1: [R, A, S], ann2: [R, A, D], ann3: [R, AS, "skip"]},
        sentences=["Selon le ministère, l'attaque a eu lieu.", "Il aurait démenti."],
    )


@pytest.fixture
def rev(client, reviewer):
    return signed_in(client, reviewer)


def span_url(name, article, order):
    span = article.spans.get(order=order)
    return reverse(name, args=[article.project.slug, article.pk, span.pk])


def post_json(client, url, body=None, **extra):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **extra)


def page_url(article, **params):
    url = reverse("ui:review_article", args=[article.project.slug, article.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_page_shows_every_rating_side_by_side_escaped(project, annotators, rev, article):
    ann1 = annotators[0]
    span = article.spans.get(order=1)
    Assignment.objects.filter(article=article, annotator=ann1).update(state="returned")
    save_annotation(
        ann1,
        span,
        labels=A,
        cue=(0, 5),
        source=(6, 18),
        note="<script>alert('x')</script> selon qui ?",
        expected_version=1,
    )
    submit(ann1, article)
    Prediction.objects.create(
        span=span, labeller="heuristic-fr", labeller_version="1", labels=A, confidence=0.8
    )

    page = rev.get(page_url(article)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; selon qui ?" in page
    assert '<mark class="cue">Selon</mark>' in page
    assert '<mark class="source">le ministère</mark>' in page
    assert "«&nbsp;le ministère&nbsp;»" in page  # the source repeated as text
    for name in ("ann1", "ann2", "ann3", "heuristic-fr"):
        assert name in page
    assert "Majority: attributed" in page
    assert "≠ Disputed" in page and "✓ All agree" in page


def test_agreed_spans_are_folded_unless_asked_for(rev, article):
    agreed = article.spans.get(order=0)
    folded = rev.get(page_url(article)).content.decode()
    shown = rev.get(page_url(article, show_agreed=1)).content.decode()
    assert f'class="span agreed" id="span-{agreed.pk}"' in folded
    assert 'id="spans" class="spans"' in folded
    assert "1 span on which all annotators agree is folded away" in folded
    assert 'id="spans" class="spans show-agreed"' in shown
    assert 'aria-pressed="true"' in shown and 'aria-pressed="false"' in folded


def test_take_majority_decides_with_basis_majority(rev, reviewer, article):
    response = post_json(rev, span_url("ui:review_majority", article, 1))
    assert response.status_code == 200
    body = response.json()
    assert body["gold"]["labels"] == A and body["gold"]["basis"] == "majority"
    assert body["gold"]["reviewer"] == "rev1"
    assert body["progress"] == {"decided": 1, "total": 3}
    stored = Adjudication.objects.get(span__article=article, span__order=1)
    assert (stored.labels, stored.basis, stored.reviewer) == (A, "majority", reviewer)


def test_take_majority_of_a_unanimous_span_says_unanimous(rev, article):
    response = post_json(rev, span_url("ui:review_majority", article, 0))
    assert response.json()["gold"]["basis"] == "unanimous"


def test_no_majority_is_an_error_the_user_sees(rev, article):
    response = post_json(rev, span_url("ui:review_majority", article, 2))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "no majority" in error["message"]
    assert not Adjudication.objects.exists()
    # The same action as a plain form post shows the message on the page.
    response = rev.post(span_url("ui:review_majority", article, 2), follow=True)
    assert "no majority" in response.content.decode()


def test_set_labels_decides_with_basis_reviewer(rev, article):
    url = span_url("ui:review_gold", article, 2)
    response = post_json(rev, url, {"labels": ["speculative", "denied"], "note": "both"})
    assert response.status_code == 200
    assert response.json()["gold"]["labels"] == ["denied", "speculative"]
    stored = Adjudication.objects.get(span__article=article, span__order=2)
    assert (stored.basis, stored.note, stored.skip) == ("reviewer", "both", False)


def test_exclusive_label_rule_is_enforced(rev, article):
    response = post_json(
        rev, span_url("ui:review_gold", article, 2), {"labels": ["reported", "denied"]}
    )
    assert response.status_code == 400
    assert "exclusive" in response.json()["error"]["message"]
    assert not Adjudication.objects.exists()


def test_skip_decides_an_explicit_skip(rev, article):
    response = post_json(rev, span_url("ui:review_gold", article, 2), {"skip": True})
    assert response.json()["gold"] == {**response.json()["gold"], "skip": True, "labels": []}
    assert Adjudication.objects.get(span__order=2).basis == "reviewer"


def test_form_posts_work_without_javascript(rev, article):
    url = span_url("ui:review_gold", article, 1)
    response = rev.post(url, {"labels": ["attributed", "speculative"]})
    assert response.status_code == 302 and response["Location"].endswith(
        f"#span-{article.spans.get(order=1).pk}"
    )
    assert Adjudication.objects.get(span__order=1).labels == AS
    # The skip button submits the ticked boxes too: skipping wins.
    rev.post(url, {"labels": ["attributed"], "skip": "1"})
    assert Adjudication.objects.get(span__order=1).skip is True


def test_accept_agreed_in_article_takes_unanimous_spans(rev, article):
    url = reverse("ui:review_accept_article", args=[article.project.slug, article.pk])
    response = post_json(rev, url)
    assert response.status_code == 200
    body = response.json()
    assert body["changed"] == 1
    assert [(g["labels"], g["basis"]) for g in body["gold"]] == [(R, "unanimous")]
    assert Adjudication.objects.get().span.order == 0


def test_accept_agreed_again_keeps_decisions_made_by_hand(
    project, annotators, reviewer, rev, client
):
    ann1, ann2 = annotators
    article = labelled_article(project, {ann1: [R, A, S], ann2: [R, A, S]})
    accept = reverse("ui:review_accept_article", args=[project.slug, article.pk])
    assert post_json(rev, accept).json()["changed"] == 3
    # The reviewer overrules span 1 by hand, then sends ann1's work back.
    post_json(rev, span_url("ui:review_gold", article, 1), {"labels": D})
    assignment = Assignment.objects.get(article=article, annotator=ann1)
    rev.post(
        reverse("ui:review_send_back", args=[project.slug, article.pk]),
        {"assignment": assignment.pk, "comment": "Relis la phrase 2."},
    )
    # Both annotators now agree on something new for spans 1 and 2.
    for annotator in (ann1, ann2):
        Assignment.objects.filter(article=article, annotator=annotator).update(state="returned")
        for order in (1, 2):
            span = article.spans.get(order=order)
            save_annotation(annotator, span, labels=R, expected_version=1)
        submit(annotator, article)

    response = post_json(rev, accept)

    assert response.json()["changed"] == 1  # span 2 follows the annotators, span 1 does not
    gold = {a.span.order: (a.labels, a.basis) for a in Adjudication.objects.all()}
    assert gold == {0: (R, "unanimous"), 1: (D, "reviewer"), 2: (R, "unanimous")}


def test_send_back_reopens_the_work_for_the_annotator(project, annotators, rev, article):
    ann1 = annotators[0]
    span = article.spans.get(order=2)
    with pytest.raises(NotAllowed):
        save_annotation(ann1, span, labels=D, expected_version=1)
    assignment = Assignment.objects.get(article=article, annotator=ann1)

    response = rev.post(
        reverse("ui:review_send_back", args=[project.slug, article.pk]),
        {"assignment": assignment.pk, "comment": "  Phrase 2 : « aurait » ?  "},
        follow=True,
    )

    assert "Sent back to ann1." in response.content.decode()
    assignment.refresh_from_db()
    assert (assignment.state, assignment.review_comment) == ("returned", "Phrase 2 : « aurait » ?")
    assert save_annotation(ann1, span, labels=D, expected_version=1).labels == D
    # The article leaves the queue until ann1 submits again.
    queue = rev.get(reverse("ui:review_queue", args=[project.slug]))
    assert article.pk not in [row.article_id for row in queue.context["page"].object_list]


def test_send_back_needs_a_comment(project, annotators, rev, article):
    assignment = Assignment.objects.get(article=article, annotator=annotators[0])
    url = reverse("ui:review_send_back", args=[project.slug, article.pk])
    response = rev.post(url, {"assignment": assignment.pk, "comment": " "}, follow=True)
    assert "Say what the annotator should look at again." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "submitted"


def test_annotators_get_403_and_outsiders_404_everywhere(project, annotators, article, client):
    ann1 = annotators[0]
    assignment = Assignment.objects.get(article=article, annotator=ann1)
    posts = [
        (span_url("ui:review_majority", article, 1), {}),
        (span_url("ui:review_gold", article, 1), {"labels": A}),
        (reverse("ui:review_accept_article", args=[project.slug, article.pk]), {}),
    ]
    for user, status in ((ann1, 403), (make_user("stranger"), 404)):
        client = signed_in(Client(), user)
        assert client.get(page_url(article)).status_code == status
        for url, body in posts:
            response = post_json(client, url, body)
            assert response.status_code == status
            assert response.json()["error"]["code"] in ("forbidden", "not_found")
        send_back = reverse("ui:review_send_back", args=[project.slug, article.pk])
        sent = client.post(send_back, {"assignment": assignment.pk, "comment": "x"})
        assert sent.status_code == status
    assert not Adjudication.objects.exists()
    assignment.refresh_from_db()
    assert assignment.state == "submitted"


def test_a_span_of_another_article_is_not_found(project, annotators, rev, article):
    ann1, ann2 = annotators
    other = labelled_article(project, {ann1: [R, A], ann2: [R, A]})
    span = other.spans.get(order=1)
    url = reverse("ui:review_gold", args=[project.slug, article.pk, span.pk])
    assert post_json(rev, url, {"labels": A}).status_code == 404


def test_json_actions_need_the_csrf_token(reviewer, article):
    client = signed_in(Client(enforce_csrf_checks=True), reviewer)
    url = span_url("ui:review_majority", article, 1)
    assert post_json(client, url).status_code == 403
    page = client.get(page_url(article))
    token = page.context["csrf_token"]
    assert post_json(client, url, HTTP_X_CSRFTOKEN=str(token)).status_code == 200


def test_reviewer_decisions_from_another_page_show_their_basis(reviewer, rev, article):
    adjudicate(reviewer, article.spans.get(order=2), labels=D, basis="reviewer")
    page = rev.get(page_url(article)).content.decode()
    assert "basis: reviewer (rev1)" in page
    progress = "Gold decided for <strong data-decided>1</strong> of <strong data-total>3</strong>"
    assert progress in page


def test_overlapping_cue_and_source_split_into_marked_runs():
    runs = segments("Selon Paris, oui.", cue=(0, 11), source=(6, 11))
    assert [(r.text, r.cue, r.source) for r in runs] == [
        ("Selon ", True, False),
        ("Paris", True, True),
        (", oui.", False, False),
    ]
    assert [r.text for r in segments("abc")] == ["abc"]


def test_a_malformed_json_body_is_a_clear_error(rev, article):
    url = span_url("ui:review_gold", article, 1)
    response = rev.post(url, "{labels", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The request body is not valid JSON."
    response = post_json(rev, url, {"labels": "attributed"})
    assert response.status_code == 400
    assert not Adjudication.objects.exists()
