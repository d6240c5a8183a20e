"""Saving an annotator's labels for a span, with optimistic concurrency and an audit trail."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from annotate.core.labels import LabelSetError, check_range, normalise_label_set
from annotate.models import Annotation, Assignment, Span

from . import audit
from .errors import Conflict, InvalidRequest, NotAllowed
from .projects import label_specs

OPEN_STATES = (Assignment.State.ASSIGNED, Assignment.State.IN_PROGRESS, Assignment.State.RETURNED)


def snapshot(annotation: Annotation | None) -> dict | None:
    """The stored value of an annotation, as clients and the audit log see it."""
    if annotation is None:
        return None
    return {
        "span": annotation.span_id,
        "labels": list(annotation.labels),
        "skip": annotation.skip,
        "cue": list(annotation.cue) if annotation.cue else None,
        "source": list(annotation.source) if annotation.source else None,
        "note": annotation.note,
        "version": annotation.version,
        "updated_at": annotation.updated_at.isoformat() if annotation.updated_at else None,
    }


def _open_assignment(user, span: Span) -> Assignment:
    assignment = Assignment.objects.filter(article_id=span.article_id, annotator=user).first()
    if assignment is None:
        raise NotAllowed("This article is not assigned to you.")
    if assignment.state not in OPEN_STATES:
        raise NotAllowed("You submitted this article; a reviewer must return it before changes.")
    return assignment


def _validated(span: Span, labels, skip: bool, cue, source, note: str) -> dict:
    length = span.end - span.start
    try:
        clean = [] if skip else normalise_label_set(labels or [], label_specs(_schema(span)))
        cue_range = check_range(cue, length, "cue")
        source_range = check_range(source, length, "source")
    except LabelSetError as error:
        raise InvalidRequest(str(error)) from error
    if skip and labels:
        raise InvalidRequest("A skipped span carries no labels.")
    cue_range, source_range = cue_range or (None, None), source_range or (None, None)
    return {
        "labels": clean,
        "skip": bool(skip),
        "note": note or "",
        "cue_start": cue_range[0],
        "cue_end": cue_range[1],
        "source_start": source_range[0],
        "source_end": source_range[1],
    }


def _schema(span: Span):
    return span.article.project.label_schema


@transaction.atomic
def save_annotation(
    user,
    span: Span,
    *,
    labels=(),
    skip=False,
    cue=None,
    source=None,
    note="",
    expected_version: int | None = None,
) -> Annotation:
    """Create or change the user's annotation of ``span``.

    ``expected_version`` is the version the client last saw (None: it saw none).
    A stale version raises Conflict carrying the stored value, never overwriting it.
    """
    assignment = _open_assignment(user, span)
    values = _validated(span, labels, skip, cue, source, note)
    current = Annotation.objects.filter(span=span, annotator=user).first()
    if current is None:
        annotation = _create(user, span, values, expected_version)
        audit.record(user, span.article.project, "create", annotation, None, snapshot(annotation))
    else:
        before = snapshot(current)
        annotation = _update(current, values, expected_version)
        audit.record(user, span.article.project, "update", annotation, before, snapshot(annotation))
    if assignment.state == Assignment.State.ASSIGNED:
        Assignment.objects.filter(pk=assignment.pk).update(
            state=Assignment.State.IN_PROGRESS, started_at=timezone.now()
        )
    return annotation


def _create(user, span: Span, values: dict, expected_version: int | None) -> Annotation:
    if expected_version not in (None, 0):
        raise Conflict("This annotation no longer exists.", detail={"current": None})
    try:
        with transaction.atomic():
            return Annotation.objects.create(span=span, annotator=user, **values)
    except IntegrityError:
        # Another tab created it between our read and our write.
        current = Annotation.objects.get(span=span, annotator=user)
        raise Conflict(_conflict_message(), detail={"current": snapshot(current)}) from None


def _update(current: Annotation, values: dict, expected_version: int | None) -> Annotation:
    updated = Annotation.objects.filter(pk=current.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    if not updated:
        raise Conflict(_conflict_message(), detail={"current": snapshot(current)})
    return current


def _conflict_message() -> str:
    return (
        "This span was changed elsewhere (another tab or device) since you loaded it. "
        "The stored value is shown; apply your change again if you still want it."
    )


@transaction.atomic
def clear_annotation(user, span: Span, *, expected_version: int) -> None:
    """Remove the user's annotation of ``span`` (undo back to nothing)."""
    _open_assignment(user, span)
    current = Annotation.objects.filter(span=span, annotator=user).first()
    if current is None:
        return
    if current.version != expected_version:
        raise Conflict(_conflict_message(), detail={"current": snapshot(current)})
    audit.record(user, span.article.project, "delete", current, snapshot(current), None)
    current.delete()
