"""The dataset as a stream of plain article records, for the export writers.

Articles are read with a server-side cursor and handled in chunks: each chunk costs
four queries (spans, annotations, adjudications, predictions) whatever its size, and
memory holds one chunk at a time, never the whole dataset.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from annotate.core.export.records import pseudonymise
from annotate.models import Adjudication, Annotation, Article, Prediction, Project, Span

CHUNK = 200


@dataclass(frozen=True)
class ExportFilters:
    """What to export. Article-level filters run in the database; the writers' core
    filters handle the span-level ones (labels, annotator, adjudicated only)."""

    adjudicated_only: bool = False
    min_agreement: float | None = None
    labels: tuple[str, ...] = ()
    outlet: str | None = None
    language: str | None = None
    annotator: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    pseudonymise: bool = False
    salt: str = field(default="", repr=False)


def articles_for(project: Project, filters: ExportFilters) -> QuerySet[Article]:
    """The project's articles that pass the article-level filters, in id order."""
    queryset = Article.objects.filter(project=project).order_by("pk")
    if filters.outlet:
        queryset = queryset.filter(outlet=filters.outlet)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.min_agreement is not None:
        queryset = queryset.filter(agreement_alpha__gte=filters.min_agreement)
    if filters.published_from:
        queryset = queryset.filter(published__gte=filters.published_from)
    if filters.published_to:
        queryset = queryset.filter(published__lte=filters.published_to)
    if filters.annotator:
        queryset = queryset.filter(assignments__annotator__username=filters.annotator)
    return queryset


def count_spans(project: Project, filters: ExportFilters) -> int:
    """How many spans the article-level filters leave (an upper bound for the export)."""
    return Span.objects.filter(article__in=articles_for(project, filters)).count()


def iter_article_records(project: Project, filters: ExportFilters) -> Iterator[dict]:
    """Yield one plain record per article (see annotate/core/export/records.py)."""
    articles = articles_for(project, filters).values(
        "pk",
        "content_hash",
        "title",
        "outlet",
        "byline",
        "url",
        "published",
        "language",
        "cleaned_text",
        "agreement",
    )
    chunk = []
    for article in articles.iterator(chunk_size=CHUNK):
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield from _records(chunk, filters)
            chunk = []
    if chunk:
        yield from _records(chunk, filters)


def _records(articles: list[dict], filters: ExportFilters) -> Iterator[dict]:
    ids = [article["pk"] for article in articles]
    spans = defaultdict(list)
    for span in Span.objects.filter(article_id__in=ids).order_by("article_id", "order").values():
        spans[span["article_id"]].append(span)
    span_ids = [span["id"] for group in spans.values() for span in group]
    annotations = _annotations(span_ids, filters)
    gold = _gold(span_ids)
    predictions = _predictions(span_ids)
    for article in articles:
        text = article["cleaned_text"]
        yield {
            "article_id": article["pk"],
            "external_id": article["content_hash"],
            "title": article["title"] or None,
            "outlet": article["outlet"] or None,
            "byline": article["byline"] or None,
            "url": article["url"] or None,
            "published": article["published"].isoformat() if article["published"] else None,
            "language": article["language"],
            "text": text,
            "agreement": article["agreement"],
            "spans": [
                {
                    "span_id": s["id"],
                    "order": s["order"],
                    "start": s["start"],
                    "end": s["end"],
                    "text": text[s["start"] : s["end"]],
                    "kind": s["kind"],
                    "gold": gold.get(s["id"]),
                    "annotations": annotations.get(s["id"], []),
                    "prediction": predictions.get(s["id"]),
                }
                for s in spans[article["pk"]]
            ],
        }


def _range(start, end) -> list[int] | None:
    return None if start is None else [start, end]


def _annotations(span_ids: list[int], filters: ExportFilters) -> dict[int, list[dict]]:
    rows = Annotation.objects.filter(span_id__in=span_ids).order_by(
        "span_id", "annotator__username"
    )
    found = defaultdict(list)
    for row in rows.values(
        "span_id",
        "annotator__username",
        "labels",
        "skip",
        "cue_start",
        "cue_end",
        "source_start",
        "source_end",
        "note",
        "updated_at",
    ):
        name = row["annotator__username"]
        found[row["span_id"]].append(
            {
                "annotator": pseudonymise(name, filters.salt) if filters.pseudonymise else name,
                "labels": row["labels"],
                "skip": row["skip"],
                "cue": _range(row["cue_start"], row["cue_end"]),
                "source": _range(row["source_start"], row["source_end"]),
                "note": row["note"],
                "updated_at": row["updated_at"].isoformat(),
            }
        )
    return found


def _gold(span_ids: list[int]) -> dict[int, dict]:
    rows = Adjudication.objects.filter(span_id__in=span_ids).values(
        "span_id", "labels", "skip", "basis", "reviewer__username"
    )
    return {
        row["span_id"]: {
            "labels": row["labels"],
            "basis": row["basis"],
            "reviewer": row["reviewer__username"],
            "skip": row["skip"],
        }
        for row in rows
    }


def _predictions(span_ids: list[int]) -> dict[int, dict]:
    found = {}
    rows = Prediction.objects.filter(span_id__in=span_ids).order_by("created_at", "pk")
    for row in rows.values(
        "span_id",
        "labeller",
        "labeller_version",
        "labels",
        "confidence",
        "cue_start",
        "cue_end",
        "source_start",
        "source_end",
        "rationale",
    ):
        found[row["span_id"]] = {  # the newest labeller version wins
            "labeller": row["labeller"],
            "version": row["labeller_version"],
            "labels": row["labels"],
            "confidence": row["confidence"],
            "cue": _range(row["cue_start"], row["cue_end"]),
            "source": _range(row["source_start"], row["source_end"]),
            "rationale": row["rationale"],
        }
    return found
