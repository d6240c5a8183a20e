"""Restoring exported or foreign datasets (canonical, doccano, Label Studio, brat) into a
project: articles, spans, every annotator's labels, predictions and gold decisions."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from annotate.core.hashing import content_hash
from annotate.core.labels import LabelSetError, check_range, normalise_label_set
from annotate.models import (
    Adjudication,
    Annotation,
    Article,
    Assignment,
    Membership,
    Prediction,
    Project,
    Role,
    Span,
)

from .errors import InvalidRequest
from .projects import get_or_create_user, label_specs


class RestoreError(InvalidRequest):
    """A record that cannot be restored; the message names the article and span."""


@transaction.atomic
def restore(project: Project, articles: Iterable[dict], *, origin: str = "") -> dict:
    """Store the article records in the project, all or nothing. Articles whose text the
    project holds already are reported as duplicates and left alone."""
    counts = {
        "articles": 0,
        "spans": 0,
        "annotations": 0,
        "adjudications": 0,
        "predictions": 0,
        "duplicates": 0,
    }
    specs = label_specs(project.label_schema)
    for number, record in enumerate(articles, start=1):
        where = f"{origin or 'input'}, article {record.get('article_id') or number}"
        text = record.get("text")
        if not text:
            raise RestoreError(f"{where}: the article text is missing")
        digest = content_hash(text)
        if Article.objects.filter(project=project, content_hash=digest).exists():
            counts["duplicates"] += 1
            continue
        _restore_article(project, record, text, digest, origin, specs, where, counts)
    return counts


def _restore_article(project, record, text, digest, origin, specs, where, counts) -> None:
    article = _article(project, record, text, digest, origin)
    counts["articles"] += 1
    for order, span_record in enumerate(sorted(record["spans"], key=_position)):
        span = _span(article, span_record, order, where)
        counts["spans"] += 1
        _restore_span(span, span_record, specs, f"{where}, span {order}", counts)


def _position(span: dict):
    start = span.get("start") if isinstance(span.get("start"), int) else -1
    return (span.get("order") if span.get("order") is not None else start, start)


def _article(project: Project, record: dict, text: str, digest: str, origin: str) -> Article:
    published = record.get("published")
    agreement = record.get("agreement")
    return Article.objects.create(
        project=project,
        title=record.get("title") or "",
        outlet=record.get("outlet") or "",
        byline=record.get("byline") or "",
        url=record.get("url") or "",
        published=date.fromisoformat(published[:10]) if published else None,
        language=record.get("language") or project.language,
        original_text=text,
        cleaned_text=text,
        content_hash=digest,
        origin=origin,
        agreement=agreement,
        agreement_alpha=(agreement or {}).get("krippendorff_alpha"),
    )


def _span(article: Article, record: dict, order: int, where: str) -> Span:
    start, end = record.get("start"), record.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        raise RestoreError(f"{where}: a span needs whole-number start and end offsets")
    if not 0 <= start < end <= len(article.cleaned_text):
        raise RestoreError(f"{where}: span [{start}, {end}] is outside the article text")
    if record.get("text") and article.cleaned_text[start:end] != record["text"]:
        raise RestoreError(f"{where}: span text does not match the article at [{start}, {end}]")
    return Span.objects.create(
        article=article, order=order, start=start, end=end, kind=record.get("kind") or "body"
    )


def _labels(labels, specs, where: str) -> list[str]:
    try:
        return normalise_label_set(labels or [], specs)
    except LabelSetError as error:
        raise RestoreError(f"{where}: {error}") from error


def _ranges(entry: dict, span: Span, where: str) -> dict:
    try:
        cue = check_range(entry.get("cue"), span.end - span.start, "cue") or (None, None)
        source = check_range(entry.get("source"), span.end - span.start, "source") or (None, None)
    except LabelSetError as error:
        raise RestoreError(f"{where}: {error}") from error
    return {
        "cue_start": cue[0],
        "cue_end": cue[1],
        "source_start": source[0],
        "source_end": source[1],
    }


def _restore_span(span: Span, record: dict, specs, where: str, counts: dict) -> None:
    for entry in record.get("annotations") or []:
        if not entry.get("annotator"):
            raise RestoreError(f"{where}: an annotation has no annotator")
        annotator = _annotator(span.article, entry["annotator"])
        Annotation.objects.create(
            span=span,
            annotator=annotator,
            labels=_labels(entry.get("labels"), specs, where),
            skip=bool(entry.get("skip")),
            note=entry.get("note") or "",
            **_ranges(entry, span, where),
        )
        counts["annotations"] += 1
    gold = record.get("gold")
    if gold:
        reviewer = (
            get_or_create_user(gold["reviewer"], active=False) if gold.get("reviewer") else None
        )
        Adjudication.objects.create(
            span=span,
            reviewer=reviewer,
            labels=_labels(gold.get("labels"), specs, where),
            skip=bool(gold.get("skip")),
            basis=gold.get("basis") or Adjudication.Basis.REVIEWER,
        )
        counts["adjudications"] += 1
    prediction = record.get("prediction")
    if prediction:
        Prediction.objects.create(
            span=span,
            labeller=prediction["labeller"],
            labeller_version=prediction["version"],
            labels=_labels(prediction.get("labels"), specs, where),
            confidence=prediction.get("confidence") or 0.0,
            rationale=prediction.get("rationale") or "",
            **_ranges(prediction, span, where),
        )
        counts["predictions"] += 1


def _annotator(article: Article, username: str):
    """The annotator (an inactive placeholder if new), a member with a submitted assignment."""
    user = get_or_create_user(username, active=False)
    Membership.objects.get_or_create(
        project=article.project, user=user, defaults={"role": Role.ANNOTATOR}
    )
    Assignment.objects.get_or_create(
        article=article, annotator=user, defaults={"state": Assignment.State.SUBMITTED}
    )
    return user
