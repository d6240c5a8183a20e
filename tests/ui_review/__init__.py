"""Tests of the reviewers' pages. Builders shared by the test modules live here."""

from annotate.services.annotations import save_annotation
from annotate.services.assignments import submit
from tests.factories import assigned_article

PASSWORD = "pw-for-tests-1"


def labelled_article(project, choices, *, submitted=True, sentences=None, **fields):
    """An article rated by each annotator in ``choices`` and, by default, submitted.

    ``choices`` maps annotator -> list of label lists, one per span in order (the
    title is span 0); ``"skip"`` instead of a list marks an explicit skip.
    """
    annotators = list(choices)
    count = len(next(iter(choices.values())))
    sentences = sentences or [f"Phrase numéro {i}." for i in range(1, count)]
    article = assigned_article(project, annotators, sentences, **fields)
    spans = list(article.spans.order_by("order"))
    for annotator, per_span in choices.items():
        for span, labels in zip(spans, per_span, strict=True):
            if labels == "skip":
                save_annotation(annotator, span, skip=True)
            else:
                save_annotation(annotator, span, labels=labels)
        if submitted:
            submit(annotator, article)
    return article


def signed_in(client, user):
    """The test client, signed in as ``user``."""
    client.force_login(user)
    return client
