"""Agreement figures: plain units read from the database, handed to the core."""

from collections import defaultdict

from annotate.core.agreement import SKIP as AGREEMENT_SKIP
from annotate.core.agreement import Unit, agreement_report
from annotate.core.consensus import as_rating
from annotate.models import Adjudication, Annotation, Article, Prediction, Project, Span


def span_ratings(span_ids: list[int]) -> dict[int, list[tuple[str, ...]]]:
    """Each span's finished annotations as hashable ratings (labels, or SKIP)."""
    ratings: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    rows = Annotation.objects.filter(span_id__in=span_ids).values_list("span_id", "labels", "skip")
    for span_id, labels, skip in rows:
        if skip or labels:
            ratings[span_id].append(as_rating(labels, skip))
    return ratings


def _label_set(labels, skip) -> frozenset[str]:
    return AGREEMENT_SKIP if skip else frozenset(labels)


def units(spans) -> list[Unit]:
    """The agreement units of a span queryset: every annotator's rating, gold, prediction."""
    ratings: dict[int, dict[str, frozenset[str]]] = defaultdict(dict)
    weeks: dict[int, str] = {}
    rows = Annotation.objects.filter(span__in=spans).values_list(
        "span_id", "annotator__username", "labels", "skip", "updated_at"
    )
    for span_id, username, labels, skip, updated_at in rows.iterator(chunk_size=5000):
        if skip or labels:
            ratings[span_id][username] = _label_set(labels, skip)
            year, week, _ = updated_at.isocalendar()
            weeks[span_id] = max(weeks.get(span_id, ""), f"{year}-W{week:02d}")
    gold = {
        span_id: _label_set(labels, skip)
        for span_id, labels, skip in Adjudication.objects.filter(span__in=spans).values_list(
            "span_id", "labels", "skip"
        )
    }
    predicted = {}
    for span_id, labels in (
        Prediction.objects.filter(span__in=spans)
        .order_by("created_at")
        .values_list("span_id", "labels")
    ):
        predicted[span_id] = frozenset(labels)  # the newest labeller version wins
    return [
        Unit(
            key=span_id,
            ratings=ratings.get(span_id, {}),
            gold=gold.get(span_id),
            prediction=predicted.get(span_id),
            group=weeks.get(span_id),
        )
        for span_id in spans.values_list("pk", flat=True)
    ]


def article_agreement(article: Article) -> dict:
    """The agreement report of one article."""
    labels = list(article.project.label_schema.labels.values_list("name", flat=True))
    return agreement_report(units(Span.objects.filter(article=article)), labels)


def project_agreement(project: Project) -> dict:
    """The agreement report of a whole project."""
    labels = list(project.label_schema.labels.values_list("name", flat=True))
    return agreement_report(units(Span.objects.filter(article__project=project)), labels)
