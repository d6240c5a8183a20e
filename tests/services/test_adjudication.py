import pytest

from annotate.models import Adjudication, Article, AuditEvent
from annotate.services.adjudication import accept_agreed, adjudicate, take_majority
from annotate.services.annotations import save_annotation
from annotate.services.errors import InvalidRequest, NotFound
from tests.factories import assigned_article, member


@pytest.fixture
def article(project, annotators):
    return assigned_article(project, annotators, ["Selon X, Y aurait eu lieu.", "Il pleut."])


def label_all(article, annotator, labels_by_order):
    for span in article.spans.order_by("order"):
        save_annotation(annotator, span, labels=labels_by_order.get(span.order, ["reported"]))


def test_accept_agreed_takes_unanimous_spans_only(article, annotators, reviewer):
    label_all(article, annotators[0], {1: ["attributed", "speculative"]})
    label_all(article, annotators[1], {1: ["attributed"]})
    assert accept_agreed(reviewer, [article]) == 2  # title and span 2 agree; span 1 does not
    gold = dict(Adjudication.objects.values_list("span__order", "basis"))
    assert gold == {0: "unanimous", 2: "unanimous"}


def test_accept_agreed_never_overwrites_a_reviewers_decision(article, annotators, reviewer):
    label_all(article, annotators[0], {})
    label_all(article, annotators[1], {})
    span = article.spans.get(order=2)
    adjudicate(reviewer, span, labels=["denied"])
    accept_agreed(reviewer, [article])
    assert Adjudication.objects.get(span=span).labels == ["denied"]
    assert Adjudication.objects.get(span=span).basis == "reviewer"


def test_majority_needs_a_majority(article, annotators, reviewer, project):
    third = member(project, "annotator", "ann3")
    from annotate.services.assignments import assign

    assign(article, third)
    span = article.spans.get(order=1)
    choices = [["attributed"], ["attributed"], ["reported"]]
    for annotator, labels in zip([*annotators, third], choices, strict=True):
        save_annotation(annotator, span, labels=labels)
    decision = take_majority(reviewer, span)
    assert (decision.labels, decision.basis) == (["attributed"], "majority")
    other = article.spans.get(order=2)
    save_annotation(annotators[0], other, labels=["reported"])
    save_annotation(annotators[1], other, labels=["denied"])
    with pytest.raises(InvalidRequest, match="no majority"):
        take_majority(reviewer, other)


def test_changing_a_decision_keeps_history(article, reviewer):
    span = article.spans.get(order=1)
    adjudicate(reviewer, span, labels=["attributed"])
    adjudicate(reviewer, span, labels=["attributed", "speculative"], note="conditionnel")
    events = AuditEvent.objects.filter(object_type="adjudication").order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].before["labels"] == ["attributed"]
    assert events[1].after["labels"] == ["attributed", "speculative"]


def test_annotators_cannot_adjudicate(article, annotators):
    from annotate.services.errors import NotAllowed

    with pytest.raises(NotAllowed):
        adjudicate(annotators[0], article.spans.first(), labels=["reported"])


def test_outsiders_do_not_learn_the_project_exists(article):
    from tests.factories import make_user

    with pytest.raises(NotFound):
        adjudicate(make_user("stranger"), article.spans.first(), labels=["reported"])


def test_finishing_an_article_stores_its_agreement(article, annotators, reviewer):
    label_all(article, annotators[0], {1: ["attributed"]})
    label_all(article, annotators[1], {1: ["attributed", "speculative"]})
    accept_agreed(reviewer, [article])
    assert Article.objects.get(pk=article.pk).adjudicated_at is None
    adjudicate(reviewer, article.spans.get(order=1), labels=["attributed", "speculative"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.adjudicated_at is not None
    assert stored.agreement["n_units"] == 3
    assert stored.agreement_alpha == stored.agreement["krippendorff_alpha"]


def test_majority_needs_two_ratings(article, annotators, reviewer):
    span = article.spans.get(order=1)
    save_annotation(annotators[0], span, labels=["attributed"])
    with pytest.raises(InvalidRequest, match="Fewer than two"):
        take_majority(reviewer, span)


def test_unanimity_lost_withdraws_the_automatic_decision(article, annotators, reviewer):
    label_all(article, annotators[0], {})
    label_all(article, annotators[1], {})
    accept_agreed(reviewer, [article])
    span = article.spans.get(order=2)
    hand = article.spans.get(order=1)
    adjudicate(reviewer, hand, labels=["attributed"])
    for target in (span, hand):
        current = target.annotations.get(annotator=annotators[1])
        save_annotation(annotators[1], target, labels=["denied"], expected_version=current.version)
    assert accept_agreed(reviewer, [article]) == 1
    assert not Adjudication.objects.filter(span=span).exists()
    assert Adjudication.objects.get(span=hand).labels == ["attributed"]  # by hand: kept
    assert AuditEvent.objects.filter(object_type="adjudication", action="delete").count() == 1
