"""The dataset as a stream of plain article records, for the export writers.

Articles are read with a server-side cursor and handled in chunks: each chunk costs
four queries (spans, annotations, adjudications, predictions) whatever its size, and
memory holds one chunk at a time, never the whole dataset.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet

from annotate.core.export.records import pseudonymise
from annotate.models import Adjudication, Annotation, Article, Prediction, Project, Span

CHUNK = 500


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
    rows = Span.objects.filter(article_id__in=ids).order_by("article_id", "order")
    for span in rows.values_list("pk", "article_id", "order", "start", "end", "kind"):
        spans[span[1]].append(span)
    annotations = _annotations(ids, filters)
    gold = _gold(ids)
    predictions = _predictions(ids)
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
                    "span_id": pk,
                    "order": order,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "kind": kind,
                    "gold": gold.get(pk),
                    "annotations": annotations.get(pk, []),
                    "prediction": predictions.get(pk),
                }
                for pk, _, order, start, end, kind in spans[article["pk"]]
            ],
        }


def _range(start, end) -> list[int] | None:
    return None if start is None else [start, end]


def _usernames(user_ids) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=set(user_ids))
    return dict(users.values_list("pk", "username"))


def _annotations(article_ids: list[int], filters: ExportFilters) -> dict[int, list[dict]]:
    # The hottest read of an export (three or more rows per span). Measured on 40,000
    # spans: the ORM's row handling made it 3x slower than this plain query, which
    # reads labels and times as text (no per-row JSON or timezone conversion) and runs
    # on SQLite and PostgreSQL alike; the few distinct label sets are decoded once.
    annotation, span = Annotation._meta.db_table, Span._meta.db_table
    marks = ", ".join(["%s"] * len(article_ids))
    query = (
        f"SELECT a.span_id, a.annotator_id, CAST(a.labels AS TEXT), a.skip, a.cue_start,"
        f" a.cue_end, a.source_start, a.source_end, a.note, CAST(a.updated_at AS TEXT)"
        f" FROM {annotation} a JOIN {span} s ON s.id = a.span_id"
        f" WHERE s.article_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, article_ids)
        rows = cursor.fetchall()
    names = _usernames(row[1] for row in rows)
    if filters.pseudonymise:
        names = {pk: pseudonymise(name, filters.salt) for pk, name in names.items()}
    found = defaultdict(list)
    label_sets: dict[str, list[str]] = {}
    for span_id, user_id, labels, skip, cue_s, cue_e, src_s, src_e, note, updated in rows:
        if labels not in label_sets:
            label_sets[labels] = json.loads(labels)
        found[span_id].append(
            {
                "annotator": names[user_id],
                "labels": label_sets[labels],
                "skip": skip,
                "cue": _range(cue_s, cue_e),
                "source": _range(src_s, src_e),
                "note": note,
                "updated_at": _iso_utc(updated),
            }
        )
    for entries in found.values():
        entries.sort(key=lambda entry: entry["annotator"])
    return found


def _iso_utc(stamp: str) -> str:
    """A stored UTC time as ISO 8601 ("2026-11-24T10:00:00.5+00:00") whichever database
    printed it ("2026-11-24 10:00:00.5+00" on PostgreSQL, no offset on SQLite)."""
    stamp = stamp.replace(" ", "T", 1)
    for offset in ("+00:00", "+00"):
        if stamp.endswith(offset):
            stamp = stamp[: -len(offset)]
            break
    return stamp + "+00:00"


def _gold(article_ids: list[int]) -> dict[int, dict]:
    rows = Adjudication.objects.filter(span__article_id__in=article_ids).values_list(
        "span_id", "labels", "skip", "basis", "reviewer__username"
    )
    return {
        span_id: {"labels": labels, "basis": basis, "reviewer": reviewer, "skip": skip}
        for span_id, labels, skip, basis, reviewer in rows
    }


def _predictions(article_ids: list[int]) -> dict[int, dict]:
    found = {}
    rows = Prediction.objects.filter(span__article_id__in=article_ids).order_by("created_at", "pk")
    for row in rows.values_list(
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
        span_id, labeller, version, labels, confidence, cue_s, cue_e, src_s, src_e, why = row
        found[span_id] = {  # the newest labeller version wins
            "labeller": labeller,
            "version": version,
            "labels": labels,
            "confidence": confidence,
            "cue": _range(cue_s, cue_e),
            "source": _range(src_s, src_e),
            "rationale": why,
        }
    return found
