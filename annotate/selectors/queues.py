"""An annotator's queue: their assignments in a project, with progress, in working order."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from annotate.models import Annotation, Assignment, Project, Span

# Returned articles come first (a reviewer is waiting on them), then work already
# started, then untouched work; submitted articles sink to the bottom.
_STATE_RANK = {
    Assignment.State.RETURNED: 0,
    Assignment.State.IN_PROGRESS: 1,
    Assignment.State.ASSIGNED: 2,
    Assignment.State.SUBMITTED: 3,
}
_STATE_LABEL = {
    Assignment.State.RETURNED: "Returned by reviewer",
    Assignment.State.IN_PROGRESS: "In progress",
    Assignment.State.ASSIGNED: "Not started",
    Assignment.State.SUBMITTED: "Submitted",
}


@dataclass(frozen=True)
class QueueItem:
    """One assigned article as the queue page shows it."""

    article_id: int
    title: str
    outlet: str
    state: str
    state_label: str
    review_comment: str
    spans_total: int
    spans_done: int

    @property
    def finished(self) -> bool:
        return self.state == Assignment.State.SUBMITTED

    @property
    def percent(self) -> int:
        return round(100 * self.spans_done / self.spans_total) if self.spans_total else 100


def _count(queryset, group_field: str) -> Subquery:
    """A correlated COUNT(*) of ``queryset`` (already filtered on OuterRef) as an int."""
    counted = queryset.values(group_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotator_queue(user, project: Project) -> list[QueueItem]:
    """The user's assignments in ``project`` with span progress, in one query."""
    total = _count(Span.objects.filter(article_id=OuterRef("article_id")), "article_id")
    done = _count(
        Annotation.objects.filter(span__article_id=OuterRef("article_id"), annotator=user).filter(
            Q(skip=True) | ~Q(labels=[])
        ),
        "span__article_id",
    )
    rows = (
        Assignment.objects.filter(annotator=user, article__project=project)
        .annotate(spans_total=total, spans_done=done)
        .values_list(
            "article_id",
            "article__title",
            "article__outlet",
            "state",
            "review_comment",
            "spans_total",
            "spans_done",
        )
        .order_by("assigned_at", "id")
    )
    items = [
        QueueItem(
            article_id=article_id,
            title=title or f"Article {article_id}",
            outlet=outlet,
            state=state,
            state_label=_STATE_LABEL.get(state, state),
            review_comment=comment if state == Assignment.State.RETURNED else "",
            spans_total=n_total,
            spans_done=n_done,
        )
        for article_id, title, outlet, state, comment, n_total, n_done in rows
    ]
    return sorted(items, key=lambda item: _STATE_RANK.get(item.state, 9))


def next_article_id(user, project: Project, *, after: int | None = None) -> int | None:
    """The first unfinished article of the user's queue, other than ``after``."""
    ranked = (
        Assignment.objects.filter(annotator=user, article__project=project)
        .exclude(state=Assignment.State.SUBMITTED)
        .exclude(article_id=after)
        .order_by("assigned_at", "id")
        .values_list("article_id", "state")
    )
    best = min(ranked, key=lambda row: _STATE_RANK.get(row[1], 9), default=None)
    return best[0] if best else None
