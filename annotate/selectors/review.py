"""Reads for the reviewers' pages: the review queue and one article side by side.

The queue costs a fixed number of queries whatever the number of articles: the
candidate articles, their annotations, their spans and gold decisions, and their
assignments are each read once for all articles and grouped in Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from annotate.core.consensus import SKIP, Proposal, as_rating, disagreement, propose
from annotate.core.labels import LabelSpec
from annotate.models import (
    Adjudication,
    Annotation,
    Article,
    Assignment,
    Prediction,
    Project,
    Span,
)
from annotate.services.errors import NotFound
from annotate.services.projects import label_specs

PROGRESS_CHOICES = ("open", "done")


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer narrowed the queue to (GET parameters); empty means any."""

    label: str = ""
    annotator: str = ""
    outlet: str = ""
    progress: str = ""  # "", "open" (gold missing somewhere) or "done"

    @classmethod
    def from_params(cls, params) -> "QueueFilters":
        """Read the filters from a QueryDict (or any mapping), ignoring unknown values."""
        progress = params.get("progress", "")
        return cls(
            label=params.get("label", "").strip(),
            annotator=params.get("annotator", "").strip(),
            outlet=params.get("outlet", "").strip(),
            progress=progress if progress in PROGRESS_CHOICES else "",
        )

    def as_params(self) -> dict[str, str]:
        """The non-empty filters, to carry them through links and forms."""
        return {name: value for name, value in vars(self).items() if value}


@dataclass(frozen=True)
class QueueRow:
    """One article of the review queue."""

    article_id: int
    title: str
    outlet: str
    published: date | None
    annotators: list[str]
    disagreement: float  # share of spans (rated twice or more) on which annotators differ
    n_spans: int
    n_decided: int
    n_disputed: int
    n_agreed_pending: int  # agreed spans still without gold: what "accept agreed" would take

    @property
    def done(self) -> bool:
        return self.n_spans > 0 and self.n_decided == self.n_spans

    @property
    def percent_decided(self) -> int:
        return round(100 * self.n_decided / self.n_spans) if self.n_spans else 0


def reviewable_articles(project: Project, filters: QueueFilters = QueueFilters()) -> QuerySet:
    """Articles with at least one assignment, all of them submitted, narrowed by the
    article-level filters (outlet, annotator). Label and progress filters need the
    annotations and are applied by ``review_queue``."""
    queryset = (
        Article.objects.filter(project=project)
        .annotate(
            n_assignments=Count("assignments", distinct=True),
            n_submitted=Count(
                "assignments",
                filter=Q(assignments__state=Assignment.State.SUBMITTED),
                distinct=True,
            ),
        )
        .filter(n_assignments__gt=0, n_assignments=F("n_submitted"))
    )
    if filters.outlet:
        queryset = queryset.filter(outlet=filters.outlet)
    if filters.annotator:
        assigned = Assignment.objects.filter(annotator__username=filters.annotator)
        queryset = queryset.filter(pk__in=assigned.values("article_id"))
    return queryset.order_by("pk")


def review_queue(project: Project, filters: QueueFilters = QueueFilters()) -> list[QueueRow]:
    """The reviewable articles, least agreed first (then oldest first)."""
    articles = list(
        reviewable_articles(project, filters).values("pk", "title", "outlet", "published")
    )
    ids = [article["pk"] for article in articles]
    ratings, labels_used = _ratings_by_article(ids)
    spans, decided = _spans_and_gold(ids)
    annotators = _annotators_by_article(ids)
    rows = []
    for article in articles:
        pk = article["pk"]
        if filters.label and filters.label not in labels_used[pk]:
            continue
        row = _queue_row(article, ratings[pk], spans[pk], decided, annotators[pk])
        if filters.progress == "done" and not row.done:
            continue
        if filters.progress == "open" and row.done:
            continue
        rows.append(row)
    rows.sort(key=lambda row: (-row.disagreement, row.article_id))
    return rows


def queue_articles(project: Project, filters: QueueFilters) -> QuerySet:
    """The articles the queue lists under ``filters``, as a queryset for services."""
    ids = [row.article_id for row in review_queue(project, filters)]
    return Article.objects.filter(pk__in=ids).select_related("project").order_by("pk")


def _ratings_by_article(ids: list[int]):
    """Per article, per span, the finished ratings; and per article the labels chosen."""
    ratings: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    labels_used: dict[int, set[str]] = defaultdict(set)
    rows = Annotation.objects.filter(span__article_id__in=ids).values_list(
        "span__article_id", "span_id", "labels", "skip"
    )
    for article_id, span_id, labels, skip in rows:
        if skip or labels:
            ratings[article_id][span_id].append(as_rating(labels, skip))
            labels_used[article_id].update(labels)
    return ratings, labels_used


def _spans_and_gold(ids: list[int]) -> tuple[dict[int, list[int]], set[int]]:
    spans: dict[int, list[int]] = defaultdict(list)
    for article_id, span_id in Span.objects.filter(article_id__in=ids).values_list(
        "article_id", "pk"
    ):
        spans[article_id].append(span_id)
    decided = set(
        Adjudication.objects.filter(span__article_id__in=ids).values_list("span_id", flat=True)
    )
    return spans, decided


def _annotators_by_article(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(article_id__in=ids)
        .order_by("annotator__username")
        .values_list("article_id", "annotator__username")
    )
    for article_id, username in rows:
        found[article_id].append(username)
    return found


def _queue_row(article: dict, ratings: dict, span_ids: list[int], decided: set, names) -> QueueRow:
    per_span = [ratings.get(span_id, []) for span_id in span_ids]
    proposals = {span_id: propose(ratings.get(span_id, [])) for span_id in span_ids}
    return QueueRow(
        article_id=article["pk"],
        title=article["title"],
        outlet=article["outlet"],
        published=article["published"],
        annotators=names,
        disagreement=disagreement(per_span),
        n_spans=len(span_ids),
        n_decided=sum(1 for span_id in span_ids if span_id in decided),
        n_disputed=sum(1 for rs in per_span if len(set(rs)) > 1),
        n_agreed_pending=sum(
            1 for span_id, p in proposals.items() if p.agreed and span_id not in decided
        ),
    )


def queue_filter_options(project: Project) -> dict[str, list[str]]:
    """The values each queue filter offers: schema labels, annotators, outlets."""
    annotators = (
        Assignment.objects.filter(article__project=project)
        .values_list("annotator__username", flat=True)
        .distinct()
        .order_by("annotator__username")
    )
    outlets = (
        Article.objects.filter(project=project)
        .exclude(outlet="")
        .values_list("outlet", flat=True)
        .distinct()
        .order_by("outlet")
    )
    return {
        "labels": list(project.label_schema.labels.values_list("name", flat=True)),
        "annotators": list(annotators),
        "outlets": list(outlets),
    }


# --- One article, side by side -----------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of a span's text and which highlighted ranges cover it."""

    text: str
    cue: bool = False
    source: bool = False


@dataclass(frozen=True)
class AnnotationView:
    """One annotator's rating of a span, ready to show."""

    annotator: str
    labels: list[str]
    skip: bool
    note: str
    segments: list[Segment]
    cue_text: str | None
    source_text: str | None
    done: bool


@dataclass(frozen=True)
class SpanReview:
    """A span with everything a reviewer weighs before deciding its gold value."""

    id: int
    order: int
    kind: str
    text: str
    annotations: list[AnnotationView]
    prediction: dict | None
    gold: dict | None
    proposal: Proposal

    @property
    def agreed(self) -> bool:
        return self.proposal.agreed

    @property
    def disputed(self) -> bool:
        return len({(a.skip, tuple(a.labels)) for a in self.annotations if a.done}) > 1

    @property
    def proposal_text(self) -> str:
        """The majority or unanimous rating in words, empty when there is none."""
        rating = self.proposal.rating
        if rating is None:
            return ""
        return "skip" if rating == SKIP else ", ".join(rating)


@dataclass(frozen=True)
class ArticleReview:
    """An article as the review page shows it."""

    article: Article
    labels: list[LabelSpec]
    spans: list[SpanReview]
    assignments: list[Assignment]
    n_decided: int

    @property
    def n_agreed(self) -> int:
        return sum(1 for span in self.spans if span.agreed)

    @property
    def n_agreed_pending(self) -> int:
        return sum(1 for span in self.spans if span.agreed and span.gold is None)

    @property
    def returnable(self) -> list[Assignment]:
        """Assignments a reviewer may send back: the submitted ones."""
        return [a for a in self.assignments if a.state == Assignment.State.SUBMITTED]


def article_in_project(project: Project, article_id: int) -> Article:
    """The project's article with this id, or NotFound."""
    article = Article.objects.filter(project=project, pk=article_id).first()
    if article is None:
        raise NotFound("No such article in this project.")
    return article


def span_in_article(article: Article, span_id: int) -> Span:
    """The article's span with this id, or NotFound."""
    span = (
        Span.objects.select_related("article__project").filter(article=article, pk=span_id).first()
    )
    if span is None:
        raise NotFound("No such span in this article.")
    return span


def assignment_of(article: Article, assignment_id: int) -> Assignment:
    """The article's assignment with this id, or NotFound."""
    assignment = (
        Assignment.objects.select_related("annotator", "article__project")
        .filter(article=article, pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound("No such assignment for this article.")
    return assignment


def article_review(project: Project, article_id: int) -> ArticleReview:
    """Everything the review page shows about one article, in a fixed number of queries."""
    article = article_in_project(project, article_id)
    spans = list(Span.objects.filter(article=article).order_by("order"))
    text = article.cleaned_text
    annotations = _annotations_by_span(article, text, spans)
    predictions = _predictions_by_span(article)
    gold = gold_by_span(article)
    reviews = [
        SpanReview(
            id=span.pk,
            order=span.order,
            kind=span.kind,
            text=text[span.start : span.end],
            annotations=annotations.get(span.pk, []),
            prediction=predictions.get(span.pk),
            gold=gold.get(span.pk),
            proposal=propose([_rating(a) for a in annotations.get(span.pk, []) if a.done]),
        )
        for span in spans
    ]
    return ArticleReview(
        article=article,
        labels=label_specs(project.label_schema),
        spans=reviews,
        assignments=list(
            article.assignments.select_related("annotator").order_by("annotator__username")
        ),
        n_decided=len(gold),
    )


def _rating(annotation: AnnotationView) -> tuple[str, ...]:
    return as_rating(annotation.labels, annotation.skip)


def _annotations_by_span(article: Article, text: str, spans: list[Span]):
    bounds = {span.pk: (span.start, span.end) for span in spans}
    found: dict[int, list[AnnotationView]] = defaultdict(list)
    rows = (
        Annotation.objects.filter(span__article=article)
        .select_related("annotator")
        .order_by("annotator__username")
    )
    for row in rows:
        start, end = bounds[row.span_id]
        span_text = text[start:end]
        found[row.span_id].append(
            AnnotationView(
                annotator=row.annotator.username,
                labels=list(row.labels),
                skip=row.skip,
                note=row.note,
                segments=segments(span_text, row.cue, row.source),
                cue_text=_slice(span_text, row.cue),
                source_text=_slice(span_text, row.source),
                done=row.is_done,
            )
        )
    return found


def _slice(text: str, bounds: tuple[int, int] | None) -> str | None:
    return None if bounds is None else text[bounds[0] : bounds[1]]


def segments(text: str, cue=None, source=None) -> list[Segment]:
    """Cut ``text`` into runs that are inside the cue, the source, both or neither.

    Ranges are relative to ``text``; they may overlap or be missing.
    """
    cuts = {0, len(text)}
    for bounds in (cue, source):
        if bounds is not None:
            cuts.update(min(max(edge, 0), len(text)) for edge in bounds)
    edges = sorted(cuts)
    runs = []
    for start, end in zip(edges, edges[1:], strict=False):
        if start == end:
            continue
        runs.append(Segment(text[start:end], _covers(cue, start, end), _covers(source, start, end)))
    return runs


def _covers(bounds, start: int, end: int) -> bool:
    return bounds is not None and bounds[0] <= start and end <= bounds[1]


def _predictions_by_span(article: Article) -> dict[int, dict]:
    found = {}
    rows = Prediction.objects.filter(span__article=article).order_by("created_at", "pk")
    for row in rows:
        found[row.span_id] = {  # the newest labeller version wins
            "labeller": row.labeller,
            "version": row.labeller_version,
            "labels": list(row.labels),
            "confidence": row.confidence,
            "rationale": row.rationale,
        }
    return found


def gold_by_span(article: Article) -> dict[int, dict]:
    """The article's gold decisions, by span id, in the shape ``gold_payload`` gives."""
    rows = Adjudication.objects.filter(span__article=article).select_related("reviewer")
    return {row.span_id: gold_payload(row) for row in rows}


def gold_payload(adjudication: Adjudication) -> dict:
    """A gold decision as the review page and its JSON endpoints show it."""
    return {
        "span": adjudication.span_id,
        "labels": list(adjudication.labels),
        "skip": adjudication.skip,
        "basis": adjudication.basis,
        "reviewer": adjudication.reviewer.username if adjudication.reviewer else None,
        "note": adjudication.note,
        "decided_at": adjudication.decided_at.isoformat() if adjudication.decided_at else None,
    }


def article_progress(article: Article) -> dict[str, int]:
    """How many of the article's spans have gold, out of how many."""
    return {
        "decided": Adjudication.objects.filter(span__article=article).count(),
        "total": Span.objects.filter(article=article).count(),
    }
