"""Gold decisions: a reviewer's own, the majority's, or the annotators' unanimous one."""

from django.db import transaction
from django.utils import timezone

from annotate.core.consensus import SKIP, propose
from annotate.core.labels import LabelSetError, normalise_label_set
from annotate.models import Adjudication, Article, Span
from annotate.selectors.access import require
from annotate.selectors.agreement import article_agreement, span_ratings

from . import audit
from .errors import InvalidRequest
from .projects import label_specs


def _state(adjudication: Adjudication | None) -> dict | None:
    if adjudication is None:
        return None
    return {
        "span": adjudication.span_id,
        "labels": list(adjudication.labels),
        "skip": adjudication.skip,
        "basis": adjudication.basis,
        "note": adjudication.note,
        "reviewer": adjudication.reviewer.username if adjudication.reviewer else None,
    }


@transaction.atomic
def adjudicate(
    reviewer, span: Span, *, labels=(), skip=False, basis=Adjudication.Basis.REVIEWER, note=""
) -> Adjudication:
    """Set the gold value of a span. A change keeps the earlier decision in the audit log."""
    project = span.article.project
    require(reviewer, project, "review")
    if skip and labels:
        raise InvalidRequest("A skipped span carries no labels.")
    try:
        clean = [] if skip else normalise_label_set(labels, label_specs(project.label_schema))
    except LabelSetError as error:
        raise InvalidRequest(str(error)) from error
    if not skip and not clean:
        raise InvalidRequest("Choose at least one label, or skip.")
    current = Adjudication.objects.select_for_update().filter(span=span).first()
    before = _state(current)
    adjudication, _ = Adjudication.objects.update_or_create(
        span=span,
        defaults={
            "reviewer": reviewer,
            "labels": clean,
            "skip": bool(skip),
            "basis": basis,
            "note": note,
        },
    )
    audit.record(
        reviewer,
        project,
        "update" if before else "create",
        adjudication,
        before,
        _state(adjudication),
    )
    close_article_if_done(span.article)
    return adjudication


def take_majority(reviewer, span: Span) -> Adjudication:
    """Adjudicate the span with what most annotators chose (unanimous when all did)."""
    ratings = span_ratings([span.pk]).get(span.pk, [])
    if len(ratings) < 2:
        raise InvalidRequest("Fewer than two annotators labelled this span; choose the labels.")
    proposal = propose(ratings)
    if proposal.rating is None:
        raise InvalidRequest("The annotators have no majority on this span; choose the labels.")
    skip = proposal.rating == SKIP
    return adjudicate(
        reviewer,
        span,
        labels=[] if skip else list(proposal.rating),
        skip=skip,
        basis=proposal.basis or Adjudication.Basis.MAJORITY,
    )


@transaction.atomic
def accept_agreed(reviewer, articles) -> int:
    """Take every span on which all its annotators agree as gold.

    Decisions a reviewer made by hand (majority or own) are never overwritten; an
    earlier unanimous decision is brought up to date if the annotators changed since,
    and withdrawn if they no longer agree. Returns how many decisions changed.
    """
    changed = 0
    for article in articles:
        require(reviewer, article.project, "review")
        spans = {span.pk: span for span in article.spans.all()}
        existing = {a.span_id: a for a in Adjudication.objects.filter(span__in=list(spans))}
        for span_id, ratings in span_ratings(list(spans)).items():
            proposal = propose(ratings)
            current = existing.get(span_id)
            if current and current.by_hand:
                continue
            if proposal.basis != "unanimous":
                if current:
                    _withdraw(reviewer, current)
                    changed += 1
                continue
            skip = proposal.rating == SKIP
            labels = [] if skip else list(proposal.rating)
            if current and current.labels == labels and current.skip == skip:
                continue
            adjudicate(
                reviewer,
                spans[span_id],
                labels=labels,
                skip=skip,
                basis=Adjudication.Basis.UNANIMOUS,
            )
            changed += 1
    return changed


def _withdraw(reviewer, adjudication: Adjudication) -> None:
    """Remove an automatic decision whose unanimity is gone; the article reopens."""
    project = adjudication.span.article.project
    audit.record(reviewer, project, "delete", adjudication, _state(adjudication), None)
    adjudication.delete()
    Article.objects.filter(pk=adjudication.span.article_id).update(adjudicated_at=None)


def close_article_if_done(article: Article) -> bool:
    """Once every span of the article has a gold value, store its agreement figures."""
    total = article.spans.count()
    decided = Adjudication.objects.filter(span__article=article).count()
    if not total or decided < total:
        return False
    figures = article_agreement(article)
    Article.objects.filter(pk=article.pk).update(
        agreement=figures,
        agreement_alpha=figures.get("krippendorff_alpha"),
        adjudicated_at=timezone.now(),
    )
    return True
